import COpenSSL
import Glibc

/// The reasons on this thread's OpenSSL error queue, oldest first, and clears it.
func drainOpenSSLErrors() -> [String] {
    var reasons: [String] = []
    while true {
        let code = ERR_get_error()
        guard code != 0 else { break }
        if let text = ERR_reason_error_string(code) {
            reasons.append(String(cString: text))
        } else {
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            reasons.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
    }
    return reasons
}

/// The reasons on the error queue joined into one phrase, or `fallback` when the queue is empty.
func openSSLErrorText(or fallback: String) -> String {
    let reasons = drainOpenSSLErrors()
    return reasons.isEmpty ? fallback : reasons.joined(separator: "; ")
}
