import COpenSSL
import Glibc

/// Loaded mesh credentials: one OpenSSL context, shared by every listener and connection that uses it.
///
/// The context allows TLS 1.3 only (minimum and maximum), no compression and no renegotiation. Whether
/// a socket acts as server or client is chosen per connection: servers require and verify a client
/// certificate, clients verify the server's chain and its SAN. On both sides the peer certificate's CN
/// must match its SAN `<CN>.mesh.flywheel`, which is how `PeerIdentity` is trusted.
public final class TLSContext: Sendable {
    /// The files this context was loaded from.
    public let configuration: TLSConfiguration
    /// The service this context's own certificate names (its CN).
    public let localService: String

    /// The SSL_CTX; OpenSSL allows sharing it across threads once it is set up, and it is never changed.
    nonisolated(unsafe) let context: OpaquePointer

    /// Loads the certificate chain, private key and trusted CAs.
    /// - Parameter configuration: the three PEM files.
    /// - Throws: `NetError` with code `.tlsConfiguration` and a message such as
    ///   "ops/x.pem: no certificate found" or "ops/x.key: private key does not match ops/x.pem".
    public init(_ configuration: TLSConfiguration) throws(NetError) {
        self.configuration = configuration
        guard let context = SSL_CTX_new(TLS_method()) else {
            throw NetError(.tlsConfiguration, "SSL_CTX_new: \(openSSLErrorText(or: "out of memory"))")
        }
        do {
            try Self.configure(context, configuration)
            localService = try Self.localService(of: context, configuration)
        } catch {
            SSL_CTX_free(context)
            throw error
        }
        self.context = context
    }

    deinit {
        SSL_CTX_free(context)
    }

    private static func configure(_ context: OpaquePointer, _ configuration: TLSConfiguration) throws(NetError) {
        ERR_clear_error()
        guard flywheel_SSL_CTX_set_min_proto_version(context, TLS1_3_VERSION) == 1,
            flywheel_SSL_CTX_set_max_proto_version(context, TLS1_3_VERSION) == 1
        else {
            throw NetError(.tlsConfiguration, "cannot restrict to TLS 1.3: \(openSSLErrorText(or: "unknown"))")
        }
        _ = flywheel_SSL_CTX_set_options(
            context, flywheel_SSL_OP_NO_COMPRESSION() | flywheel_SSL_OP_NO_RENEGOTIATION())
        _ = flywheel_SSL_CTX_set_mode(
            context,
            flywheel_SSL_MODE_ENABLE_PARTIAL_WRITE() | flywheel_SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER())
        // Sessions are never resumed. The server still sends one ticket after it has accepted the
        // client's certificate: in TLS 1.3 that is the client's only sign it was accepted.
        _ = flywheel_SSL_CTX_set_session_cache_mode(context, Int(SSL_SESS_CACHE_OFF))
        _ = SSL_CTX_set_num_tickets(context, 1)

        let certificate = configuration.certificateChainPath
        try requireReadable(certificate)
        guard SSL_CTX_use_certificate_chain_file(context, certificate) == 1 else {
            throw NetError(.tlsConfiguration, "\(certificate): \(pemProblem(what: "certificate"))")
        }
        let key = configuration.privateKeyPath
        try requireReadable(key)
        guard SSL_CTX_use_PrivateKey_file(context, key, SSL_FILETYPE_PEM) == 1, SSL_CTX_check_private_key(context) == 1
        else {
            let problem = pemProblem(what: "private key")
            if problem.contains("key values mismatch") || problem == "cannot load private key" {
                throw NetError(.tlsConfiguration, "\(key): private key does not match \(certificate)")
            }
            throw NetError(.tlsConfiguration, "\(key): \(problem)")
        }
        guard SSL_CTX_check_private_key(context) == 1 else {
            ERR_clear_error()
            throw NetError(.tlsConfiguration, "\(key): private key does not match \(certificate)")
        }
        let authority = configuration.trustedCAPath
        try requireReadable(authority)
        guard SSL_CTX_load_verify_locations(context, authority, nil) == 1 else {
            throw NetError(.tlsConfiguration, "\(authority): \(pemProblem(what: "CA certificate"))")
        }
        if let names = SSL_load_client_CA_file(authority) {
            SSL_CTX_set_client_CA_list(context, names)
        }
        ERR_clear_error()
    }

    private static func requireReadable(_ path: String) throws(NetError) {
        guard access(path, R_OK) == 0 else {
            throw NetError(.tlsConfiguration, "\(path): cannot read: \(errnoText(errno))")
        }
    }

    /// Turns OpenSSL's PEM complaints into what an operator needs to hear.
    private static func pemProblem(what: String) -> String {
        let reasons = drainOpenSSLErrors()
        if reasons.contains(where: { $0.contains("no start line") || $0.contains("no certificate or crl found") }) {
            return "no \(what) found"
        }
        return reasons.isEmpty ? "cannot load \(what)" : "cannot load \(what): \(reasons.joined(separator: "; "))"
    }

    private static func localService(of context: OpaquePointer, _ configuration: TLSConfiguration)
        throws(NetError) -> String
    {
        guard let certificate = SSL_CTX_get0_certificate(context), let name = commonName(of: certificate) else {
            throw NetError(.tlsConfiguration, "\(configuration.certificateChainPath): certificate has no CN")
        }
        return name
    }
}

/// The CN of a certificate's subject, if it has exactly one readable CN.
func commonName(of certificate: OpaquePointer) -> String? {
    guard let subject = X509_get_subject_name(certificate) else { return nil }
    var buffer = [CChar](repeating: 0, count: 256)
    let length = X509_NAME_get_text_by_NID(subject, NID_commonName, &buffer, Int32(buffer.count))
    guard length > 0, length < Int32(buffer.count) - 1 else { return nil }
    return String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
