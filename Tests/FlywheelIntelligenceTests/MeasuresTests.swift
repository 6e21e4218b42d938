import FlywheelContracts
import FlywheelIntelligence
import FlywheelRPC
import FlywheelXAPI
import Foundation
import Testing

/// Every measure of a small course whose answers are worked out by hand below.
///
/// Course C has modules M1 and M2 and an assessment A; V is a standalone video. L1 and L2 are in Sales, L3 in
/// Engineering. L1 takes both modules, passes A (90), completes C and spends an hour in it, and watched V for
/// ten minutes before; L2 launches M1, fails A (45), suspends C after 20 minutes and passes A (80) a week
/// later; L3 launches and completes C in April.
@Suite("Measures of a hand-worked course")
struct MeasuresTests {
    static let course = "https://learn.example.com/courses/c"
    static let moduleOne = course + "/modules/1"
    static let moduleTwo = course + "/modules/2"
    static let assessment = course + "/assessment"
    static let video = "https://learn.example.com/videos/v"

    static func statements() throws -> [JSONValue] {
        try [
            statement("L1", "launched", course, "course", "2026-03-02T09:00:00Z"),
            statement("L1", "launched", moduleOne, "module", "2026-03-02T09:05:00Z", parent: course),
            statement("L1", "completed", moduleOne, "module", "2026-03-02T09:35:00Z", parent: course),
            statement("L1", "launched", moduleTwo, "module", "2026-03-03T09:00:00Z", parent: course),
            statement("L1", "completed", moduleTwo, "module", "2026-03-03T09:30:00Z", parent: course),
            statement("L1", "passed", assessment, "assessment", "2026-03-04T09:00:00Z", parent: course, score: 0.9),
            statement("L1", "completed", course, "course", "2026-03-04T09:10:00Z"),
            statement("L1", "terminated", course, "course", "2026-03-04T09:20:00Z", duration: "PT1H"),
            statement("L1", "completed", video, "video", "2026-03-01T18:00:00Z", duration: "PT10M"),
            statement("L2", "launched", course, "course", "2026-03-03T09:00:00Z"),
            statement("L2", "launched", moduleOne, "module", "2026-03-03T10:00:00Z", parent: course),
            statement("L2", "failed", assessment, "assessment", "2026-03-05T09:00:00Z", parent: course, score: 0.45),
            statement("L2", "suspended", course, "course", "2026-03-05T09:30:00Z", duration: "PT20M"),
            statement("L2", "passed", assessment, "assessment", "2026-03-10T09:00:00Z", parent: course, score: 0.8),
            statement("L3", "launched", course, "course", "2026-04-01T09:00:00Z"),
            statement("L3", "completed", course, "course", "2026-04-02T09:00:00Z"),
        ]
    }

