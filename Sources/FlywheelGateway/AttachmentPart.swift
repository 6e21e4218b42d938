import COpenSSL
import Foundation

/// The content of one attachment as a multipart/mixed statement request carries it, its hash checked.
struct AttachmentPart: Sendable {
    /// The lower-case hex SHA-256 of the content.
    let sha2: String
    /// The part's Content-Type.
    let contentType: String
    /// The content.
    let content: Data

    /// The lower-case hex SHA-256 of some bytes.
    static func sha256Hex(_ bytes: Data) -> String {
        var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        let input = [UInt8](bytes)
        input.withUnsafeBufferPointer { source in
            digest.withUnsafeMutableBufferPointer { output in
                _ = SHA256(source.baseAddress, source.count, output.baseAddress)
            }
        }
        return digest.map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
    }
}
