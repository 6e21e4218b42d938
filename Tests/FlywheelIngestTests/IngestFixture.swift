import FlywheelContracts
import FlywheelIngest
import FlywheelRPC
import FlywheelXAPI
import Foundation

/// A statement store in a scratch folder, served by an in-process RPC server, with clients for the
/// identities the tests call as.
final class IngestFixture: Sendable {
    let folder: URL
    let path: String
    let store: StatementStore
    let server: RPCServer
    /// A client calling as the gateway.
    let gateway: IngestV1.Ingest.Client

    init(pageMaximum: Int = 1000, folder existing: URL? = nil) throws {
        let folder =
            existing
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("ingest-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        self.folder = folder
        path = folder.appendingPathComponent("ingest.sqlite").path
        store = try StatementStore(path: path, options: StatementStore.Options(pageMaximum: pageMaximum))
        server = RPCServer()
        server.register(IngestService(store: store).rpcService, policy: IngestService.accessPolicy)
        gateway = IngestV1.Ingest.Client(channel: server.inProcessChannel(identity: "gateway"))
    }

    /// A client calling as `identity`.
    func client(as identity: String) -> IngestV1.Ingest.Client {
        IngestV1.Ingest.Client(channel: server.inProcessChannel(identity: identity))
    }

    /// Closes the store; with `removing`, deletes the folder too.
    func close(removing: Bool = true) async {
        server.closeAll()
        await store.close()
        if removing { try? FileManager.default.removeItem(at: folder) }
    }

    /// Stores statements through the gateway client.
    @discardableResult
    func store(_ statements: [JSONValue]) async throws -> IngestV1.StoreStatementsResponse {
        try await gateway.storeStatements(
            IngestV1.StoreStatementsRequest(statements: statements.map { $0.serialized() }))
    }

    /// Runs a query through the gateway client and returns the ids of the page.
    func ids(_ request: IngestV1.QueryStatementsRequest) async throws -> [String] {
        try await gateway.queryStatements(request).statements.map(\.id)
    }

    /// Every id a query returns, following its cursors to the end.
    func allIDs(_ request: IngestV1.QueryStatementsRequest) async throws -> [String] {
        var ids: [String] = []
        var next = request
        while true {
            let page = try await gateway.queryStatements(next)
            ids += page.statements.map(\.id)
            guard !page.nextCursor.isEmpty else { return ids }
            next = IngestV1.QueryStatementsRequest(cursor: page.nextCursor)
        }
    }
}

/// Builds test statements as the gateway would send them: id, authority and version set.
enum Statements {
    static let completed = "http://adlnet.gov/expapi/verbs/completed"
    static let attempted = "http://adlnet.gov/expapi/verbs/attempted"
    static let voided = "http://adlnet.gov/expapi/verbs/voided"

    static func newID() -> String { UUID().uuidString.lowercased() }

    static func agent(_ name: String) -> JSONValue {
        ["objectType": "Agent", "mbox": .string("mailto:\(name)@example.com")]
    }

    static func agentKey(_ name: String) -> String { "mbox:mailto:\(name)@example.com" }

    static func activity(_ name: String) -> JSONValue {
        ["objectType": "Activity", "id": .string("https://example.com/activities/\(name)")]
    }

    static func activityID(_ name: String) -> String { "https://example.com/activities/\(name)" }

    /// A statement `actor verb object` with the given extra top-level members.
    static func make(
        id: String = newID(), actor: JSONValue = agent("ann"), verb: String = completed,
        object: JSONValue = activity("course"), extra: [(String, JSONValue)] = []
    ) -> JSONValue {
        var members: [JSONObject.Member] = [
            .init(key: "id", value: .string(id)), .init(key: "actor", value: actor),
            .init(key: "verb", value: ["id": .string(verb)]), .init(key: "object", value: object),
        ]
        for (key, value) in extra { members.append(.init(key: key, value: value)) }
        members.append(.init(key: "authority", value: agent("lrs-authority")))
        members.append(.init(key: "version", value: "1.0.0"))
        return .object(JSONObject(members))
    }

    /// A statement voiding `target`.
    static func voiding(_ target: String, id: String = newID()) -> JSONValue {
        make(
            id: id, actor: agent("admin"), verb: voided, object: ["objectType": "StatementRef", "id": .string(target)])
    }

    /// A statement whose object is a reference to `target`.
    static func referencing(_ target: String, id: String = newID(), verb: String = attempted) -> JSONValue {
        make(
            id: id, actor: agent("reviewer"), verb: verb,
            object: ["objectType": "StatementRef", "id": .string(target)])
    }
}

extension IngestV1.StoredStatement {
    /// The stored JSON, parsed.
    var parsed: JSONValue {
        (try? JSONValue.parse(json)) ?? .null
    }
}

/// Whether `error` is an RPC error with `code`.
func isRPCError(_ error: any Error, _ code: StatusCode) -> Bool {
    (error as? RPCError)?.code == code
}
