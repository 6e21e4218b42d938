import FlywheelContracts

extension DashboardSite {
    /// One course: headline and trend, funnel, where learners stop, scores, effectiveness by segment, leaders.
    func coursePage(_ id: String, _ filters: DashboardFilters, access: DashboardAccess) async throws -> DashboardPage {
        let scoped = filters.with(activity: "")
        let title = courses.first { $0.id == id }?.title ?? id
        var page = try await frame(
            title: "Course: \(title)", path: DashboardPath.course(id, DashboardFilters()), filters: scoped)
        async let measured = measures(activity: id, filters: scoped)
        async let funnel = intelligence.getCourseFunnel(
            IntelligenceV1.GetCourseFunnelRequest(courseID: id, segment: scoped.segment, from: scoped.from, to: scoped.to),
            options: callOptions)
        async let leaders = leaderboard(
            IntelligenceV1.GetLeaderboardRequest(
                activityID: id, segment: scoped.segment, metric: "score", limit: 10, from: scoped.from, to: scoped.to),
            access: access)
        async let effects = effectiveness(segments: scoped.segment.isEmpty ? [] : [scoped.segment])
        let response = try await measured
        let stages = try await funnel
        guard stages.launched > 0 || (response.total?.launches ?? 0) > 0 || courses.contains(where: { $0.id == id })
        else {
            throw DashboardRequestError(.notFound, "no course \(id) has any activity")
        }

        page.sections.append(DashboardSections.section("headline", "Headline", DashboardSections.headline(response)))
        page.sections.append(
            DashboardSections.section(
                "activity", "Activity over time",
                DashboardSections.trend(response, filters: scoped, bucketDays: scoped.bucketDays) {
                    DashboardPath.course(id, $0)
                }))
        let overview = DashboardPath.overview(scoped.with(activity: id))
        let stageData = [
            ("Launched", stages.launched), ("Progressed", stages.progressed), ("Completed", stages.completed),
            ("Passed", stages.passed),
        ].map { ChartFigure.Datum(label: $0.0, value: Double($0.1), display: String($0.1), link: overview) }
        page.sections.append(
            DashboardSections.section(
                "funnel", "Funnel",
                ChartDrawing.funnel(id: "course-funnel", title: "Learners at each stage", stages: stageData).html))
        page.sections.append(DashboardSections.section("drop-off", "Where learners stop", dropOff(stages, scoped)))
        page.sections.append(
            DashboardSections.section(
                "scores", "Scores",
                ChartDrawing.scoreHistogram(
                    id: "score-distribution", title: "Scaled scores on this course's assessments",
                    counts: response.total?.scoreHistogram ?? [], link: DashboardPath.course(id, scoped) + "#leaders"
                ).html))
        let (estimates, defined) = try await effects
        page.sections.append(
            DashboardSections.section(
                "effectiveness", "What works, by segment",
                DashboardSections.effectiveness(
                    estimates.filter { $0.outcomeID == id || $0.outcomeID.hasPrefix(id + "/") },
                    definedSegments: defined, filters: scoped)))
        page.sections.append(
            DashboardSections.section(
                "leaders", "Highest mean scores",
                try await leaders.map {
                    DashboardSections.leaderboard(
                        $0.entries, id: "leaderboard", title: "Learners with the highest mean score",
                        metric: "score", filters: scoped)
                } ?? DashboardSections.learnersWithheld))
        return page
    }

    /// Effect estimates with the names of the defined segments (other columns are departments).
    func effectiveness(segments: [String]) async throws -> ([IntelligenceV1.EffectEstimate], Set<String>) {
        async let response = intelligence.getEffectiveness(
            IntelligenceV1.GetEffectivenessRequest(segments: segments, minimumGroup: minimumGroup),
            options: callOptions)
        async let defined = intelligence.listSegments(IntelligenceV1.ListSegmentsRequest(), options: callOptions)
        return (try await response.estimates, Set(try await defined.segments.map(\.name)))
    }

    private func dropOff(_ funnel: IntelligenceV1.GetCourseFunnelResponse, _ filters: DashboardFilters) -> String {
        guard !funnel.modules.isEmpty else { return DashboardSections.paragraph("No module has been launched yet.") }
        let data = funnel.modules.map { module in
            ChartFigure.Datum(
                label: "\(module.position). \(module.activityID)", value: Double(module.stopped),
                display: "\(module.stopped) of \(module.reached) stopped",
                link: DashboardPath.overview(filters.with(activity: module.activityID)))
        }
        let worst = funnel.modules.max { $0.stopped < $1.stopped }
        return ChartDrawing.bars(
            id: "module-drop-off", title: "Learners who stopped at each module",
            summary: "Most learners stop at module \(worst?.position ?? 0) (\(worst?.stopped ?? 0) of "
                + "\(worst?.reached ?? 0)).",
            data: data, valueHeading: "Stopped of reached"
        ).html
    }
}
