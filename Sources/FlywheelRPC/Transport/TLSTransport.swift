public import FlywheelNet
import Synchronization

/// Carries an RPC connection over a mutually authenticated TLS 1.3 connection.
final class TLSTransport: FrameTransport, TLSConnectionHandler {
    private let connection: TLSConnection
    private let rpc = Mutex<RPCConnection?>(nil)
    let peer: PeerInfo

    init(_ connection: TLSConnection) {
        self.connection = connection
        peer = PeerInfo(identity: connection.peer.service, address: "\(connection.remoteAddress)")
    }

    /// Binds the RPC connection and starts reading.
    func start(_ rpcConnection: RPCConnection) {
        rpc.withLock { $0 = rpcConnection }
        connection.start(handler: self)
    }

    func write(_ bytes: [UInt8]) {
        connection.write(bytes)
    }

    func close() {
        connection.close()
    }

    func received(_ bytes: UnsafeRawBufferPointer, on connection: TLSConnection) {
        rpc.withLock { $0 }?.receive(bytes)
    }

    func closed(_ connection: TLSConnection, error: NetError?) {
        let rpcConnection = rpc.withLock { state -> RPCConnection? in
            defer { state = nil }
            return state
        }
        rpcConnection?.transportClosed(error.map { "connection to \(peer) lost: \($0.message)" })
    }
}

extension RPCServer {
    /// Serves calls on an accepted TLS connection.
    public func serve(_ connection: TLSConnection) {
        let transport = TLSTransport(connection)
        transport.start(serve(transport))
    }
}

/// Opens RPC connections to mesh services over mutual TLS.
public struct TLSConnector: Sendable {
    /// This process's certificate, key and the mesh CA.
    public let context: TLSContext
    /// The loops that run the sockets.
    public let group: EventLoopGroup
    public var limits: RPCLimits
    public var connectTimeout: Duration

    public init(context: TLSContext, group: EventLoopGroup, limits: RPCLimits = RPCLimits(), connectTimeout: Duration = .seconds(5)) {
        self.context = context
        self.group = group
        self.limits = limits
        self.connectTimeout = connectTimeout
    }

    /// Connects to `address` (`host:port`) and checks that the server's certificate names `service`.
    package func connect(service: String, address: String) async throws -> RPCConnection {
        guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]) else {
            throw RPCError(.invalidArgument, "address '\(address)' is not host:port")
        }
        let host = String(address[..<colon])
        do {
            let tls = try await TLSConnection.connect(
                host: host, port: port, expectedService: service, tls: context, loop: group.next(), timeout: connectTimeout)
            let transport = TLSTransport(tls)
            let connection = RPCConnection(transport: transport, role: .client, limits: limits)
            transport.start(connection)
            return connection
        } catch let error as NetError {
            throw RPCError(.unavailable, "cannot connect to \(service) at \(address): \(error.message)", cause: error)
        }
    }

    /// A channel to one server at a fixed address.
    public func channel(service: String, address: String) -> ConnectionChannel {
        ConnectionChannel { try await connect(service: service, address: address) }
    }

    /// A channel that balances across the endpoints `resolver` names.
    public func balancedChannel(service: String, resolver: any EndpointResolver) -> BalancedChannel {
        BalancedChannel(service: service, resolver: resolver) { endpoint in
            try await connect(service: service, address: endpoint.address)
        }
    }
}
