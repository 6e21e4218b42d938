import FlywheelDashboards
import FlywheelHTTP
import Testing

@Suite("Dashboard access and errors")
struct DashboardAccessTests {
    @Test("a request without credentials gets 401 with a Basic challenge")
    func unauthorized() async throws {
        let fixture = try await DashboardFixture()
        let response = try #require(await fixture.get("/dashboards/", authorized: false))
        #expect(response.status == 401)
        #expect(response.headers["WWW-Authenticate"]?.hasPrefix("Basic realm=") == true)
        await fixture.close()
    }

    @Test("paths outside /dashboards are left to the gateway")
    func otherPaths() async throws {
        let fixture = try await DashboardFixture()
        #expect(await fixture.get("/xapi/statements") == nil)
        #expect(await fixture.get("/dashboardsx") == nil)
        await fixture.close()
    }

    @Test("unknown segments and learners answer 404, malformed dates 400")
    func errors() async throws {
        let fixture = try await DashboardFixture()
        #expect(await fixture.get("/dashboards/segments/nobody")?.status == 404)
        #expect(await fixture.get("/dashboards/learners/E99")?.status == 404)
        #expect(await fixture.get("/dashboards/nowhere")?.status == 404)
        #expect(await fixture.get("/dashboards/?from=2026-13-01")?.status == 400)
        #expect(await fixture.get("/dashboards/?from=2026-03-10&to=2026-03-01")?.status == 400)
        await fixture.close()
    }

    @Test("the status document reports the Feed sequence the refresh script compares")
    func status() async throws {
        let fixture = try await DashboardFixture()
        let response = try #require(await fixture.get("/dashboards/status"))
        #expect(response.status == 200)
        #expect(PageText.body(response).contains("\"appliedSequence\":12"))
        let page = PageText.body(await fixture.get("/dashboards/"))
        #expect(page.contains("var seen = \"12\";"))
        #expect(page.contains("/dashboards/status?after="))
        #expect(page.contains("<meta http-equiv=\"refresh\""))
        await fixture.close()
    }

    @Test("status?after=N answers at once when the service is past N, and otherwise once a later batch commits")
    func statusLongPoll() async throws {
        let fixture = try await DashboardFixture()
        let past = try #require(await fixture.get("/dashboards/status?after=11"))
        #expect(PageText.body(past).contains("\"appliedSequence\":12"))
        #expect(await fixture.get("/dashboards/status?after=twelve")?.status == 400)

        let waiting = Task { await fixture.get("/dashboards/status?after=12") }
        try await Task.sleep(for: .milliseconds(300))
        var later = DashboardFixture.events[0]
        later.statement?.sequence = 13
        later.statement?.id = "00000000-0000-4000-8000-000000000099"
        let started = ContinuousClock.now
        try await fixture.store.apply([later])
        let answer = try #require(await waiting.value)
        #expect(PageText.body(answer).contains("\"appliedSequence\":13"))
        // The wait itself would last 15 s (three quarters of the 20 s call timeout).
        #expect(ContinuousClock.now - started < .seconds(12), "the wait should end with the batch, not its timeout")
        await fixture.close()
    }
}
