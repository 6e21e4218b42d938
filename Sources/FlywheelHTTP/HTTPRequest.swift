public import Foundation

/// A complete HTTP request as a handler sees it: the body has been received in full.
public struct HTTPRequest: Sendable {
    /// The request method.
    public var method: HTTPMethod
    /// The percent-decoded path, without the query (`/a%20b?x=1` gives `/a b`).
    public var path: String
    /// The query exactly as sent, without the `?`; empty when there is none.
    public var rawQuery: String
    /// The decoded query items in order, repeated names kept.
    public var queryItems: [HTTPQueryItem]
    /// The request headers, with case-insensitive look-up.
    public var headers: HTTPHeaders
    /// The body bytes exactly as received (form-encoded bodies too).
    public var body: Data
    /// The client's address, when the connection reports one.
    public var remoteAddress: HTTPRemoteAddress?
    /// The protocol version token, such as `HTTP/1.1`.
    public var version: String

    /// Creates a request; the server builds these, tests of handlers may too.
    /// - Parameters:
    ///   - method: The method.
    ///   - path: The decoded path.
    ///   - rawQuery: The undecoded query, without `?`; its items are parsed from it.
    ///   - headers: The headers.
    ///   - body: The body bytes.
    ///   - remoteAddress: The client's address.
    ///   - version: The protocol version token.
    public init(
        method: HTTPMethod, path: String, rawQuery: String = "", headers: HTTPHeaders = [:], body: Data = Data(),
        remoteAddress: HTTPRemoteAddress? = nil, version: String = "HTTP/1.1"
    ) {
        self.method = method
        self.path = path
        self.rawQuery = rawQuery
        self.queryItems = rawQuery.isEmpty ? [] : URLEncodedForm.parse(rawQuery)
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
        self.version = version
    }

    /// The first value of a query item.
    /// - Parameter name: The decoded item name, compared exactly.
    /// - Returns: Its value, or `nil` when absent.
    public func queryValue(_ name: String) -> String? {
        queryItems.first { $0.name == name }?.value
    }

    /// Every value of a repeated query item, in order.
    /// - Parameter name: The decoded item name, compared exactly.
    /// - Returns: The values, empty when absent.
    public func queryValues(_ name: String) -> [String] {
        queryItems.filter { $0.name == name }.map(\.value)
    }

    /// Whether the body is declared as `application/x-www-form-urlencoded`.
    public var hasFormBody: Bool {
        guard let type = headers["Content-Type"] else {
            return false
        }
        let mediaType = type.split(separator: ";", maxSplits: 1).first ?? ""
        return mediaType.trimmingCharacters(in: .whitespaces).lowercased() == "application/x-www-form-urlencoded"
    }

    /// Parses the body as form fields, whatever its declared type.
    /// - Returns: The decoded fields in order.
    public func formFields() -> [HTTPQueryItem] {
        URLEncodedForm.parse(body)
    }
}
