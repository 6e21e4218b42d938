import FlywheelContracts
import FlywheelDashboards
import FlywheelHTTP
import FlywheelIntelligence
import FlywheelRPC
import Foundation

/// An intelligence store fed a small known set of statements, served in process, and the site reading it.
final class DashboardFixture: Sendable {
    static let course = "https://learn.example.com/courses/safety"
    static let module = course + "/modules/1"
    static let assessment = course + "/assessment"
    /// Credentials with learner access.
    static let credentials = basic("lead:secret")
    /// Credentials with aggregate access only.
    static let aggregateCredentials = basic("stakeholder:secret")
    /// Valid credentials without a dashboard scope.
    static let statementCredentials = basic("lms:secret")

    static func basic(_ pair: String) -> String { "Basic " + Data(pair.utf8).base64EncodedString() }

    let store: IntelligenceStore
    let server: RPCServer
    let site: DashboardSite

    init() async throws {
        store = try IntelligenceStore()
        server = RPCServer()
        server.register(IntelligenceService(store: store).rpcService, policy: IntelligenceService.accessPolicy)
        let cli = IntelligenceV1.Intelligence.Client(channel: server.inProcessChannel(identity: "cli"))
        let directory = """
            employee_id,name,email,department,role,location,time_zone,tenure_band,manager_id,is_manager
            E1,Ada Lovelace,ada@example.com,Sales,Rep,London,Europe/London,<1y,E3,false
            E2,Ben Okri,ben@example.com,Sales,Rep,Lagos,Africa/Lagos,1-3y,E3,false
            E3,Cy Young,cy@example.com,Engineering,Lead,Boston,America/New_York,5-10y,,true
            E4,Dee Idle,dee@example.com,Sales,Rep,Paris,Europe/Paris,<1y,E3,false

            """
        _ = try await cli.importLearners(
            IntelligenceV1.ImportLearnersRequest(content: Array(directory.utf8), format: "csv"))
        _ = try await cli.defineSegment(IntelligenceV1.DefineSegmentRequest(name: "sales", filter: "department=Sales"))
        try await store.apply(Self.events)

        let gateway = IntelligenceV1.Intelligence.Client(channel: server.inProcessChannel(identity: "gateway"))
        site = DashboardSite(
            intelligence: gateway, courses: [DashboardCourse(id: Self.course, title: "Safety basics")],
            authorize: { request in
                switch request.headers["Authorization"] {
                case DashboardFixture.credentials: .learners
                case DashboardFixture.aggregateCredentials: .aggregates
                case DashboardFixture.statementCredentials: .forbidden
                default: .unauthenticated
                }
            })
    }

    /// The statements: three learners in March 2026 and one launch in February, the previous period.
    static var events: [IngestV1.FeedEvent] {
        let statements = [
            statement("E1", "launched", course, type: "course", at: "2026-02-20"),
            statement("E1", "launched", course, type: "course", at: "2026-03-02"),
            statement("E1", "launched", module, type: "module", at: "2026-03-02", parent: course),
            statement("E1", "completed", module, type: "module", at: "2026-03-03", parent: course),
            statement("E1", "passed", assessment, type: "assessment", at: "2026-03-04", parent: course, score: 0.9),
            statement("E1", "completed", course, type: "course", at: "2026-03-04"),
            statement("E2", "launched", course, type: "course", at: "2026-03-03"),
            statement("E2", "launched", module, type: "module", at: "2026-03-03", parent: course),
            statement("E2", "failed", assessment, type: "assessment", at: "2026-03-05", parent: course, score: 0.45),
            statement("E3", "launched", course, type: "course", at: "2026-03-10"),
            statement("E3", "passed", assessment, type: "assessment", at: "2026-03-11", parent: course, score: 0.75),
            statement("E3", "completed", course, type: "course", at: "2026-03-11"),
        ]
        return statements.enumerated().map { index, json in
            IngestV1.FeedEvent(
                statement: IngestV1.StoredStatement(
                    id: "00000000-0000-4000-8000-\(String(format: "%012d", index + 1))", sequence: UInt64(index + 1),
                    json: Array(json.utf8), voided: false, storedMicros: 0),
                voidedStatementID: "")
        }
    }

    private static func statement(
        _ learner: String, _ verb: String, _ activity: String, type: String, at day: String, parent: String? = nil,
        score: Double? = nil
    ) -> String {
        var json = "{\"id\":\"\(UUID().uuidString.lowercased())\","
        json += "\"actor\":{\"objectType\":\"Agent\","
        json += "\"account\":{\"homePage\":\"https://hr.example.com\",\"name\":\"\(learner)\"}},"
        json += "\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/\(verb)\"},"
        json += "\"object\":{\"objectType\":\"Activity\",\"id\":\"\(activity)\","
        json += "\"definition\":{\"type\":\"http://adlnet.gov/expapi/activities/\(type)\"}},"
        if let parent {
            json += "\"context\":{\"contextActivities\":{\"parent\":[{\"id\":\"\(parent)\"}]}},"
        }
        if let score {
            json += "\"result\":{\"score\":{\"scaled\":\(score)},\"success\":\(verb == "passed")},"
        }
        json += "\"timestamp\":\"\(day)T10:00:00Z\"}"
        return json
    }

    /// A GET with the fixture's credentials; `target` is a path with an optional query, percent-encoded.
    func get(_ target: String, authorized: Bool = true) async -> HTTPResponse? {
        await get(target, authorization: authorized ? Self.credentials : nil)
    }

    /// A GET with the given Authorization header, or none.
    func get(_ target: String, authorization: String?) async -> HTTPResponse? {
        let parts = target.split(separator: "?", maxSplits: 1).map(String.init)
        let path = parts[0].split(separator: "#").first.map(String.init) ?? parts[0]
        var headers = HTTPHeaders()
        if let authorization { headers.add(name: "Authorization", value: authorization) }
        let request = HTTPRequest(
            method: .get, path: path.removingPercentEncoding ?? path,
            rawQuery: parts.count > 1 ? String(parts[1].split(separator: "#").first ?? "") : "", headers: headers)
        return await site.handle(request)
    }

    func close() async {
        server.closeAll()
        await store.close()
    }
}

/// Reading numbers and links back out of a rendered page.
enum PageText {
    /// The body as text.
    static func body(_ response: HTTPResponse?) -> String {
        String(decoding: response?.body ?? Data(), as: UTF8.self)
    }

    /// The headline figure with this id, such as `launches`.
    static func figure(_ slug: String, in html: String) -> String? {
        guard let start = html.range(of: "id=\"kpi-\(slug)\">") else { return nil }
        let rest = html[start.upperBound...]
        return rest.firstIndex(of: "<").map { String(rest[..<$0]) }
    }

    /// Every dashboard link of a page, HTML entities undone, in order without repeats.
    static func links(in html: String) -> [String] {
        var found: [String] = []
        var remaining = html[...]
        while let start = remaining.range(of: "href=\"") {
            let rest = remaining[start.upperBound...]
            guard let end = rest.firstIndex(of: "\"") else { break }
            let link = String(rest[..<end]).replacingOccurrences(of: "&amp;", with: "&")
            if link.hasPrefix("/dashboards/"), !found.contains(link) { found.append(link) }
            remaining = rest[end...]
        }
        return found
    }
}
