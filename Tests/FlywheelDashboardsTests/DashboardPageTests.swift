import FlywheelContracts
import FlywheelDashboards
import FlywheelHTTP
import Testing

@Suite("Dashboard pages")
struct DashboardPageTests {
    static let march = "from=2026-03-01&to=2026-03-14"

    @Test("the overview shows the period's figures and the change against the previous period")
    func overviewFigures() async throws {
        let fixture = try await DashboardFixture()
        let response = try #require(await fixture.get("/dashboards/?\(Self.march)"))
        let html = PageText.body(response)
        #expect(response.status == 200)
        #expect(response.headers["Content-Type"]?.hasPrefix("text/html") == true)
        // An inline icon: browsers do not ask the gateway for /favicon.ico and log its 404.
        #expect(html.contains("<link rel=\"icon\" href=\"data:image/svg+xml,"))
        #expect(PageText.figure("launches", in: html) == "5")
        #expect(PageText.figure("active-learners", in: html) == "3")
        #expect(PageText.figure("completions", in: html) == "2")
        #expect(PageText.figure("pass-rate", in: html) == "66.7%")
        #expect(PageText.figure("mean-score", in: html) == "70.0")
        #expect(html.contains("+4 vs 2026-02-15–2026-02-28"))
        #expect(html.contains("<svg") && html.contains("<title id=\"launches-trend-title\">Launches per day</title>"))
        #expect(html.contains(">Safety basics</a></th><td>2 of 3 (66.7%)</td>"))
        await fixture.close()
    }

    @Test("the score distribution counts each result in its band, in the SVG and the table")
    func scoreBands() async throws {
        let fixture = try await DashboardFixture()
        let html = PageText.body(await fixture.get("/dashboards/?\(Self.march)"))
        #expect(html.contains("<title>Scores 40–49: 1</title>"))
        #expect(html.contains("<title>Scores 70–79: 1</title>"))
        #expect(html.contains("<title>Scores 90–100: 1</title>"))
        #expect(html.contains("<title>Scores 50–59: 0</title>"))
        #expect(html.contains(">90–100</a></th><td>1</td>"))
        await fixture.close()
    }

    @Test("a segment filter narrows the overview's numbers to its members")
    func segmentFilterChangesNumbers() async throws {
        let fixture = try await DashboardFixture()
        let html = PageText.body(await fixture.get("/dashboards/?\(Self.march)&segment=sales"))
        #expect(PageText.figure("launches", in: html) == "4")
        #expect(PageText.figure("active-learners", in: html) == "2")
        #expect(PageText.figure("completions", in: html) == "1")
        #expect(html.contains("<option value=\"sales\" selected>"))
        await fixture.close()
    }

    @Test("a date filter narrows the numbers to the chosen days")
    func dateFilterChangesNumbers() async throws {
        let fixture = try await DashboardFixture()
        let early = PageText.body(await fixture.get("/dashboards/?from=2026-03-01&to=2026-03-07"))
        let all = PageText.body(await fixture.get("/dashboards/"))
        #expect(PageText.figure("launches", in: early) == "4")
        #expect(PageText.figure("launches", in: all) == "6")
        await fixture.close()
    }

    @Test("the course page draws the funnel and where learners stop")
    func courseFunnel() async throws {
        let fixture = try await DashboardFixture()
        let encoded = try #require(DashboardFixture.course.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
        let path = "/dashboards/courses/" + encoded
        let response = try #require(await fixture.get(path))
        let html = PageText.body(response)
        #expect(response.status == 200)
        #expect(html.contains(">Launched</a></th><td>3</td><td>100.0%</td>"))
        #expect(html.contains(">Completed</a></th><td>2</td><td>66.7%</td>"))
        #expect(html.contains(">Passed</a></th><td>2</td><td>66.7%</td>"))
        #expect(html.contains("<title id=\"course-funnel-title\">Learners at each stage</title>"))
        #expect(html.contains("Ada Lovelace"))
        await fixture.close()
    }

    @Test("the segment page lists the member with no completion among those behind")
    func segmentBehind() async throws {
        let fixture = try await DashboardFixture()
        let response = try #require(await fixture.get("/dashboards/segments/sales"))
        let html = PageText.body(response)
        #expect(response.status == 200)
        #expect(html.contains("3 learners match"))
        #expect(html.contains(">Dee Idle (E4)</a></th><td>0 completions</td>"))
        #expect(html.contains(">Ada Lovelace (E1)</a></th><td>1 completions</td>"))
        #expect(!html.contains("Cy Young (E3)"))
        await fixture.close()
    }

    @Test("the learner page shows the person and their own figures")
    func learnerPage() async throws {
        let fixture = try await DashboardFixture()
        let html = PageText.body(await fixture.get("/dashboards/learners/E1?\(Self.march)"))
        #expect(html.contains("<title>Learner: Ada Lovelace"))
        #expect(PageText.figure("launches", in: html) == "2")
        #expect(PageText.figure("completions", in: html) == "1")
        #expect(html.contains("href=\"/dashboards/learners/E3?"))
        await fixture.close()
    }

    @Test("every dashboard link on every page answers 200")
    func linksResolve() async throws {
        let fixture = try await DashboardFixture()
        let course = try #require(DashboardFixture.course.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
        let pages = [
            "/dashboards/?\(Self.march)", "/dashboards/courses/\(course)?\(Self.march)",
            "/dashboards/segments/sales?\(Self.march)", "/dashboards/learners/E2",
        ]
        var checked = 0
        for page in pages {
            let links = PageText.links(in: PageText.body(await fixture.get(page)))
            #expect(links.count > 5, "\(page) has only \(links.count) links")
            for link in links {
                let response = await fixture.get(link)
                #expect(response?.status == 200, "\(link) from \(page) answered \(response?.status ?? 0)")
                checked += 1
            }
        }
        #expect(checked > 30)
        await fixture.close()
    }
}
