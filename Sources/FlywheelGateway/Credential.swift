public import FlywheelContracts

/// A credential the gateway accepts over HTTP Basic: a public key, a name, scopes; never the secret itself.
public struct Credential: Sendable, Equatable {
    /// The public half, sent as the Basic user name.
    public let key: String
    /// A label chosen by the operator.
    public let name: String
    /// What the credential may do.
    public let scopes: [CredentialScope]
    /// When it was created, microseconds since 1970.
    public let createdMicros: Int64
    /// Whether it was revoked; a revoked credential authenticates nothing.
    public let revoked: Bool

    /// Creates a credential description.
    /// - Parameters:
    ///   - key: The public key.
    ///   - name: The label.
    ///   - scopes: The scopes.
    ///   - createdMicros: Creation time.
    ///   - revoked: Whether it is revoked.
    public init(key: String, name: String, scopes: [CredentialScope], createdMicros: Int64, revoked: Bool) {
        self.key = key
        self.name = name
        self.scopes = scopes
        self.createdMicros = createdMicros
        self.revoked = revoked
    }

    /// The credential as the Credentials RPC service returns it.
    public var message: GatewayV1.Credential {
        GatewayV1.Credential(
            key: key, name: name, scopes: scopes.map(\.rawValue), createdMicros: createdMicros, revoked: revoked)
    }
}
