import Dispatch
import Synchronization

/// One end of an in-memory link between a client and a server connection in the same process.
///
/// Bytes written on one end are delivered, in order, to the other end's connection on a serial queue,
/// so service tests run the real framing and multiplexing without sockets or certificates.
final class InProcessTransport: FrameTransport {
    private let queue: DispatchQueue
    private let remote: Mutex<(transport: InProcessTransport?, connection: RPCConnection?)> = Mutex((nil, nil))
    private let closed = Mutex(false)
    let peer: PeerInfo

    init(peer: PeerInfo, label: String) {
        self.peer = peer
        queue = DispatchQueue(label: label)
    }

    /// Links two ends: bytes written to `a` reach `connectionB`, and the reverse.
    static func link(_ a: InProcessTransport, to connectionB: RPCConnection, _ b: InProcessTransport, to connectionA: RPCConnection) {
        a.remote.withLock { $0 = (b, connectionB) }
        b.remote.withLock { $0 = (a, connectionA) }
    }

    func write(_ bytes: [UInt8]) {
        guard !closed.withLock({ $0 }), let connection = remote.withLock({ $0.connection }) else { return }
        queue.async {
            bytes.withUnsafeBytes { connection.receive($0) }
        }
    }

    func close() {
        let wasOpen = closed.withLock { closed -> Bool in
            defer { closed = true }
            return !closed
        }
        guard wasOpen else { return }
        let (transport, connection) = remote.withLock { $0 }
        queue.async {
            transport?.closeFromPeer()
            connection?.transportClosed(nil)
        }
    }

    private func closeFromPeer() {
        closed.withLock { $0 = true }
    }
}

extension RPCServer {
    /// A channel to this server that needs no sockets: calls arrive as if from `identity`.
    public func inProcessChannel(identity: String, limits: RPCLimits = RPCLimits()) -> ConnectionChannel {
        ConnectionChannel { self.connectInProcess(identity: identity, limits: limits) }
    }

    /// A new in-process client connection to this server.
    package func connectInProcess(identity: String, limits: RPCLimits = RPCLimits()) -> RPCConnection {
        let clientEnd = InProcessTransport(peer: PeerInfo(identity: "server", address: "in-process"), label: "flywheel.rpc.in-process.client")
        let serverEnd = InProcessTransport(peer: PeerInfo(identity: identity, address: "in-process"), label: "flywheel.rpc.in-process.server")
        let client = RPCConnection(transport: clientEnd, role: .client, limits: limits)
        let server = serve(serverEnd)
        InProcessTransport.link(clientEnd, to: server, serverEnd, to: client)
        return client
    }
}
