/// The network address of the client at the other end of a connection.
public struct HTTPRemoteAddress: Sendable, Hashable, CustomStringConvertible {
    /// The numeric host, such as `127.0.0.1` or `::1`.
    public var host: String
    /// The client's port.
    public var port: UInt16

    /// Creates an address.
    /// - Parameters:
    ///   - host: The numeric host.
    ///   - port: The port.
    public init(host: String, port: UInt16) {
        self.host = host
        self.port = port
    }

    /// The address as `host:port`, with IPv6 hosts in brackets.
    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
