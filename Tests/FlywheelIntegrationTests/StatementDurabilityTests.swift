import FlywheelContracts
import FlywheelRPC
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization
import Testing

/// The LRS as real processes: registry, ingest and gateway, with statements posted over HTTP.
@Suite("Statement durability", .serialized)
struct StatementDurabilityTests {
    static let credential = "durability:s3cret-durability-secret"

    /// A running registry, ingest and gateway; the gateway's xAPI base URL.
    struct LRS {
        let mesh: LocalMesh
        let baseURL: String
    }

    static func startLRS() async throws -> LRS {
        let mesh = try LocalMesh()
        try mesh.startRegistry()
        try mesh.start("flywheel-ingest", instance: "ingest-1", arguments: ["--lease-ttl", "3"])
        let port = LocalMesh.freePort()
        try mesh.start("flywheel-gateway", instance: "gateway-1", arguments: [
            "--http", "127.0.0.1:\(port)", "--demo-credential", credential,
        ])
        let client = try mesh.client()
        _ = try await mesh.waitForInstances("ingest", count: 1, mesh: client)
        _ = try await mesh.waitForInstances("gateway", count: 1, mesh: client)
        return LRS(mesh: mesh, baseURL: "http://127.0.0.1:\(port)/xapi/")
    }

    static func request(_ url: String, method: String = "GET", body: Data? = nil) -> URLRequest {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        request.httpBody = body
        request.timeoutInterval = 10
        request.setValue("1.0.3", forHTTPHeaderField: "X-Experience-API-Version")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        let token = Data(credential.utf8).base64EncodedString()
        request.setValue("Basic \(token)", forHTTPHeaderField: "Authorization")
        return request
    }

    static func statement(id: String, learner: Int) -> [String: Any] {
        [
            "id": id,
            "actor": ["objectType": "Agent", "mbox": "mailto:learner\(learner)@example.com"],
            "verb": ["id": "http://adlnet.gov/expapi/verbs/completed", "display": ["en-US": "completed"]],
            "object": ["objectType": "Activity", "id": "https://example.com/courses/\(learner % 7)"],
        ]
    }

    @Test("every acknowledged statement survives SIGKILL of ingest mid-load, and none is stored twice")
    func sigkillDuringLoad() async throws {
        let lrs = try await Self.startLRS()
        defer { lrs.mesh.stop() }
        let session = URLSession(configuration: .ephemeral)
        let ledger = LoadLedger()
        let totalBatches = 160
        let baseURL = lrs.baseURL

        let load = Task {
            await withTaskGroup(of: Void.self) { group in
                for worker in 0..<4 {
                    group.addTask {
                        for batch in stride(from: worker, to: totalBatches, by: 4) {
                            let ids = (0..<10).map { _ in UUID().uuidString.lowercased() }
                            ledger.attempted.withLock { $0.formUnion(ids) }
                            let body = try! JSONSerialization.data(withJSONObject: ids.map { Self.statement(id: $0, learner: batch) })
                            if let (_, response) = try? await session.data(for: Self.request(baseURL + "statements", method: "POST", body: body)),
                               (response as? HTTPURLResponse)?.statusCode == 200 {
                                ledger.acknowledged.withLock { $0.formUnion(ids) }
                            }
                            ledger.batchesDone.add(1, ordering: .relaxed)
                        }
                    }
                }
            }
        }

        // Kill ingest a third of the way in, and bring it back on the same store.
        while ledger.batchesDone.load(ordering: .relaxed) < totalBatches / 3 { try await Task.sleep(for: .milliseconds(10)) }
        lrs.mesh.processes["ingest-1"]?.kill()
        try await Task.sleep(for: .milliseconds(500))
        try lrs.mesh.start("flywheel-ingest", instance: "ingest-1", arguments: ["--lease-ttl", "3"])
        await load.value

        let acked = ledger.acknowledged.withLock { $0 }
        let attempted = ledger.attempted.withLock { $0 }
        #expect(acked.count > 0)
        #expect(acked.count < attempted.count, "the kill should have failed some requests")

        // Read everything back through the gateway, following `more`.
        var seen: [String] = []
        var next: String? = lrs.baseURL + "statements?limit=500"
        for _ in 0..<1000 {
            guard let url = next else { break }
            // The restarted ingest may still be re-registering: a 503 is retried for a few seconds.
            var (data, response) = try await session.data(for: Self.request(url))
            for _ in 0..<100 where (response as? HTTPURLResponse)?.statusCode == 503 {
                try await Task.sleep(for: .milliseconds(100))
                (data, response) = try await session.data(for: Self.request(url))
            }
            #expect((response as? HTTPURLResponse)?.statusCode == 200)
            let page = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let statements = page["statements"] as? [[String: Any]] ?? []
            seen += statements.compactMap { $0["id"] as? String }
            let more = page["more"] as? String ?? ""
            next = more.isEmpty ? nil : URL(string: more, relativeTo: URL(string: lrs.baseURL))!.absoluteString
        }
        let stored = Set(seen)
        #expect(seen.count == stored.count, "a statement was returned twice")
        #expect(acked.isSubset(of: stored), "\(acked.subtracting(stored).count) acknowledged statements are missing")
        #expect(stored.isSubset(of: attempted))
    }
}

extension StatementDurabilityTests {
    @Test("every statement flywheel simulate generates is accepted by a running gateway and stored once")
    func simulatedStatementsAreAccepted() async throws {
        let lrs = try await Self.startLRS()
        defer { lrs.mesh.stop() }
        let parts = Self.credential.split(separator: ":")
        let output = lrs.mesh.folder.appendingPathComponent("simulated")
        let files = try MeshProcess(
            executable: LocalMesh.binaries.appendingPathComponent("flywheel").path,
            arguments: ["simulate", "--learners", "30", "--days", "21", "--seed", "11", "--out", output.appendingPathComponent("statements.ndjson").path],
            log: lrs.mesh.folder.appendingPathComponent("simulate-out.log").path)
        #expect(await files.waitForExit(timeout: .seconds(60)) == 0)
        let generated = try String(contentsOf: output.appendingPathComponent("statements.ndjson"), encoding: .utf8)
            .split(separator: "\n").count

        let sender = try MeshProcess(
            executable: LocalMesh.binaries.appendingPathComponent("flywheel").path,
            arguments: ["simulate", "--learners", "30", "--days", "21", "--seed", "11", "--to", lrs.baseURL,
                        "--key", String(parts[0]), "--secret", String(parts[1]),
                        "--data", lrs.mesh.folder.appendingPathComponent("sent").path],
            log: lrs.mesh.folder.appendingPathComponent("simulate-send.log").path)
        #expect(await sender.waitForExit(timeout: .seconds(120)) == 0, "\(sender.logText)")

        let client = try lrs.mesh.client()
        let stats = try await IngestV1.Ingest.Client(channel: client.channel(to: "ingest")).stats(IngestV1.StatsRequest())
        #expect(generated > 1000)
        #expect(stats.statementCount == UInt64(generated), "generated \(generated), stored \(stats.statementCount)")
    }
}

/// What the load run sent and what the gateway acknowledged.
final class LoadLedger: Sendable {
    let acknowledged = Mutex<Set<String>>([])
    let attempted = Mutex<Set<String>>([])
    let batchesDone = Atomic(0)
}
