/// Who is on the other end of a mutually authenticated connection, as its certificate proves.
public struct PeerIdentity: Sendable, Hashable, CustomStringConvertible {
    /// The peer's service name: its certificate's CN, which the handshake checked against the SAN.
    public let service: String

    /// Creates an identity for a service name.
    /// - Parameter service: the service name, e.g. "ledger".
    public init(service: String) {
        self.service = service
    }

    /// The DNS name the certificate's SAN carries: `<service>.mesh.flywheel`.
    public var dnsName: String { Self.dnsName(of: service) }

    public var description: String { service }

    /// The mesh DNS name of a service.
    static func dnsName(of service: String) -> String {
        "\(service).mesh.flywheel"
    }
}
