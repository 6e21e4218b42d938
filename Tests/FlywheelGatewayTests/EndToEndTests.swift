import FlywheelXAPI
import Foundation
import Testing

/// The same HTTP behaviour against the real ingest service (SQLite), in process.
@Suite("End to end with the real ingest service")
struct EndToEndTests {
    private func withRealIngest(_ body: (GatewayHarness) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gateway-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try await withGateway(realIngestPath: folder.appendingPathComponent("ingest.sqlite").path, body)
    }

    @Test("PUT answers 204, an identical re-PUT 204 and a different one 409")
    func putConflict() async throws {
        try await withRealIngest { lrs in
            let id = Sample.uuid()
            let path = "/xapi/statements?statementId=\(id)"
            #expect(try await lrs.send("PUT", path, json: Sample.statement(), auth: lrs.admin).status == 204)
            let again = try await lrs.send("PUT", path, json: Sample.statement(), auth: lrs.admin)
            #expect(again.status == 204, "\(again.text)")
            let changed = try await lrs.send("PUT", path, json: Sample.statement(actor: "bob"), auth: lrs.admin)
            #expect(changed.status == 409, "\(changed.text)")
            let got = try await lrs.send("GET", path, auth: lrs.admin)
            #expect(got.status == 200)
            #expect(got.json?["stored"]?.stringValue != nil)
            #expect(got.json?["actor"]?["mbox"]?.stringValue == "mailto:ann@example.com")
        }
    }

    @Test("a batch colliding with the store stores nothing; voiding hides the target")
    func batchAndVoiding() async throws {
        try await withRealIngest { lrs in
            let id = Sample.uuid()
            try await lrs.post([Sample.statement(id: id)])
            let collide = try await lrs.send(
                "POST", "/xapi/statements", json: [Sample.statement(), Sample.statement(id: id, actor: "zed")],
                auth: lrs.admin)
            #expect(collide.status == 409, "\(collide.text)")
            #expect(try await lrs.all().count == 1)
            try await lrs.post([Sample.voiding(id)])
            #expect(try await lrs.send("GET", "/xapi/statements?statementId=\(id)", auth: lrs.admin).status == 404)
            #expect(try await lrs.send("GET", "/xapi/statements?voidedStatementId=\(id)", auth: lrs.admin).status == 200)
            #expect(try await lrs.all().count == 1)
        }
    }

    @Test("paging with more sees each of 2000 statements once while more arrive")
    func paging() async throws {
        try await withRealIngest { lrs in
            var expected: Set<String> = []
            for _ in 0..<8 {
                expected.formUnion(try await lrs.post((0..<250).map { _ in Sample.statement() }))
            }
            var seen: [String] = []
            var next = "/xapi/statements?limit=150"
            var pages = 0
            while true {
                let reply = try await lrs.send("GET", next, auth: lrs.admin)
                try #require(reply.status == 200, "\(reply.text)")
                seen += reply.json?["statements"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
                pages += 1
                if pages % 2 == 0 { try await lrs.post((0..<30).map { _ in Sample.statement() }) }
                guard let more = reply.json?["more"]?.stringValue, !more.isEmpty else { break }
                next = more
            }
            #expect(seen.count == expected.count)
            #expect(Set(seen) == expected)
        }
    }
}
