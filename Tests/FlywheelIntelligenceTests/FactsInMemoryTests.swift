import FlywheelContracts
@testable import FlywheelIntelligence
import FlywheelProto
import FlywheelRPC
import FlywheelSimulation
import FlywheelXAPI
import Foundation
import Testing

@Suite("Facts in memory")
struct FactsInMemoryTests {
    /// The read RPCs' answers for every course of the organisation and for everything.
    static func answers(_ client: IntelligenceV1.Intelligence.Client, courses: [String]) async throws -> [String] {
        var answers: [String] = []
        func keep(_ message: some ProtoMessage) { answers.append("\(message)") }
        keep(try await client.getMeasures(IntelligenceV1.GetMeasuresRequest(bucket: .week)))
        keep(try await client.getMeasures(IntelligenceV1.GetMeasuresRequest(segment: "new-joiners", bucket: .day)))
        keep(try await client.getLeaderboard(IntelligenceV1.GetLeaderboardRequest(limit: 20)))
        for course in courses {
            keep(try await client.getMeasures(IntelligenceV1.GetMeasuresRequest(activityID: course, bucket: .month)))
            keep(try await client.getCourseFunnel(IntelligenceV1.GetCourseFunnelRequest(courseID: course)))
            keep(
                try await client.getLeaderboard(
                    IntelligenceV1.GetLeaderboardRequest(activityID: course, metric: "score", limit: 5)))
        }
        keep(try await client.getEffectiveness(IntelligenceV1.GetEffectivenessRequest(minimumGroup: 3)))
        return answers
    }

    static func client(_ store: IntelligenceStore, identity: String = "gateway") -> (RPCServer, IntelligenceV1.Intelligence.Client) {
        let server = RPCServer()
        server.register(IntelligenceService(store: store).rpcService, policy: IntelligenceService.accessPolicy)
        return (server, IntelligenceV1.Intelligence.Client(channel: server.inProcessChannel(identity: identity)))
    }

    static func importDirectory(_ simulation: Simulation, into store: IntelligenceStore) async throws {
        let (server, cli) = client(store, identity: "cli")
        let csv = LearnerDirectory.csv((0..<simulation.configuration.learners).map(simulation.learner(at:)))
        _ = try await cli.importLearners(IntelligenceV1.ImportLearnersRequest(content: Array(csv.utf8), format: "csv"))
        _ = try await cli.defineSegment(IntelligenceV1.DefineSegmentRequest(name: "new-joiners", filter: "tenure<1y"))
        server.closeAll()
    }

    @Test("after batches with voids, the facts in memory answer exactly as a copy loaded from the file")
    func incrementalMatchesLoaded() async throws {
        let fixture = try FeedFixture()
        let simulation = try Simulation(configuration: SimulationConfiguration(learners: 30, days: 120, seed: 3))
        let statements = (0..<30).flatMap { simulation.statements(forLearner: $0) }
        let path = fixture.storePath("live")
        let live = try IntelligenceStore(path: path)
        try await Self.importDirectory(simulation, into: live)

        // Half, then voids of every 7th statement of that half (results and completions among them), then the rest.
        let half = statements.count / 2
        let first = try await fixture.store(Array(statements[..<half]))
        await fixture.follow(into: live, through: first)
        let voids = stride(from: 0, to: half, by: 7).compactMap { statements[$0]["id"]?.stringValue }
        _ = try await fixture.store(voids.map(FeedFixture.voiding))
        let last = try await fixture.store(Array(statements[half...]))
        await fixture.follow(into: live, through: last)
        #expect(try await live.checkpoint().voided == UInt64(voids.count))

        let catalogue = simulation.configuration.catalogue
        let courses = catalogue.courses.map { catalogue.courseID($0) }
        let (liveServer, liveClient) = Self.client(live)
        let incremental = try await Self.answers(liveClient, courses: courses)
        let stored = try await live.database.read { try $0.query("SELECT COUNT(*) FROM facts").first?[0].integerValue }
        #expect(live.factCount == Int(stored ?? -1))
        liveServer.closeAll()
        await live.close()

        let reopened = try IntelligenceStore(path: path)
        let (server, client) = Self.client(reopened)
        let loaded = try await Self.answers(client, courses: courses)
        #expect(loaded.count == incremental.count)
        for (index, (fromMemory, fromFile)) in zip(incremental, loaded).enumerated() {
            #expect(fromMemory == fromFile, "answer \(index) differs")
        }
        server.closeAll()
        await reopened.close()
        await fixture.close()
    }

