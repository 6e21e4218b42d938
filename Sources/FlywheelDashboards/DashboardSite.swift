public import FlywheelContracts
public import FlywheelHTTP
import FlywheelRPC
import Foundation

/// The dashboards learning teams open every morning, rendered on the server as HTML with inline SVG charts.
///
/// Every number comes from the intelligence service over RPC. The site answers paths under `/dashboards/`
/// and leaves every other path to the caller:
/// - `/dashboards/`: activity, completions and trends against the previous period;
/// - `/dashboards/courses/<course IRI>`: funnel, drop-off, scores, effectiveness by segment;
/// - `/dashboards/segments/<name>`: what works for the audience, who is behind;
/// - `/dashboards/learners/<employee id>`: one learner's activity and results (learner access only);
/// - `/dashboards/status`: the Feed position as JSON, polled by the pages to refresh themselves.
///
/// Filters live in the query: `from` and `to` (`YYYY-MM-DD`), `segment`, `activity`.
///
/// What a request sees depends on its ``DashboardAccess``: aggregate access gets the overview, course and
/// segment pages with no learner named; learner access also gets rankings, "who is behind" by name and
/// learner pages.
public struct DashboardSite: Sendable {
    /// The intelligence service the numbers come from.
    public let intelligence: IntelligenceV1.Intelligence.Client
    /// The courses listed on the overview and learner pages, read on every request.
    public var courses: [DashboardCourse] { courseList() }
    private let courseList: @Sendable () -> [DashboardCourse]
    let authorize: @Sendable (HTTPRequest) async -> DashboardAccess
    let refreshSeconds: Int
    let minimumGroup: UInt32
    let callOptions: CallOptions
    let today: @Sendable () -> Int

    /// Creates the site.
    /// - Parameters:
    ///   - intelligence: A client of the intelligence service (the gateway's identity may read it).
    ///   - courses: The courses to list; the service has no catalogue call.
    ///   - refreshSeconds: The least time between two reloads of an open page; it reloads once new statements
    ///     are applied (every `refreshSeconds` without JavaScript).
    ///   - minimumGroup: Smallest exposed and unexposed group for an effect estimate; 0 for the service's default.
    ///   - timeout: The deadline of each RPC.
    ///   - authorize: What a request's credentials may see of the dashboards.
    public init(
        intelligence: IntelligenceV1.Intelligence.Client, courses: [DashboardCourse] = [], refreshSeconds: Int = 10,
        minimumGroup: UInt32 = 0, timeout: Duration = .seconds(20),
        authorize: @escaping @Sendable (HTTPRequest) async -> DashboardAccess
    ) {
        self.init(
            intelligence: intelligence, courseList: { courses }, refreshSeconds: refreshSeconds,
            minimumGroup: minimumGroup, timeout: timeout, authorize: authorize)
    }

    /// Creates the site with a course list that may change while it runs (a catalogue file, say).
    public init(
        intelligence: IntelligenceV1.Intelligence.Client, courseList: @escaping @Sendable () -> [DashboardCourse],
        refreshSeconds: Int = 10, minimumGroup: UInt32 = 0, timeout: Duration = .seconds(20),
        authorize: @escaping @Sendable (HTTPRequest) async -> DashboardAccess
    ) {
        self.intelligence = intelligence
        self.courseList = courseList
        self.refreshSeconds = max(5, refreshSeconds)
        self.minimumGroup = minimumGroup
        self.callOptions = CallOptions(timeout: timeout)
        self.authorize = authorize
        self.today = { CalendarText.today(secondsSince1970: Date().timeIntervalSince1970) }
    }

    /// Answers a request for a dashboard path.
    /// - Parameter request: The request.
    /// - Returns: The page, a 401, 404, 400 or 502 page, or nil when the path is not under `/dashboards`.
    public func handle(_ request: HTTPRequest) async -> HTTPResponse? {
        guard request.path == "/dashboards" || request.path.hasPrefix(DashboardPath.root) else { return nil }
        let access = await authorize(request)
        switch access {
        case .unauthenticated:
            var response = HTTPResponse.text("Dashboards need credentials (HTTP Basic).\n", status: 401)
            let challenge = "Basic realm=\"Flywheel dashboards\", charset=\"UTF-8\""
            response.headers.set(name: "WWW-Authenticate", value: challenge)
            return response
        case .forbidden:
            return HTTPResponse.text(
                "These credentials have no dashboard scope (dashboards, dashboards/learners, all/read or all).\n",
                status: 403)
        case .aggregates, .learners:
            break
        }
        guard request.method == .get || request.method == .head else {
            var response = HTTPResponse.text("Dashboards answer GET and HEAD only.\n", status: 405)
            response.headers.set(name: "Allow", value: "GET, HEAD")
            return response
        }
        if request.path == "/dashboards" {
            return HTTPResponse(status: 301, headers: ["Location": DashboardPath.root])
        }
        var response: HTTPResponse
        do {
            response = try await route(request, access: access)
        } catch let error as DashboardRequestError {
            response = errorPage(error)
        } catch let error as RPCError {
            response = errorPage(Self.requestError(error))
        } catch {
            response = errorPage(DashboardRequestError(.unavailable, "dashboard failed: \(error)"))
        }
        response.headers.set(name: "Cache-Control", value: "no-store")
        if request.method == .head { response.body = Data() }
        return response
    }

