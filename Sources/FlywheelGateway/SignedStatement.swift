import COpenSSL
import FlywheelXAPI
import Foundation

/// Verifies a signed statement: its signature attachment holds a JWS in compact serialization whose payload
/// is the statement as signed, signed with RS256, RS384 or RS512 by the key of the X.509 certificate in the
/// header's `x5c` (when the header carries one).
enum SignedStatement {
    /// The JWS algorithms accepted and their digests.
    static let algorithms = ["RS256", "RS384", "RS512"]

    /// Checks one signature attachment of a statement.
    /// - Parameters:
    ///   - statement: The statement as received, its signature attachment included.
    ///   - signature: The attachment part holding the JWS.
    ///   - path: The attachment's JSON path, for messages.
    /// - Throws: `XAPIError` (400, rule `signature`) naming what is wrong: not a compact JWS, an unaccepted
    ///   algorithm, an unreadable certificate, a signature that does not verify, or a payload that is not
    ///   the statement.
    static func verify(_ statement: JSONValue, signature: AttachmentPart, path: String) throws(XAPIError) {
        guard signature.contentType.lowercased().hasPrefix("application/octet-stream") else {
            throw failure(path, "travels as \(signature.contentType); a JWS signature is application/octet-stream")
        }
        let text = String(decoding: signature.content, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let segments = text.split(separator: ".", omittingEmptySubsequences: false)
        guard segments.count == 3, let headerBytes = base64URL(segments[0]), let payloadBytes = base64URL(segments[1]),
            let signatureBytes = base64URL(segments[2]), !signatureBytes.isEmpty
        else {
            throw failure(path, "is not a JWS in compact serialization (three base64url segments)")
        }
        guard let header = try? JSONValue.parse(headerBytes), header.objectValue != nil else {
            throw failure(path, "has a JWS header that is not a JSON object")
        }
        guard let algorithm = header["alg"]?.stringValue, algorithms.contains(algorithm) else {
            let named = header["alg"]?.stringValue ?? "none"
            throw failure(path, "uses JWS algorithm \(named); accepted: \(algorithms.joined(separator: ", "))")
        }
        if let chain = header["x5c"] {
            guard let first = chain.arrayValue?.first?.stringValue, let der = Data(base64Encoded: first) else {
                throw failure(path, "has an x5c header that is not an array of base64 certificates")
            }
            let signingInput = Data("\(segments[0]).\(segments[1])".utf8)
            try verifyRSA(
                signingInput, signature: signatureBytes, certificate: der, algorithm: algorithm, path: path)
        }
        guard let payload = try? JSONValue.parse(payloadBytes) else {
            throw failure(path, "has a JWS payload that is not JSON")
        }
        guard StatementEquivalence.areEquivalent(unsigned(statement, like: payload), unsigned(payload, like: payload))
        else {
            throw failure(path, "has a JWS payload that differs from the statement it signs")
        }
    }

    /// The statement without its signature attachments (and without `attachments` when none remain), and
    /// without `id` when the signed payload has none (the LRS may have assigned it).
    private static func unsigned(_ statement: JSONValue, like payload: JSONValue) -> JSONValue {
        guard case .object(var object) = statement else {
            return statement
        }
        if let attachments = object["attachments"]?.arrayValue {
            let kept = attachments.filter { $0["usageType"]?.stringValue != XAPIGateway.signatureUsageType }
            object["attachments"] = kept.isEmpty ? nil : .array(kept)
        }
        if payload["id"] == nil {
            object["id"] = nil
        }
        return .object(object)
    }

    private static func verifyRSA(
        _ input: Data, signature: Data, certificate: Data, algorithm: String, path: String
    ) throws(XAPIError) {
        let der = [UInt8](certificate)
        let parsed: OpaquePointer? = der.withUnsafeBufferPointer { buffer in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            return d2i_X509(nil, &cursor, buffer.count)
        }
        guard let x509 = parsed else {
            throw failure(path, "has an x5c certificate that is not DER X.509")
        }
        defer { X509_free(x509) }
        guard let key = X509_get0_pubkey(x509), EVP_PKEY_get_base_id(key) == NID_rsaEncryption else {
            throw failure(path, "has an x5c certificate whose key is not RSA, as \(algorithm) needs")
        }
        guard let context = EVP_MD_CTX_new() else {
            throw XAPIError(status: 500, "OpenSSL could not allocate a digest context")
        }
        defer { EVP_MD_CTX_free(context) }
        let digest = algorithm == "RS512" ? EVP_sha512() : algorithm == "RS384" ? EVP_sha384() : EVP_sha256()
        guard EVP_DigestVerifyInit(context, nil, digest, nil, key) == 1 else {
            ERR_clear_error()
            throw failure(path, "could not be checked: OpenSSL refused the certificate's key for \(algorithm)")
        }
        let message = [UInt8](input)
        let bytes = [UInt8](signature)
        let verified = bytes.withUnsafeBufferPointer { signed in
            message.withUnsafeBufferPointer { data in
                EVP_DigestVerify(context, signed.baseAddress, signed.count, data.baseAddress, data.count)
            }
        }
        ERR_clear_error()
        guard verified == 1 else {
            throw failure(path, "has a JWS signature that does not verify with the x5c certificate's key")
        }
    }

    /// Decodes base64url without padding.
    static func base64URL(_ text: Substring) -> Data? {
        var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while standard.count % 4 != 0 {
            standard += "="
        }
        return Data(base64Encoded: standard)
    }

    private static func failure(_ path: String, _ problem: String) -> XAPIError {
        XAPIError(status: 400, "the signature \(path) \(problem)", rule: "signature", path: path)
    }
}