    @Test("date bounds narrow funnels and leaderboards to the statements inside them")
    func dateBounds() async throws {
        let simulation = try Simulation(configuration: SimulationConfiguration(learners: 30, days: 120, seed: 3))
        let store = try IntelligenceStore()
        try await store.apply(IngestV1.FeedEvent.numbered((0..<30).flatMap { simulation.statements(forLearner: $0) }))
        let (server, client) = Self.client(store)
        let catalogue = simulation.configuration.catalogue
        let course = catalogue.courseID(catalogue.courses[0])

        let all = try await client.getCourseFunnel(.init(courseID: course))
        #expect(all.launched > 0)
        let whole = try await client.getCourseFunnel(.init(courseID: course, from: "2000-01-01", to: "2100-12-31"))
        #expect(whole == all)
        let before = try await client.getCourseFunnel(.init(courseID: course, from: "2000-01-01", to: "2000-12-31"))
        #expect(before.launched == 0 && before.modules.isEmpty)
        // The first fortnight holds some launches but fewer completions than the whole run.
        let early = try await client.getCourseFunnel(.init(courseID: course, from: "2026-01-05", to: "2026-01-18"))
        #expect(early.launched > 0 && early.launched <= all.launched && early.completed < all.completed)

        let leaders = try await client.getLeaderboard(.init(limit: 100))
        let earlyLeaders = try await client.getLeaderboard(.init(limit: 100, from: "2026-01-05", to: "2026-01-18"))
        #expect(earlyLeaders.entries.map(\.value).reduce(0, +) < leaders.entries.map(\.value).reduce(0, +))
        #expect(try await client.getLeaderboard(.init(from: "2000-01-01", to: "2000-01-02")).entries.isEmpty)
        await #expect {
            _ = try await client.getCourseFunnel(.init(courseID: course, from: "2026-02-01", to: "2026-01-01"))
        } throws: { error in
            (error as? RPCError)?.code == .invalidArgument
        }
        server.closeAll()
        await store.close()
    }

    @Test("a statement voided in the same batch that brought it leaves nothing behind")
    func voidedInItsOwnBatch() async throws {
        let store = try IntelligenceStore()
        let statement = try #require(try SmallOrganisation.statements(learners: 1).first)
        let id = try #require(statement["id"]?.stringValue)
        try await store.apply(IngestV1.FeedEvent.numbered([statement, FeedFixture.voiding(id)]))
        #expect(store.factCount == 0)
        let (server, client) = Self.client(store)
        let total = try #require(try await client.getMeasures(IntelligenceV1.GetMeasuresRequest()).total)
        #expect(total.activeLearners == 0)
        #expect(total.launches == 0)
        server.closeAll()
        await store.close()
    }

    @Test("effectiveness answers come from the cache, stale ones at once, then refreshed in the background")
    func effectivenessRefreshes() async throws {
        let simulation = try Simulation(configuration: SimulationConfiguration(learners: 240, days: 120, seed: 5))
        let store = try IntelligenceStore()
        try await Self.importDirectory(simulation, into: store)
        let (server, client) = Self.client(store)
        let request = IntelligenceV1.GetEffectivenessRequest(minimumGroup: 5)
        let empty = try await client.getEffectiveness(request)
        #expect(empty.estimates.isEmpty)

        try await store.apply(IngestV1.FeedEvent.numbered((0..<240).flatMap { simulation.statements(forLearner: $0) }))
        // The first call after the change answers with what was cached and starts one refresh.
        #expect(try await client.getEffectiveness(request).estimates.isEmpty)
        var refreshed = IntelligenceV1.GetEffectivenessResponse()
        for _ in 0..<500 where refreshed.estimates.isEmpty {
            try await Task.sleep(for: .milliseconds(20))
            refreshed = try await client.getEffectiveness(request)
        }
        #expect(!refreshed.estimates.isEmpty)
        // Nothing changed since: the cached answer is current and equals a fresh computation.
        let uncached = IntelligenceService(store: store, effectivenessCache: EffectivenessCache())
        let serverUncached = RPCServer()
        serverUncached.register(uncached.rpcService, policy: IntelligenceService.accessPolicy)
        let direct = IntelligenceV1.Intelligence.Client(channel: serverUncached.inProcessChannel(identity: "gateway"))
        #expect(try await direct.getEffectiveness(request) == refreshed)
        serverUncached.closeAll()
        server.closeAll()
        await store.close()
    }

    @Test("a wait for the next batch ends at its timeout when none comes, and when its task is cancelled")
    func waitEnds() async throws {
        let store = try IntelligenceStore()
        let started = ContinuousClock.now
        await store.waitForBatch(after: 0, timeout: .milliseconds(200))
        let waited = ContinuousClock.now - started
        #expect(waited >= .milliseconds(200) && waited < .seconds(30))

        let cancelled = Task { await store.waitForBatch(after: 0, timeout: .seconds(60)) }
        try await Task.sleep(for: .milliseconds(100))
        let cancelledAt = ContinuousClock.now
        cancelled.cancel()
        await cancelled.value
        #expect(ContinuousClock.now - cancelledAt < .seconds(30))
        await store.close()
    }

    @Test("the cache hands one refresh out per stale answer and keeps the newest answer")
    func cacheBookkeeping() {
        let cache = EffectivenessCache(capacity: 2)
        var old = IntelligenceV1.GetEffectivenessResponse()
        old.skipped = 1
        var new = IntelligenceV1.GetEffectivenessResponse()
        new.skipped = 2
        guard case .missing = cache.lookup("a", changes: 1) else { Issue.record("expected a miss"); return }
        cache.store("a", changes: 1, old)
        guard case .current(let current) = cache.lookup("a", changes: 1) else { Issue.record("expected a hit"); return }
        #expect(current.skipped == 1)
        guard case .stale(_, let first) = cache.lookup("a", changes: 2),
            case .stale(_, let second) = cache.lookup("a", changes: 2)
        else { Issue.record("expected stale answers"); return }
        #expect(first && !second)
        cache.store("a", changes: 2, new)
        cache.store("a", changes: 1, old)
        guard case .current(let kept) = cache.lookup("a", changes: 2) else { Issue.record("expected a hit"); return }
        #expect(kept.skipped == 2)
        cache.store("b", changes: 2, old)
        cache.store("c", changes: 2, old)
        guard case .missing = cache.lookup("a", changes: 2) else { Issue.record("the oldest entry should go"); return }
    }
}
