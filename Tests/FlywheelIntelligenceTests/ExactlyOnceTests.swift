import FlywheelContracts
import FlywheelIntelligence
import FlywheelRPC
import FlywheelStore
import FlywheelXAPI
import Foundation
import Testing

@Suite("Following the Feed")
struct ExactlyOnceTests {
    @Test("a follower dropped mid-stream and resumed matches a from-scratch rebuild, table for table")
    func crashAndResumeMatchesRebuild() async throws {
        let fixture = try FeedFixture()
        let statements = try SmallOrganisation.statements(learners: 24)
        let half = statements.count / 2
        let early = try await fixture.store(Array(statements[..<half]))
        // Voids of early statements, so the resumed follower must take contributions back out.
        let targets = stride(from: 5, to: half, by: half / 12).compactMap { statements[$0]["id"]?.stringValue }
        try await fixture.store(targets.prefix(6).map(FeedFixture.voiding))

        // The first follower is cancelled part-way, without closing its store: whatever batch was in flight
        // either committed with its checkpoint or not at all.
        let crashed = try IntelligenceStore(path: fixture.storePath("resumed"))
        let follower = FeedFollower(store: crashed, ingest: fixture.feed, batchLimit: 150)
        let task = Task { await follower.run() }
        await follower.waitUntilApplied(early / 2)
        task.cancel()
        await task.value
        let reached = try await crashed.checkpoint().sequence
        #expect(reached >= early / 2)
        #expect(reached < early + 6)

        // Later statements and voids arrive while the follower is down.
        try await fixture.store(Array(statements[half...]))
        let last = try await fixture.store(targets.dropFirst(6).map(FeedFixture.voiding))

        let resumed = try IntelligenceStore(path: fixture.storePath("resumed"))
        await fixture.follow(into: resumed, through: last)
        let rebuilt = try IntelligenceStore(path: fixture.storePath("rebuilt"))
        await fixture.follow(into: rebuilt, through: last)

        for table in IntelligenceStore.aggregateTables {
            let resumedRows = try await resumed.rows(of: table)
            let rebuiltRows = try await rebuilt.rows(of: table)
            #expect(!resumedRows.isEmpty, "\(table) is empty")
            #expect(resumedRows == rebuiltRows, "\(table) differs after resuming")
        }
        let checkpoint = try await resumed.checkpoint()
        #expect(checkpoint.sequence == last)
        #expect(checkpoint.voided == UInt64(targets.count))
        await crashed.close()
        await resumed.close()
        await rebuilt.close()
        await fixture.close()
    }

    @Test("a batch delivered again after its checkpoint is not counted twice")
    func replayIsIgnored() async throws {
        let fixture = try FeedFixture()
        let last = try await fixture.store(try SmallOrganisation.statements(learners: 2))
        let store = try IntelligenceStore()
        let events = try await fixture.feed.feed(IngestV1.FeedRequest(afterSequence: 0)) { stream in
            var events: [IngestV1.FeedEvent] = []
            for try await event in stream {
                events.append(event)
                if event.statement?.sequence == last { break }
            }
            return events
        }
        try await store.apply(events)
        let once = try await store.rows(of: "daily")
        try await store.apply(Array(events.suffix(40)))
        #expect(try await store.rows(of: "daily") == once)
        #expect(try await store.checkpoint().sequence == last)
        await store.close()
        await fixture.close()
    }
}

@Suite("Voiding")
struct VoidingTests {
    @Test("a voided statement's contribution is taken back out of every aggregate")
    func voidingSubtracts() async throws {
        let fixture = try FeedFixture()
        let statements = try SmallOrganisation.statements(learners: 8)
        let passed = try #require(
            statements.first {
                $0["verb"]?["id"]?.stringValue == "http://adlnet.gov/expapi/verbs/passed"
                    && $0["object"]?["id"]?.stringValue?.hasSuffix("/assessment") == true
            })
        let passedID = try #require(passed["id"]?.stringValue)
        let others = statements.filter { $0["id"]?.stringValue != passedID }

        let withoutIt = try IntelligenceStore()
        let first = try await fixture.store(others)
        await fixture.follow(into: withoutIt, through: first)
        let expected = try await withoutIt.rows(of: "daily")

        let store = try IntelligenceStore()
        let stored = try await fixture.store([passed])
        await fixture.follow(into: store, through: stored)
        let service = IntelligenceService(store: store)
        let server = RPCServer()
        server.register(service.rpcService, policy: IntelligenceService.accessPolicy)
        let client = IntelligenceV1.Intelligence.Client(channel: server.inProcessChannel(identity: "cli"))
        let before = try #require(try await client.getMeasures(IntelligenceV1.GetMeasuresRequest()).total)
        #expect(try await store.rows(of: "daily") != expected)

        let voided = try await fixture.store([FeedFixture.voiding(passedID)])
        await fixture.follow(into: store, through: voided)
        let after = try #require(try await client.getMeasures(IntelligenceV1.GetMeasuresRequest()).total)
        #expect(after.passes == before.passes - 1)
        #expect(after.scored == before.scored - 1)
        #expect(try await store.rows(of: "daily") == expected)
        #expect(try await store.checkpoint().voided == 1)
        server.closeAll()
        await store.close()
        await withoutIt.close()
        await fixture.close()
    }
}