    private static func statement(
        _ learner: String, _ verb: String, _ activity: String, _ type: String, _ timestamp: String,
        parent: String? = nil, score: Double? = nil, duration: String? = nil
    ) throws -> JSONValue {
        var json = #"{"id":"\#(UUID().uuidString.lowercased())","#
        json += #""actor":{"objectType":"Agent","account":{"homePage":"https://hr.example.com","name":"\#(learner)"}},"#
        json += #""verb":{"id":"http://adlnet.gov/expapi/verbs/\#(verb)"},"#
        json += #""object":{"objectType":"Activity","id":"\#(activity)","#
        json += #""definition":{"type":"http://adlnet.gov/expapi/activities/\#(type)"}},"#
        if let parent { json += #""context":{"contextActivities":{"parent":[{"id":"\#(parent)"}]}},"# }
        var result: [String] = []
        if let score { result += [#""score":{"scaled":\#(score)}"#, #""success":\#(verb == "passed")"#] }
        if let duration { result.append(#""duration":"\#(duration)""#) }
        if !result.isEmpty { json += #""result":{"# + result.joined(separator: ",") + "}," }
        json += #""timestamp":"\#(timestamp)"}"#
        return try JSONValue.parse(Data(json.utf8))
    }

    /// A store fed the statements, with the directory and a Sales segment, and a client reading it.
    private static func withService(_ body: (IntelligenceV1.Intelligence.Client) async throws -> Void) async throws {
        let store = try IntelligenceStore()
        let server = RPCServer()
        server.register(IntelligenceService(store: store).rpcService, policy: IntelligenceService.accessPolicy)
        let cli = IntelligenceV1.Intelligence.Client(channel: server.inProcessChannel(identity: "cli"))
        let directory = """
            employee_id,name,email,department,role,location,time_zone,tenure_band,manager_id,is_manager
            L1,Lena One,l1@example.com,Sales,Rep,London,Europe/London,<1y,,false
            L2,Luis Two,l2@example.com,Sales,Rep,Madrid,Europe/Madrid,1-3y,,false
            L3,Lou Three,l3@example.com,Engineering,Dev,Boston,America/New_York,3-5y,,false

            """
        _ = try await cli.importLearners(IntelligenceV1.ImportLearnersRequest(content: Array(directory.utf8), format: "csv"))
        _ = try await cli.defineSegment(IntelligenceV1.DefineSegmentRequest(name: "sales", filter: "department=Sales"))
        try await store.apply(IngestV1.FeedEvent.numbered(try statements()))
        do {
            try await body(IntelligenceV1.Intelligence.Client(channel: server.inProcessChannel(identity: "gateway")))
        } catch {
            server.closeAll()
            await store.close()
            throw error
        }
        server.closeAll()
        await store.close()
    }

    @Test("the course's totals: launches, learners, completions, results, scores and time")
    func courseTotals() async throws {
        try await Self.withService { client in
            let response = try await client.getMeasures(IntelligenceV1.GetMeasuresRequest(activityID: Self.course))
            let total = try #require(response.total)
            #expect(total.launches == 6)
            #expect(total.activeLearners == 3)
            #expect(total.completions == 2)
            #expect(abs(total.completionRate - 2.0 / 3.0) < 1e-9)
            #expect(total.passes == 2 && total.failures == 1)
            #expect(abs(total.passRate - 2.0 / 3.0) < 1e-9)
            #expect(total.scored == 3)
            #expect(abs(total.scoreMean - 215.0 / 3.0) < 1e-9)
            // Population deviation of 90, 45 and 80.
            let mean = 215.0 / 3.0
            let deviation = ((90 - mean) * (90 - mean) + (45 - mean) * (45 - mean) + (80 - mean) * (80 - mean)) / 3
            #expect(abs(total.scoreDeviation - deviation.squareRoot()) < 1e-9)
            #expect(total.scoreHistogram == [0, 0, 0, 0, 1, 0, 0, 0, 1, 1])
            #expect(total.timeSpentSeconds == 3600 + 1200)
        }
    }

    @Test("everything counts the standalone video's time too")
    func everything() async throws {
        try await Self.withService { client in
            let total = try #require(try await client.getMeasures(IntelligenceV1.GetMeasuresRequest()).total)
            #expect(total.activeLearners == 3)
            #expect(total.timeSpentSeconds == 3600 + 1200 + 600)
        }
    }

    @Test("week buckets start on Mondays and month buckets on the first; empty buckets are left out")
    func buckets() async throws {
        try await Self.withService { client in
            let weeks = try await client.getMeasures(IntelligenceV1.GetMeasuresRequest(activityID: Self.course, bucket: .week))
            #expect(weeks.buckets.map(\.start) == ["2026-03-02", "2026-03-09", "2026-03-30"])
            #expect(weeks.buckets.map { $0.measures?.launches ?? 99 } == [5, 0, 1])
            #expect(weeks.buckets.map { $0.measures?.passes ?? 99 } == [1, 1, 0])
            let months = try await client.getMeasures(IntelligenceV1.GetMeasuresRequest(activityID: Self.course, bucket: .month))
            #expect(months.buckets.map(\.start) == ["2026-03-01", "2026-04-01"])
            #expect(months.buckets.map { $0.measures?.launches ?? 99 } == [5, 1])
            let days = try await client.getMeasures(IntelligenceV1.GetMeasuresRequest(activityID: Self.course, bucket: .day))
            #expect(days.buckets.first?.start == "2026-03-02")
            #expect(days.buckets.first?.measures?.launches == 2)
        }
    }

    @Test("a segment and a learner narrow the course to their own statements")
    func segmentAndLearner() async throws {
        try await Self.withService { client in
            let sales = try #require(
                try await client.getMeasures(IntelligenceV1.GetMeasuresRequest(activityID: Self.course, segment: "sales")).total)
            #expect(sales.activeLearners == 2)
            #expect(sales.completions == 1)
            #expect(sales.launches == 5)
            #expect(sales.passes == 2 && sales.failures == 1)
            let two = try #require(
                try await client.getMeasures(IntelligenceV1.GetMeasuresRequest(activityID: Self.course, learnerID: "L2")).total)
            #expect(two.launches == 2)
            #expect(two.completions == 0)
            #expect(two.passes == 1 && two.failures == 1)
            #expect(two.timeSpentSeconds == 1200)
            #expect(abs(two.scoreMean - 62.5) < 1e-9)
        }
    }

    @Test("a period is compared with the one of the same length just before it")
    func previousPeriod() async throws {
        try await Self.withService { client in
            let response = try await client.getMeasures(
                IntelligenceV1.GetMeasuresRequest(activityID: Self.course, from: "2026-03-09", to: "2026-03-15"))
            #expect(response.previousFrom == "2026-03-02")
            #expect(response.previousTo == "2026-03-08")
            #expect(response.total?.launches == 0)
            #expect(response.total?.passes == 1)
            #expect(response.previousPeriod?.launches == 5)
            #expect(response.launchesChange == -5)
            // A pass rate of 100% against 50%, and a mean score of 80 against 67.5.
            #expect(abs(response.passRateChangePoints - 50) < 1e-9)
            #expect(abs(response.scoreMeanChangePoints - 12.5) < 1e-9)
        }
    }

    @Test("the funnel counts each stage once per learner, and the modules in the order learners meet them")
    func funnel() async throws {
        try await Self.withService { client in
            let funnel = try await client.getCourseFunnel(IntelligenceV1.GetCourseFunnelRequest(courseID: Self.course))
            #expect(funnel.launched == 3)
            #expect(funnel.progressed == 1)
            #expect(funnel.completed == 2)
            #expect(funnel.passed == 2)
            #expect(funnel.modules.map(\.activityID) == [Self.moduleOne, Self.moduleTwo])
            #expect(funnel.modules.map(\.reached) == [2, 1])
            // L2 went no further than the first module and never completed; L1 completed.
            #expect(funnel.modules.map(\.stopped) == [1, 0])
        }
    }

    @Test("leaderboards rank by completions, mean score and time, ties by employee id")
    func leaderboards() async throws {
        try await Self.withService { client in
            let completions = try await client.getLeaderboard(IntelligenceV1.GetLeaderboardRequest(activityID: Self.course))
            #expect(completions.entries.map(\.employeeID) == ["L1", "L3", "L2"])
            #expect(completions.entries.map(\.rank) == [1, 2, 3])
            #expect(completions.entries.first?.name == "Lena One")
            #expect(completions.entries.first?.department == "Sales")
            let scores = try await client.getLeaderboard(
                IntelligenceV1.GetLeaderboardRequest(activityID: Self.course, metric: "score"))
            #expect(scores.entries.map(\.employeeID) == ["L1", "L2"])
            #expect(scores.entries.map(\.value) == [90, 62.5])
            let time = try await client.getLeaderboard(IntelligenceV1.GetLeaderboardRequest(metric: "time", limit: 2))
            #expect(time.entries.map(\.employeeID) == ["L1", "L2"])
            #expect(time.entries.map(\.value) == [4200, 1200])
        }
    }
}
