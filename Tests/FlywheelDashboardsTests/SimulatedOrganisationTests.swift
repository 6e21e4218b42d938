import FlywheelContracts
import FlywheelDashboards
import FlywheelHTTP
import FlywheelIntelligence
import FlywheelRPC
import FlywheelSimulation
import FlywheelXAPI
import Foundation
import Testing

@Suite("Dashboards over a simulated organisation")
struct SimulatedOrganisationTests {
    /// A small organisation's directory and statements in an intelligence store, with the site over it.
    struct Organisation {
        let store: IntelligenceStore
        let server: RPCServer
        let site: DashboardSite
        let reader: IntelligenceV1.Intelligence.Client
        let courses: [DashboardCourse]
    }

    static func organisation(learners: Int) async throws -> Organisation {
        let simulation = try Simulation(configuration: SimulationConfiguration(learners: learners, days: 120, seed: 5))
        let store = try IntelligenceStore()
        let server = RPCServer()
        server.register(IntelligenceService(store: store).rpcService, policy: IntelligenceService.accessPolicy)
        let cli = IntelligenceV1.Intelligence.Client(channel: server.inProcessChannel(identity: "cli"))
        let csv = LearnerDirectory.csv((0..<learners).map(simulation.learner(at:)))
        _ = try await cli.importLearners(IntelligenceV1.ImportLearnersRequest(content: Array(csv.utf8), format: "csv"))
        _ = try await cli.defineSegment(IntelligenceV1.DefineSegmentRequest(name: "new-joiners", filter: "tenure<1y"))

        var events: [IngestV1.FeedEvent] = []
        for index in 0..<learners {
            for statement in simulation.statements(forLearner: index) {
                let sequence = UInt64(events.count + 1)
                events.append(
                    IngestV1.FeedEvent(
                        statement: IngestV1.StoredStatement(
                            id: statement["id"]?.stringValue ?? "", sequence: sequence, json: statement.serialized(),
                            voided: false, storedMicros: 0),
                        voidedStatementID: ""))
            }
        }
        try await store.apply(events)

        let catalogue = simulation.configuration.catalogue
        let courses = catalogue.courses.map { DashboardCourse(id: catalogue.courseID($0), title: $0.slug) }
        let reader = IntelligenceV1.Intelligence.Client(channel: server.inProcessChannel(identity: "gateway"))
        let site = DashboardSite(intelligence: reader, courses: courses, minimumGroup: 5) { _ in .learners }
        return Organisation(store: store, server: server, site: site, reader: reader, courses: courses)
    }

    @Test("the course page's heat map prints the service's first-ranked effect and its links answer 200")
    func heatMap() async throws {
        let organisation = try await Self.organisation(learners: 240)
        let effects = try await organisation.reader.getEffectiveness(
            IntelligenceV1.GetEffectivenessRequest(minimumGroup: 5))
        let firstRanked = try #require(effects.estimates.first)
        let course = try #require(organisation.courses.first { firstRanked.outcomeID.hasPrefix($0.id + "/") })

        let page = HTTPRequest(method: .get, path: "/dashboards/courses/\(course.id)")
        let html = PageText.body(await organisation.site.handle(page))
        #expect(html.contains("<title id=\"effectiveness-title\">"))
        let rounded = (firstRanked.effectPoints * 10).rounded() / 10
        let sign = rounded > 0 ? "+" : (rounded < 0 ? "−" : "±")
        let mark = firstRanked.verdict == "not enough evidence" ? " ?" : ""
        let cell = ">\(sign)\(String(abs(rounded)))\(mark)</a></td>"
        #expect(html.contains(cell), "no cell for \(firstRanked.contentID)")
        #expect(html.contains(firstRanked.segment))
        #expect(!html.contains("the dates chosen do not narrow them"))
        let dated = HTTPRequest(
            method: .get, path: "/dashboards/courses/\(course.id)", rawQuery: "from=2026-02-01&to=2026-02-28")
        let datedHTML = PageText.body(await organisation.site.handle(dated))
        #expect(datedHTML.contains("the dates chosen do not narrow them"))
        #expect(datedHTML.contains(cell), "a date filter changed the estimates")

        var answered = 0
        for link in PageText.links(in: html) {
            let parts = link.split(separator: "?", maxSplits: 1).map(String.init)
            let request = HTTPRequest(
                method: .get, path: parts[0].split(separator: "#")[0].removingPercentEncoding ?? parts[0],
                rawQuery: parts.count > 1 ? String(parts[1].split(separator: "#").first ?? "") : "")
            let status = await organisation.site.handle(request)?.status
            #expect(status == 200, "\(link) answered \(status ?? 0)")
            answered += 1
        }
        #expect(answered > 10)
        organisation.server.closeAll()
        await organisation.store.close()
    }
}
