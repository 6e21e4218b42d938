public import FlywheelXAPI
public import Foundation

/// Where and how to send statements: an LRS's xAPI base URL, Basic credentials and the version header.
public struct LRSEndpoint: Sendable {
    /// The xAPI base URL; statements go to `<base>/statements`.
    public let baseURL: URL
    /// The Basic authentication key (user name).
    public let key: String
    /// The Basic authentication secret (password).
    public let secret: String
    /// The value of `X-Experience-API-Version`.
    public let version: XAPIVersion

    /// Creates an endpoint.
    /// - Parameters:
    ///   - base: The xAPI base URL text, e.g. `https://lrs.example/xapi`.
    ///   - key: The Basic key.
    ///   - secret: The Basic secret.
    ///   - version: The xAPI version of the statements.
    /// - Throws: `SimulationError` with code `.invalidOption` when the URL is not http or https.
    public init(base: String, key: String, secret: String, version: XAPIVersion) throws(SimulationError) {
        guard let url = URL(string: base), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            url.host != nil
        else {
            throw SimulationError(code: .invalidOption, message: "--to \"\(base)\" is not an http(s) URL")
        }
        baseURL = url
        self.key = key
        self.secret = secret
        self.version = version
    }

    /// `<base>/statements`.
    public var statementsURL: URL {
        let text = baseURL.absoluteString
        return URL(string: (text.hasSuffix("/") ? String(text.dropLast()) : text) + "/statements")!
    }

    /// The `Authorization` header value.
    public var authorization: String {
        "Basic " + Data("\(key):\(secret)".utf8).base64EncodedString()
    }
}
