/// Where a service finds its mesh certificate, its private key, and the CA it trusts.
public struct TLSConfiguration: Sendable, Hashable {
    /// PEM file holding the service's certificate, optionally followed by intermediates.
    public var certificateChainPath: String
    /// PEM file holding the private key of that certificate.
    public var privateKeyPath: String
    /// PEM file holding the CA certificates that peers' certificates must chain to.
    public var trustedCAPath: String

    /// Creates a configuration from three file paths.
    /// - Parameters:
    ///   - certificateChainPath: the service's certificate chain (PEM).
    ///   - privateKeyPath: the matching private key (PEM).
    ///   - trustedCAPath: the mesh CA certificates (PEM).
    public init(certificateChainPath: String, privateKeyPath: String, trustedCAPath: String) {
        self.certificateChainPath = certificateChainPath
        self.privateKeyPath = privateKeyPath
        self.trustedCAPath = trustedCAPath
    }

    /// The files `ops/certs/generate-certs.sh` writes for `service` into `directory`:
    /// `<service>.pem`, `<service>.key` and `ca.pem`.
    /// - Parameters:
    ///   - directory: the script's OUT_DIR.
    ///   - service: the service name (the certificate's CN).
    /// - Returns: the configuration naming those three files.
    public static func mesh(directory: String, service: String) -> TLSConfiguration {
        TLSConfiguration(
            certificateChainPath: "\(directory)/\(service).pem",
            privateKeyPath: "\(directory)/\(service).key",
            trustedCAPath: "\(directory)/ca.pem")
    }

    /// Loads the files into a context that listeners and connections share.
    /// - Throws: `NetError` with code `.tlsConfiguration` naming the file and the reason.
    public func makeContext() throws(NetError) -> TLSContext {
        try TLSContext(self)
    }
}
