public import Foundation

/// A response a handler returns: a status, headers (a name may repeat) and body bytes.
///
/// The server computes `Content-Length` itself and ignores one set here. A status outside
/// 200...999, or a header libmicrohttpd refuses (a name or value containing CR or LF), turns the
/// response into a 500 that names the problem.
public struct HTTPResponse: Sendable {
    /// The status code, such as 200.
    public var status: Int
    /// The response headers in order.
    public var headers: HTTPHeaders
    /// The body bytes.
    public var body: Data

    /// Creates a response.
    /// - Parameters:
    ///   - status: The status code.
    ///   - headers: The headers.
    ///   - body: The body bytes.
    public init(status: Int = 200, headers: HTTPHeaders = [:], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A response carrying JSON bytes as `application/json`.
    /// - Parameters:
    ///   - json: Serialized JSON.
    ///   - status: The status code.
    /// - Returns: The response.
    public static func json(_ json: Data, status: Int = 200) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: json)
    }

    /// A response carrying an `Encodable` value encoded as JSON.
    /// - Parameters:
    ///   - value: The value to encode.
    ///   - status: The status code.
    ///   - encoder: The encoder to use.
    /// - Returns: The response.
    /// - Throws: The encoder's error when the value cannot be encoded.
    public static func json(
        encoding value: some Encodable, status: Int = 200, encoder: JSONEncoder = JSONEncoder()
    ) throws -> HTTPResponse {
        json(try encoder.encode(value), status: status)
    }

    /// A response carrying UTF-8 text as `text/plain`.
    /// - Parameters:
    ///   - text: The text.
    ///   - status: The status code.
    /// - Returns: The response.
    public static func text(_ text: String, status: Int = 200) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "text/plain; charset=utf-8"], body: Data(text.utf8))
    }

    /// A response carrying an HTML document as `text/html`.
    /// - Parameters:
    ///   - html: The document.
    ///   - status: The status code.
    /// - Returns: The response.
    public static func html(_ html: String, status: Int = 200) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "text/html; charset=utf-8"], body: Data(html.utf8))
    }
}
