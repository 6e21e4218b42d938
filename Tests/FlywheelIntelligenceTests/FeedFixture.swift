import FlywheelContracts
import FlywheelIngest
import FlywheelIntelligence
import FlywheelRPC
import FlywheelSimulation
import FlywheelXAPI
import Foundation

/// A real ingest service on a scratch store, served in process, and the intelligence stores that follow it.
final class FeedFixture: Sendable {
    let folder: URL
    let statements: StatementStore
    let server: RPCServer
    let gateway: IngestV1.Ingest.Client
    /// The client the follower uses: it calls as the intelligence service.
    let feed: IngestV1.Ingest.Client

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("intelligence-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        statements = try StatementStore(path: folder.appendingPathComponent("ingest.sqlite").path)
        server = RPCServer()
        server.register(IngestService(store: statements).rpcService, policy: IngestService.accessPolicy)
        gateway = IngestV1.Ingest.Client(channel: server.inProcessChannel(identity: "gateway"))
        feed = IngestV1.Ingest.Client(channel: server.inProcessChannel(identity: "intelligence"))
    }

    /// The path of an intelligence store in the scratch folder.
    func storePath(_ name: String) -> String {
        folder.appendingPathComponent("\(name).sqlite").path
    }

    /// Stores statements as the gateway would, with authority and version set, in chunks.
    @discardableResult
    func store(_ batch: [JSONValue]) async throws -> UInt64 {
        var last: UInt64 = 0
        var start = 0
        while start < batch.count {
            let chunk = batch[start..<min(batch.count, start + 500)].map { statement -> [UInt8] in
                guard case .object(var object) = statement else { return statement.serialized() }
                object["authority"] = ["objectType": "Agent", "mbox": "mailto:lrs@example.com"]
                object["version"] = "1.0.0"
                return JSONValue.object(object).serialized()
            }
            last = try await gateway.storeStatements(IngestV1.StoreStatementsRequest(statements: chunk)).lastSequence
            start += 500
        }
        return last
    }

    /// A statement voiding `target`.
    static func voiding(_ target: String) -> JSONValue {
        [
            "id": .string(UUID().uuidString.lowercased()),
            "actor": ["objectType": "Agent", "mbox": "mailto:admin@example.com"],
            "verb": ["id": "http://adlnet.gov/expapi/verbs/voided"],
            "object": ["objectType": "StatementRef", "id": .string(target)],
        ]
    }

    /// Follows the Feed into `store` until it has applied `sequence`, then stops the follower.
    func follow(into store: IntelligenceStore, through sequence: UInt64) async {
        let follower = FeedFollower(store: store, ingest: feed, batchLimit: 200)
        let task = Task { await follower.run() }
        await follower.waitUntilApplied(sequence)
        task.cancel()
        await task.value
    }

    func close() async {
        server.closeAll()
        await statements.close()
        try? FileManager.default.removeItem(at: folder)
    }
}

extension IngestV1.FeedEvent {
    /// Feed events for statements as ingest would number them, from `first` on; a voiding statement's event
    /// names its target.
    static func numbered(_ statements: [JSONValue], from first: UInt64 = 1) -> [IngestV1.FeedEvent] {
        statements.enumerated().map { offset, statement in
            let voids = statement["verb"]?["id"]?.stringValue == "http://adlnet.gov/expapi/verbs/voided"
                ? statement["object"]?["id"]?.stringValue ?? "" : ""
            return IngestV1.FeedEvent(
                statement: IngestV1.StoredStatement(
                    id: statement["id"]?.stringValue ?? "", sequence: first + UInt64(offset),
                    json: statement.serialized(), voided: false, storedMicros: 0),
                voidedStatementID: voids)
        }
    }
}

/// Statements of a small simulated organisation.
enum SmallOrganisation {
    static func statements(learners: Int, seed: UInt64 = 3) throws -> [JSONValue] {
        let simulation = try Simulation(configuration: SimulationConfiguration(learners: learners, days: 120, seed: seed))
        return (0..<learners).flatMap { simulation.statements(forLearner: $0) }
    }
}