    private func route(_ request: HTTPRequest, access: DashboardAccess) async throws -> HTTPResponse {
        let rest = String(request.path.dropFirst(DashboardPath.root.count))
        if rest == "status" {
            // `?after=N` holds the answer until statements past N are applied (a long poll), for at most
            // three quarters of the call timeout.
            var statusRequest = IntelligenceV1.GetStatusRequest()
            if let text = request.queryValue("after") {
                guard let after = UInt64(text) else {
                    throw DashboardRequestError(.badFilter, "after=\(text) is not a Feed sequence")
                }
                let timeout = (callOptions.timeout ?? .seconds(20)).components
                let millis = timeout.seconds * 1000 + timeout.attoseconds / 1_000_000_000_000_000
                statusRequest.waitAfterSequence = after
                statusRequest.waitMillis = UInt32(clamping: millis * 3 / 4)
            }
            let status = try await intelligence.getStatus(statusRequest, options: callOptions)
            let json = "{\"appliedSequence\":\(status.appliedSequence),\"facts\":\(status.facts),"
                + "\"learners\":\(status.learners),\"segments\":\(status.segments)}"
            return HTTPResponse.json(Data(json.utf8))
        }
        let filters = try DashboardFilters(request: request)
        let page: DashboardPage
        if rest.isEmpty {
            page = try await overviewPage(filters, access: access)
        } else if let id = Self.remainder(rest, after: "courses/") {
            page = try await coursePage(id, filters, access: access)
        } else if let name = Self.remainder(rest, after: "segments/") {
            page = try await segmentPage(name, filters, access: access)
        } else if let key = Self.remainder(rest, after: "learners/") {
            guard access.namesLearners else {
                throw DashboardRequestError(
                    .forbidden, "learner pages need the dashboards/learners, all/read or all scope")
            }
            page = try await learnerPage(key, filters)
        } else {
            throw DashboardRequestError(.notFound, "no dashboard at \(request.path)")
        }
        return HTTPResponse.html(page.html)
    }

    /// The frame of a page: the Feed position and the segments the filter form offers.
    func frame(title: String, path: String, filters: DashboardFilters) async throws -> DashboardPage {
        async let status = intelligence.getStatus(IntelligenceV1.GetStatusRequest(), options: callOptions)
        async let segments = intelligence.listSegments(IntelligenceV1.ListSegmentsRequest(), options: callOptions)
        return DashboardPage(
            title: title, path: path, filters: filters, segmentNames: try await segments.segments.map(\.name),
            appliedSequence: try await status.appliedSequence, refreshSeconds: refreshSeconds, today: today(),
            sections: [])
    }

    /// Measures of a scope over the filtered period, bucketed to suit its length.
    func measures(activity: String, learner: String = "", filters: DashboardFilters, bucketed: Bool = true)
        async throws -> IntelligenceV1.GetMeasuresResponse
    {
        let bucket: IntelligenceV1.TimeBucket =
            !bucketed ? .none : filters.bucketDays == 1 ? .day : (filters.bucketDays == 7 ? .week : .month)
        let request = IntelligenceV1.GetMeasuresRequest(
            activityID: activity, learnerID: learner, segment: filters.segment, bucket: bucket, from: filters.from,
            to: filters.to)
        return try await intelligence.getMeasures(request, options: callOptions)
    }

    private func errorPage(_ error: DashboardRequestError) -> HTTPResponse {
        let html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">" + DashboardPage.icon
            + "<title>\(error.code.httpStatus) · "
            + "Flywheel dashboards</title></head><body><h1>\(HTMLText.escaped(error.code.description.capitalized))</h1>"
            + "<p class=\"error\">\(HTMLText.escaped(error.message))</p><p><a href=\"\(DashboardPath.root)\">"
            + "Back to the overview</a></p></body></html>\n"
        return HTTPResponse.html(html, status: error.code.httpStatus)
    }

    private static func requestError(_ error: RPCError) -> DashboardRequestError {
        switch error.code {
        case .notFound: DashboardRequestError(.notFound, error.message)
        case .invalidArgument: DashboardRequestError(.badFilter, error.message)
        default: DashboardRequestError(.unavailable, "intelligence service: \(error.message)")
        }
    }

    private static func remainder(_ path: String, after prefix: String) -> String? {
        guard path.hasPrefix(prefix), path.count > prefix.count else { return nil }
        return String(path.dropFirst(prefix.count))
    }
}
