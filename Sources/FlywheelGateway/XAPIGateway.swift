public import FlywheelContracts
public import FlywheelHTTP
import FlywheelRPC
import FlywheelXAPI
import Foundation
import Synchronization

/// The xAPI Statements API over HTTP: routes, authenticates and validates each request, and stores and
/// reads statements through the ingest service's RPCs. It keeps no state but the credentials.
///
/// Every response carries `X-Experience-API-Version` and the CORS headers; every response of the
/// Statements resource also carries `X-Experience-API-Consistent-Through`.
public final class XAPIGateway: Sendable {
    /// The versions `/about` reports.
    static let aboutVersions = ["1.0.3", "2.0.0"]
    /// The challenge a 401 carries.
    static let challenge = "Basic realm=\"Flywheel xAPI\", charset=\"UTF-8\""

    /// The configuration the gateway was created with.
    public let configuration: Configuration
    let ingest: IngestV1.Ingest.Client
    let credentials: CredentialStore
    /// The latest consistent-through time the ingest service reported, microseconds since 1970.
    private let consistentThrough = Mutex<Int64>(0)

    /// Creates a gateway.
    /// - Parameters:
    ///   - configuration: Base path, authority home page and limits.
    ///   - ingest: The ingest service's client.
    ///   - credentials: The credential store requests are checked against.
    public init(configuration: Configuration = Configuration(), ingest: IngestV1.Ingest.Client,
                credentials: CredentialStore) {
        self.configuration = configuration
        self.ingest = ingest
        self.credentials = credentials
    }

    /// Answers one HTTP request; suitable as an `HTTPServer.Handler`.
    /// - Parameter request: The request.
    /// - Returns: The response, errors included (they carry a JSON body naming what broke).
    public func handle(_ request: HTTPRequest) async -> HTTPResponse {
        var version: XAPIVersion?
        var isStatements = false
        var response: HTTPResponse
        do {
            guard let routed = try XAPIRequest.route(request, basePath: configuration.basePath) else {
                throw XAPIError(
                    status: 404, "no xAPI resource at \(request.path) (the base path is \(configuration.basePath))")
            }
            isStatements = routed.resource == "statements"
            if routed.method == .options && !routed.usesAlternateSyntax {
                response = CORSPolicy.preflight(origin: request.headers["Origin"])
            } else if routed.resource == "about" {
                response = try about(routed)
            } else if isStatements {
                let requestVersion = try Self.version(of: routed)
                version = requestVersion
                let credential = try authenticate(routed)
                response = try await statements(routed, version: requestVersion, credential: credential)
            } else if Self.documentResourcePaths.contains(routed.resource) {
                let requestVersion = try Self.version(of: routed)
                version = requestVersion
                let credential = try authenticate(routed)
                response = try await documentResources(routed, version: requestVersion, credential: credential)
            } else {
                throw XAPIError(status: 404, "this LRS does not serve the resource \"\(routed.resource)\"")
            }
        } catch {
            response = Self.errorResponse(error)
        }
        response.headers.set(name: "X-Experience-API-Version", value: version?.reportedHeader ?? "2.0.0")
        if isStatements {
            response.headers.set(
                name: "X-Experience-API-Consistent-Through", value: HTTPDate.iso8601(micros: consistentThroughMicros))
        }
        CORSPolicy.decorate(&response, origin: request.headers["Origin"])
        return response
    }

    /// The latest consistent-through time known; the current time until ingest has reported one.
    var consistentThroughMicros: Int64 {
        let known = consistentThrough.withLock { $0 }
        return known > 0 ? known : HTTPDate.nowMicros()
    }

    /// Remembers a consistent-through time the ingest service reported.
    func noteConsistentThrough(_ micros: Int64) {
        consistentThrough.withLock { $0 = max($0, micros) }
    }

    private func about(_ request: XAPIRequest) throws(XAPIError) -> HTTPResponse {
        guard request.method == .get || request.method == .head else {
            throw XAPIError(status: 405, "the about resource answers GET only, not \(request.method)")
        }
        // A client that announces 1.0.x gets only the 1.0.x versions: 1.0-era clients (TinCanPython among
        // them) refuse an About object that lists a version they do not know.
        let announced = request.headers["X-Experience-API-Version"] ?? ""
        let versions = announced.hasPrefix("1.") ? Self.aboutVersions.filter { $0.hasPrefix("1.") } : Self.aboutVersions
        let body: JSONValue = ["version": .array(versions.map { .string($0) })]
        return .json(Data(body.serialized()))
    }

    private static func version(of request: XAPIRequest) throws(XAPIError) -> XAPIVersion {
        let version: XAPIVersion
        do {
            version = try XAPIVersion(header: request.headers["X-Experience-API-Version"])
        } catch {
            throw XAPIError(status: 400, error.message, rule: "version", path: "X-Experience-API-Version")
        }
        if request.usesAlternateSyntax && version.isVersion2 {
            throw .badRequest("xAPI 2.0 has no alternate request syntax: send the method and headers as usual")
        }
        return version
    }

    private func authenticate(_ request: XAPIRequest) throws(XAPIError) -> Credential {
        guard let header = request.headers["Authorization"] else {
            throw XAPIError(status: 401, "this resource needs HTTP Basic credentials (Authorization: Basic ...)")
        }
        guard let (key, secret) = Self.basicCredentials(header) else {
            throw XAPIError(status: 401, "the Authorization header is not valid HTTP Basic credentials")
        }
        guard let credential = credentials.authenticate(key: key, secret: secret) else {
            throw XAPIError(status: 401, "the credentials are unknown, revoked or wrong")
        }
        return credential
    }

    /// Splits `Basic base64(key:secret)`.
    static func basicCredentials(_ header: String) -> (String, String)? {
        let parts = header.trimmingCharacters(in: .whitespaces).split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "basic",
            let decoded = Data(base64Encoded: parts[1].trimmingCharacters(in: .whitespaces)),
            let text = String(data: decoded, encoding: .utf8), let colon = text.firstIndex(of: ":")
        else {
            return nil
        }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }

    private static func errorResponse(_ error: any Error) -> HTTPResponse {
        let failure = (error as? XAPIError) ?? XAPIError(status: 500, "internal error: \(error)")
        var response = HTTPResponse.json(Data(failure.body.serialized()), status: failure.status)
        if failure.status == 401 {
            response.headers.set(name: "WWW-Authenticate", value: challenge)
        }
        if failure.status == 405 {
            response.headers.set(name: "Allow", value: "GET, HEAD, PUT, POST, OPTIONS")
        }
        return response
    }
}

extension XAPIGateway {
    /// The scopes of the request's HTTP Basic credentials, or nil when it carries none that are valid; the
    /// dashboards decide what to show from them.
    public func authenticatedScopes(_ request: HTTPRequest) -> [CredentialScope]? {
        guard let header = request.headers["Authorization"], let (key, secret) = Self.basicCredentials(header),
            let credential = credentials.authenticate(key: key, secret: secret)
        else { return nil }
        return credential.scopes
    }
}
