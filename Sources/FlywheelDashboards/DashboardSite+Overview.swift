import FlywheelContracts

extension DashboardSite {
    /// The morning overview: headline figures with trends, activity over time, courses, scores, leaders, segments.
    func overviewPage(_ filters: DashboardFilters, access: DashboardAccess) async throws -> DashboardPage {
        var page = try await frame(title: "Learning overview", path: DashboardPath.root, filters: filters)
        async let measured = measures(activity: filters.activity, filters: filters)
        async let leaders = leaderboard(
            IntelligenceV1.GetLeaderboardRequest(
                activityID: filters.activity, segment: filters.segment, limit: 10, from: filters.from, to: filters.to),
            access: access)
        async let segmentList = intelligence.listSegments(IntelligenceV1.ListSegmentsRequest(), options: callOptions)
        let response = try await measured

        page.sections.append(DashboardSections.section("headline", "Headline", DashboardSections.headline(response)))
        page.sections.append(
            DashboardSections.section(
                "activity", "Activity over time",
                DashboardSections.trend(response, filters: filters, bucketDays: filters.bucketDays) {
                    DashboardPath.overview($0)
                }))
        page.sections.append(DashboardSections.section("courses", "Courses", try await courseBars(filters)))
        page.sections.append(
            DashboardSections.section(
                "scores", "Score distribution",
                ChartDrawing.scoreHistogram(
                    id: "score-distribution", title: "Scaled scores of assessment results",
                    counts: response.total?.scoreHistogram ?? [], link: DashboardPath.overview(filters) + "#leaders"
                ).html))
        page.sections.append(
            DashboardSections.section(
                "leaders", "Most completions",
                try await leaders.map {
                    DashboardSections.leaderboard(
                        $0.entries, id: "leaderboard", title: "Learners with the most completions",
                        metric: "completions", filters: filters)
                } ?? DashboardSections.learnersWithheld))
        page.sections.append(
            DashboardSections.section("segments", "Segments", segmentTable(try await segmentList.segments, filters)))
        return page
    }

    /// A leaderboard, or nil without learner access (it is not asked for then).
    func leaderboard(_ request: IntelligenceV1.GetLeaderboardRequest, access: DashboardAccess) async throws
        -> IntelligenceV1.GetLeaderboardResponse?
    {
        guard access.namesLearners else { return nil }
        return try await intelligence.getLeaderboard(request, options: callOptions)
    }

    /// Completions and completion rate of each listed course, each bar linking to the course page.
    func courseBars(_ filters: DashboardFilters, learner: String = "") async throws -> String {
        guard !courses.isEmpty else {
            return DashboardSections.paragraph("No courses are configured for the dashboards.")
        }
        // One request per course, all at once.
        let totals = try await withThrowingTaskGroup(of: (Int, IntelligenceV1.Measures).self) { group in
            for (index, course) in courses.enumerated() {
                group.addTask {
                    let response = try await measures(
                        activity: course.id, learner: learner, filters: filters.with(activity: ""), bucketed: false)
                    return (index, response.total ?? IntelligenceV1.Measures())
                }
            }
            var totals = Array(repeating: IntelligenceV1.Measures(), count: courses.count)
            for try await (index, total) in group { totals[index] = total }
            return totals
        }
        var data: [ChartFigure.Datum] = []
        for (course, total) in zip(courses, totals) {
            let target =
                learner.isEmpty
                ? DashboardPath.course(course.id, filters.with(activity: ""))
                : DashboardPath.overview(filters.with(activity: course.id))
            let rate = HTMLText.percent(total.completionRate)
            let display = "\(total.completions) of \(total.activeLearners) (\(rate))"
            data.append(
                ChartFigure.Datum(label: course.title, value: Double(total.completions), display: display, link: target))
        }
        let best = data.max { $0.value < $1.value }
        return ChartDrawing.bars(
            id: "course-completions", title: "Completions per course",
            summary: "\(data.count) courses; the most completed is \(best?.label ?? "none") with "
                + "\(best?.display ?? "0").",
            data: data, valueHeading: "Completions of active learners"
        ).html
    }

    private func segmentTable(_ segments: [IntelligenceV1.Segment], _ filters: DashboardFilters) -> String {
        guard !segments.isEmpty else { return DashboardSections.paragraph("No segments are defined yet.") }
        var output = "<table><thead><tr><th scope=\"col\">Segment</th><th scope=\"col\">Filter</th>"
        output += "<th scope=\"col\">Learners</th></tr></thead><tbody>\n"
        for segment in segments {
            output += "<tr><th scope=\"row\">"
            output += ChartFigure.linkCell(segment.name, DashboardPath.segment(segment.name, filters.with(segment: "")))
            output += "</th><td>\(HTMLText.escaped(segment.filter))</td><td>\(segment.learnerCount)</td></tr>\n"
        }
        return output + "</tbody></table>\n"
    }
}
