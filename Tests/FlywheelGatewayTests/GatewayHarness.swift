import FlywheelContracts
import FlywheelGateway
import FlywheelIngest
import FlywheelHTTP
import FlywheelRPC
import FlywheelXAPI
import Foundation
import Testing

/// A response as a test sees it.
struct Reply: Sendable {
    let status: Int
    let headers: [String: String]
    let body: Data

    func header(_ name: String) -> String? { headers[name.lowercased()] }
    var json: JSONValue? { try? JSONValue.parse(body) }
    var text: String { String(decoding: body, as: UTF8.self) }
}

/// A gateway on an ephemeral loopback port in front of an in-memory ingest, with one credential per role.
final class GatewayHarness: Sendable {
    let ingest = InMemoryIngest()
    let rpc = RPCServer()
    let credentials: CredentialStore
    let gateway: XAPIGateway
    let server: HTTPServer
    let port: UInt16
    /// Basic headers of credentials with scope `all`, `statements/write`, `statements/read`, and two
    /// `statements/write,statements/read/mine` ones.
    let admin: String
    let writer: String
    let reader: String
    let mineA: String
    let mineB: String

    /// - Parameters:
    ///   - maximumBodyBytes: The body limit.
    ///   - realIngestPath: A SQLite file for the real `IngestService`; nil serves the in-memory one.
    init(maximumBodyBytes: Int = 1 << 20, realIngestPath: String? = nil) async throws {
        if let realIngestPath {
            let statements = try StatementStore(path: realIngestPath)
            let service = IngestService(store: statements)
            rpc.register(service.rpcService, policy: IngestService.accessPolicy)
            let folder = (realIngestPath as NSString).deletingLastPathComponent
            let documents = DocumentsService(
                documents: try DocumentStore(path: folder + "/documents.sqlite"), statements: statements,
                attachments: try AttachmentStore(path: folder + "/attachments.sqlite"))
            rpc.register(documents.rpcService, policy: DocumentsService.accessPolicy)
        } else {
            rpc.register(ingest.rpcService)
        }
        let channel = rpc.inProcessChannel(identity: "gateway")
        let store = try await CredentialStore.open(path: nil)
        credentials = store
        func basic(_ scopes: [CredentialScope], _ name: String) async throws -> String {
            let (credential, secret) = try await store.create(name: name, scopes: scopes)
            return "Basic " + Data("\(credential.key):\(secret)".utf8).base64EncodedString()
        }
        admin = try await basic([.all], "admin")
        writer = try await basic([.statementsWrite], "writer")
        reader = try await basic([.statementsRead], "reader")
        mineA = try await basic([.statementsWrite, .statementsReadMine], "mine-a")
        mineB = try await basic([.statementsWrite, .statementsReadMine], "mine-b")
        let configuration = XAPIGateway.Configuration(
            authorityHomePage: "http://lrs.example.com/", maximumBodyBytes: maximumBodyBytes)
        let gateway = XAPIGateway(
            configuration: configuration, ingest: IngestV1.Ingest.Client(channel: channel), credentials: store)
        self.gateway = gateway
        server = HTTPServer(
            configuration: .init(port: 0, maximumBodyBytes: maximumBodyBytes, connectionTimeoutSeconds: 2),
            handler: { await gateway.handle($0) })
        try server.start()
        port = try #require(server.localPort)
    }

    func stop() async {
        await credentials.close()
        await server.shutdown(gracePeriod: .seconds(2))
    }

