/// Who is on the other end of a connection, as its certificate (or the in-process link) says.
public struct PeerInfo: Sendable, Hashable, CustomStringConvertible {
    /// The peer's service name, from its verified certificate (`gateway`, `ingest`, `cli`, ...).
    public var identity: String
    /// The peer's address, `127.0.0.1:51234`, or `in-process`.
    public var address: String

    public init(identity: String, address: String) {
        self.identity = identity
        self.address = address
    }

    public var description: String { "\(identity)@\(address)" }
}

/// The ordered, reliable byte pipe under an RPC connection: a TLS socket or an in-process link.
///
/// The transport delivers what it reads by calling `RPCConnection.receive(_:)` and, once,
/// `RPCConnection.transportClosed(_:)`, both from a single thread of its own.
package protocol FrameTransport: AnyObject, Sendable {
    /// Queues bytes for sending; callable from any thread, never blocks.
    func write(_ bytes: [UInt8])
    /// Sends what is queued, then closes.
    func close()
    /// The verified peer.
    var peer: PeerInfo { get }
}

/// Size limits and flow-control settings of a connection.
public struct RPCLimits: Sendable {
    /// The largest message either side may send; larger ones fail with RESOURCE_EXHAUSTED.
    public var maxMessageBytes: Int
    /// Bytes each stream may send before the receiver grants more.
    public var initialWindowBytes: Int
    /// Calls a client may have open on one connection at once.
    public var maxConcurrentStreams: Int

    public init(maxMessageBytes: Int = 4 * 1024 * 1024, initialWindowBytes: Int = 1024 * 1024, maxConcurrentStreams: Int = 1024) {
        self.maxMessageBytes = maxMessageBytes
        self.initialWindowBytes = initialWindowBytes
        self.maxConcurrentStreams = maxConcurrentStreams
    }
}
