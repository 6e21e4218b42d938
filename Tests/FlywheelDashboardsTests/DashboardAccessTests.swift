import FlywheelContracts
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

    @Test("valid credentials without a dashboard scope get 403 on every page")
    func forbidden() async throws {
        let fixture = try await DashboardFixture()
        for path in ["/dashboards/", "/dashboards/segments/sales", "/dashboards/learners/E1", "/dashboards/status"] {
            let response = try #require(await fixture.get(path, authorization: DashboardFixture.statementCredentials))
            #expect(response.status == 403, "\(path)")
            #expect(PageText.body(response).contains("no dashboard scope"))
        }
        await fixture.close()
    }

    @Test("aggregate access sees the overview, course and segment pages with no learner named")
    func aggregatesOnly() async throws {
        let fixture = try await DashboardFixture()
        let course = try #require(DashboardFixture.course.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
        let names = ["Ada Lovelace", "Ben Okri", "Cy Young", "Dee Idle", "(E1)", "(E2)", "(E4)"]
        for path in ["/dashboards/", "/dashboards/courses/" + course, "/dashboards/segments/sales"] {
            let response = try #require(await fixture.get(path, authorization: DashboardFixture.aggregateCredentials))
            let html = PageText.body(response)
            #expect(response.status == 200, "\(path)")
            #expect(!PageText.links(in: html).contains { $0.hasPrefix("/dashboards/learners/") }, "\(path)")
            for name in names {
                #expect(!html.contains(name), "\(path) names \(name)")
            }
            #expect(html.contains("Learners are named only for credentials with learner access"), "\(path)")
        }
        // The same figures as learner access: only the names are withheld.
        let overview = PageText.body(await fixture.get("/dashboards/", authorization: DashboardFixture.aggregateCredentials))
        #expect(PageText.figure("launches", in: overview) == PageText.figure("launches", in: PageText.body(await fixture.get("/dashboards/"))))
        let segment = PageText.body(
            await fixture.get("/dashboards/segments/sales", authorization: DashboardFixture.aggregateCredentials))
        #expect(segment.contains("2 of 3 members have no completion in this view."))

        let learner = try #require(
            await fixture.get("/dashboards/learners/E1", authorization: DashboardFixture.aggregateCredentials))
        #expect(learner.status == 403)
        #expect(PageText.body(learner).contains("learner pages need the dashboards/learners"))
        await fixture.close()
    }

    @Test("markup in filters, paths, learner names and segment names is shown as text, never run")
    func markupIsEscaped() async throws {
        let fixture = try await DashboardFixture()
        let cli = IntelligenceV1.Intelligence.Client(channel: fixture.server.inProcessChannel(identity: "cli"))
        let directory = """
            employee_id,name,email,department,role,location,time_zone,tenure_band,manager_id,is_manager
            E1,<script>alert(1)</script>,ada@example.com,Sales,Rep,London,Europe/London,<1y,E3,false

            """
        _ = try await cli.importLearners(
            IntelligenceV1.ImportLearnersRequest(content: Array(directory.utf8), format: "csv"))
        _ = try await cli.defineSegment(
            IntelligenceV1.DefineSegmentRequest(name: "<b>bold</b>", filter: "department=Sales"))
        let script = "%3Cscript%3Ealert(2)%3C%2Fscript%3E"
        let targets = [
            "/dashboards/", "/dashboards/?activity=\(script)", "/dashboards/learners/E1",
            "/dashboards/segments/%3Cb%3Ebold%3C%2Fb%3E", "/dashboards/learners/\(script)",
            "/dashboards/courses/\(script)",
        ]
        for target in targets {
            let html = PageText.body(await fixture.get(target))
            #expect(!html.contains("<script>alert"), "\(target)")
            #expect(!html.contains("<b>bold"), "\(target)")
        }
        let learner = PageText.body(await fixture.get("/dashboards/learners/E1"))
        #expect(learner.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        await fixture.close()
    }

    @Test("with the intelligence service gone every page answers 502 naming it, and status too")
    func intelligenceGone() async throws {
        let fixture = try await DashboardFixture()
        fixture.server.closeAll()
        let started = ContinuousClock.now
        for path in ["/dashboards/", "/dashboards/segments/sales", "/dashboards/status"] {
            let response = try #require(await fixture.get(path))
            #expect(response.status == 502, "\(path)")
            #expect(PageText.body(response).contains("intelligence"), "\(path)")
        }
        #expect(ContinuousClock.now - started < .seconds(10), "a gone service should fail fast, not at the deadline")
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