    /// Sends a request; `version` nil omits the version header, `auth` nil omits Authorization.
    func send(
        _ method: String, _ pathAndQuery: String, json: JSONValue? = nil, body: Data? = nil,
        contentType: String? = nil, version: String? = "1.0.3", auth: String? = nil,
        headers: [String: String] = [:]
    ) async throws -> Reply {
        var fields: [(String, String)] = [("Host", "127.0.0.1:\(port)"), ("Connection", "close")]
        if let version { fields.append(("X-Experience-API-Version", version)) }
        if let auth { fields.append(("Authorization", auth)) }
        var payload = Data()
        if let json {
            payload = Data(json.serialized())
            fields.append(("Content-Type", contentType ?? "application/json"))
        } else if let body {
            payload = body
            if let contentType { fields.append(("Content-Type", contentType)) }
        }
        if !payload.isEmpty || method == "POST" || method == "PUT" { fields.append(("Content-Length", "\(payload.count)")) }
        for (name, value) in headers { fields.append((name, value)) }
        let head = "\(method) \(pathAndQuery) HTTP/1.1\r\n" + fields.map { "\($0.0): \($0.1)\r\n" }.joined() + "\r\n"
        let (port, request) = (port, Array(head.utf8) + Array(payload))
        return try await LoopbackClient.onOwnThread {
            let client = try LoopbackClient(port: port, receiveTimeoutSeconds: 20)
            defer { client.close() }
            // The server may answer (413) and close before reading the whole body: read its answer anyway.
            try? client.send(request)
            let response = try client.readResponse(headOnly: method == "HEAD")
            let fields = response.headers.map { ($0.name.lowercased(), $0.value) }
            return Reply(
                status: response.status, headers: Dictionary(fields, uniquingKeysWith: { first, _ in first }),
                body: Data(response.body))
        }
    }

    /// POSTs statements as `admin` and expects 200.
    @discardableResult
    func post(_ statements: [JSONValue], auth: String? = nil, version: String = "1.0.3") async throws -> [String] {
        let reply = try await send(
            "POST", "/xapi/statements", json: .array(statements), version: version, auth: auth ?? admin)
        #expect(reply.status == 200, "POST answered \(reply.status): \(reply.text)")
        return reply.json?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    /// Every statement a query returns, following `more`.
    func all(_ query: String = "", auth: String? = nil) async throws -> [JSONValue] {
        var statements: [JSONValue] = []
        var next = "/xapi/statements" + (query.isEmpty ? "" : "?" + query)
        while true {
            let reply = try await send("GET", next, auth: auth ?? admin)
            try #require(reply.status == 200, "GET \(next) answered \(reply.status): \(reply.text)")
            statements += reply.json?["statements"]?.arrayValue ?? []
            guard let more = reply.json?["more"]?.stringValue, !more.isEmpty else { return statements }
            next = more
        }
    }
}

/// Runs a test body against a fresh harness and always stops it.
func withGateway(
    maximumBodyBytes: Int = 1 << 20, realIngestPath: String? = nil, _ body: (GatewayHarness) async throws -> Void
) async throws {
    let harness = try await GatewayHarness(maximumBodyBytes: maximumBodyBytes, realIngestPath: realIngestPath)
    do {
        try await body(harness)
        await harness.stop()
    } catch {
        await harness.stop()
        throw error
    }
}

/// Statement builders.
enum Sample {
    static func agent(_ name: String) -> JSONValue {
        ["objectType": "Agent", "mbox": .string("mailto:\(name)@example.com")]
    }

    static func statement(
        id: String? = nil, actor: String = "ann", verb: String = "http://adlnet.gov/expapi/verbs/completed",
        activity: String = "http://example.com/activities/one", registration: String? = nil
    ) -> JSONValue {
        var object: JSONValue = [
            "actor": agent(actor),
            "verb": ["id": .string(verb), "display": ["en-US": "completed", "fr": "terminé"]],
            "object": [
                "objectType": "Activity", "id": .string(activity),
                "definition": ["name": ["en-US": "One", "fr": "Un"]],
            ],
        ]
        if case .object(var fields) = object {
            if let id { fields["id"] = .string(id) }
            if let registration { fields["context"] = ["registration": .string(registration)] }
            object = .object(fields)
        }
        return object
    }

    static func voiding(_ target: String, id: String? = nil) -> JSONValue {
        var statement: JSONValue = [
            "actor": agent("ann"), "verb": ["id": "http://adlnet.gov/expapi/verbs/voided"],
            "object": ["objectType": "StatementRef", "id": .string(target)],
        ]
        if let id, case .object(var fields) = statement {
            fields["id"] = .string(id)
            statement = .object(fields)
        }
        return statement
    }

    static func uuid() -> String { UUID().uuidString.lowercased() }
}
