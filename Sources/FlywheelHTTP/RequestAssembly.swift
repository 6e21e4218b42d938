import Foundation

/// The request a connection is receiving, built up across the access handler's calls.
///
/// - Note: Used only on the libmicrohttpd thread that owns the connection; never shared.
final class RequestAssembly {
    /// Where reception stands.
    enum Phase {
        /// Nothing seen but the request line; moves to `receivingBody` or, when refused early, `refused`.
        case awaitingHeaders
        /// Headers read, body bytes arriving; moves to `overflowing` or `dispatched`.
        case receivingBody
        /// The body passed the limit; further bytes are counted and dropped; answered with 413.
        case overflowing
        /// The handler has the request; its answer arrives through the exchange.
        case dispatched(PendingExchange)
        /// A response was queued without calling the handler.
        case refused
    }

    /// The request target exactly as sent: path and query, still percent-encoded.
    let rawTarget: String
    var phase = Phase.awaitingHeaders
    var method = HTTPMethod.get
    var version = "HTTP/1.1"
    var headers = HTTPHeaders()
    var body = Data()
    /// Body bytes seen, kept or not.
    var receivedBytes = 0

    init(rawTarget: String) {
        self.rawTarget = rawTarget
    }

    /// The decoded path and raw query of the target; an absolute-form target loses its scheme and host.
    var pathAndQuery: (path: String, rawQuery: String) {
        var target = Substring(rawTarget)
        if target.first != "/", let schemeEnd = target.range(of: "://") {
            let authorityAndPath = target[schemeEnd.upperBound...]
            target = authorityAndPath.firstIndex(of: "/").map { authorityAndPath[$0...] } ?? "/"
        }
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        var rawPath = String(parts.first ?? "")
        let path = rawPath.withUTF8 { PercentDecoding.decode($0[...], plusIsSpace: false) }
        let rawQuery = parts.count > 1 ? String(parts[1]) : ""
        return (path.isEmpty ? "/" : path, rawQuery)
    }
}
