import COpenSSL
import Foundation

/// The random halves of a credential and the digest that stands in for the secret at rest.
enum CredentialSecret {
    /// Bytes of randomness in a secret (256 bits).
    static let secretByteCount = 32
    /// Bytes of randomness in a public key.
    static let keyByteCount = 12

    /// A new public key, base64url without padding.
    static func newKey() -> String {
        base64URL(randomBytes(keyByteCount))
    }

    /// A new secret, base64url without padding.
    static func newSecret() -> String {
        base64URL(randomBytes(secretByteCount))
    }

    /// The SHA-256 digest of a secret's UTF-8 bytes; only this is stored.
    static func digest(_ secret: String) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        let bytes = Array(secret.utf8)
        bytes.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { digest in
                _ = SHA256(input.baseAddress, input.count, digest.baseAddress)
            }
        }
        return output
    }

    /// Compares two digests in time independent of where they differ.
    static func digestsMatch(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count, !lhs.isEmpty else {
            return false
        }
        return lhs.withUnsafeBytes { left in
            rhs.withUnsafeBytes { right in
                CRYPTO_memcmp(left.baseAddress, right.baseAddress, left.count) == 0
            }
        }
    }

    /// Bytes from the system's cryptographic random source.
    private static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
