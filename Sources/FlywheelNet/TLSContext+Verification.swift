import COpenSSL

extension TLSContext {
    /// Makes a server-side SSL object: requires a client certificate and checks its CN against its SAN.
    func makeServerSession(descriptor: Int32) -> OpaquePointer? {
        guard let ssl = SSL_new(context) else { return nil }
        SSL_set_verify(ssl, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, verifyMeshIdentity)
        guard SSL_set_fd(ssl, descriptor) == 1 else {
            SSL_free(ssl)
            return nil
        }
        SSL_set_accept_state(ssl)
        return ssl
    }

    /// Makes a client-side SSL object that accepts only a server whose SAN is `<service>.mesh.flywheel`.
    func makeClientSession(descriptor: Int32, expectedService: String) -> OpaquePointer? {
        guard let ssl = SSL_new(context) else { return nil }
        let dnsName = PeerIdentity.dnsName(of: expectedService)
        SSL_set_verify(ssl, SSL_VERIFY_PEER, verifyMeshIdentity)
        SSL_set_hostflags(ssl, UInt32(X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS))
        guard SSL_set1_host(ssl, dnsName) == 1, flywheel_SSL_set_tlsext_host_name(ssl, dnsName) == 1,
            SSL_set_fd(ssl, descriptor) == 1
        else {
            SSL_free(ssl)
            return nil
        }
        SSL_set_connect_state(ssl)
        return ssl
    }
}

/// OpenSSL's per-certificate verify callback: after OpenSSL's own checks pass for the leaf, it also
/// requires the leaf's CN to match its SAN DNS name, so the CN can serve as the peer's identity.
private let verifyMeshIdentity: @convention(c) (Int32, OpaquePointer?) -> Int32 = { preverified, store in
    guard preverified == 1, let store else { return preverified }
    guard X509_STORE_CTX_get_error_depth(store) == 0 else { return 1 }
    guard let certificate = X509_STORE_CTX_get_current_cert(store), let name = commonName(of: certificate),
        X509_check_host(certificate, PeerIdentity.dnsName(of: name), 0, 0, nil) == 1
    else {
        X509_STORE_CTX_set_error(store, X509_V_ERR_APPLICATION_VERIFICATION)
        return 0
    }
    return 1
}

/// What a failed certificate check means, for the side that performed it.
/// - Parameters:
///   - result: SSL_get_verify_result's value (not X509_V_OK).
///   - whose: "client" or "server".
///   - expectedName: the SAN a client expected, for hostname mismatches.
func verifyFailureText(_ result: Int, whose: String, expectedName: String?) -> String {
    let text: String
    switch Int32(result) {
    case X509_V_ERR_APPLICATION_VERIFICATION:
        text = "certificate CN does not match its SAN DNS name <CN>.mesh.flywheel"
    case X509_V_ERR_HOSTNAME_MISMATCH:
        text = "hostname mismatch (expected \(expectedName ?? "another name"))"
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY, X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT,
        X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
        text = "\(String(cString: X509_verify_cert_error_string(result))) (not issued by the trusted mesh CA)"
    default:
        text = String(cString: X509_verify_cert_error_string(result))
    }
    return "\(whose) certificate verify failed: \(text)"
}
