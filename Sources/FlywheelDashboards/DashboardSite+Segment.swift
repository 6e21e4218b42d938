import FlywheelContracts

extension DashboardSite {
    /// One audience: its figures and trend, what works for it, and who is behind.
    func segmentPage(_ name: String, _ filters: DashboardFilters, access: DashboardAccess) async throws -> DashboardPage {
        let scoped = filters.with(segment: name)
        let segments = try await intelligence.listSegments(IntelligenceV1.ListSegmentsRequest(), options: callOptions)
        guard let segment = segments.segments.first(where: { $0.name == name }) else {
            throw DashboardRequestError(.notFound, "no segment named '\(name)'")
        }
        var page = try await frame(
            title: "Segment: \(name)", path: DashboardPath.segment(name, DashboardFilters()), filters: scoped)
        async let measured = measures(activity: scoped.activity, filters: scoped)
        async let effects = effectiveness(segments: [name])
        async let members = intelligence.listLearners(
            IntelligenceV1.ListLearnersRequest(segment: name, limit: 1000), options: callOptions)
        async let ranked = intelligence.getLeaderboard(
            IntelligenceV1.GetLeaderboardRequest(
                activityID: scoped.activity, segment: name, limit: 1000, from: scoped.from, to: scoped.to),
            options: callOptions)
        let response = try await measured

        page.sections.append(
            DashboardSections.section(
                "about", "Who is in it",
                DashboardSections.paragraph("\(segment.learnerCount) learners match '\(segment.filter)'.")))
        page.sections.append(DashboardSections.section("headline", "Headline", DashboardSections.headline(response)))
        page.sections.append(
            DashboardSections.section(
                "activity", "Activity over time",
                DashboardSections.trend(response, filters: scoped, bucketDays: scoped.bucketDays) {
                    DashboardPath.segment(name, $0.with(segment: ""))
                }))
        let (estimates, defined) = try await effects
        page.sections.append(
            DashboardSections.section(
                "effectiveness", "What works for this audience",
                DashboardSections.effectiveness(
                    estimates.filter { $0.segment == name }, definedSegments: defined, filters: scoped)))
        page.sections.append(
            DashboardSections.section(
                "behind", "Who is behind",
                behind(
                    members: try await members, ranked: try await ranked.entries, filters: scoped,
                    namesLearners: access.namesLearners)))
        page.sections.append(
            DashboardSections.section("courses", "Courses for this audience", try await courseBars(scoped)))
        return page
    }

    /// The ten members with the fewest completions, members without any first; without learner access, only
    /// how many members have none.
    private func behind(
        members: IntelligenceV1.ListLearnersResponse, ranked: [IntelligenceV1.LeaderboardEntry],
        filters: DashboardFilters, namesLearners: Bool
    ) -> String {
        guard !members.learners.isEmpty else {
            return DashboardSections.paragraph("The segment has no learners in the directory.")
        }
        let completions = Dictionary(ranked.map { ($0.employeeID, $0.value) }, uniquingKeysWith: { first, _ in first })
        guard namesLearners else {
            let none = members.learners.filter { (completions[$0.employeeID] ?? 0) == 0 }.count
            let checked = members.total > 1000 ? " (first 1000 members checked)" : ""
            return DashboardSections.paragraph(
                "\(none) of \(members.learners.count) members have no completion in this view\(checked).")
                + DashboardSections.learnersWithheld
        }
        let trailing = members.learners
            .map { ($0, completions[$0.employeeID] ?? 0) }
            .sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0.employeeID < $1.0.employeeID }
            .prefix(10)
        let data = trailing.map { learner, value in
            ChartFigure.Datum(
                label: "\(learner.name.isEmpty ? learner.employeeID : learner.name) (\(learner.employeeID))",
                value: value, display: "\(Int(value)) completions",
                link: DashboardPath.learner(learner.employeeID, filters.with(segment: "", activity: "")))
        }
        let none = trailing.filter { $0.1 == 0 }.count
        return ChartDrawing.bars(
            id: "behind", title: "Members with the fewest completions",
            summary: "\(none) of the \(data.count) listed have no completion in this view"
                + (members.total > 1000 ? " (first 1000 members checked)." : "."),
            data: data, valueHeading: "Completions"
        ).html
    }
}
