import FlywheelContracts

extension DashboardSite {
    /// One learner: who they are, their figures and trend, their courses and scores.
    func learnerPage(_ key: String, _ filters: DashboardFilters) async throws -> DashboardPage {
        let scoped = filters.with(segment: "")
        var page = try await frame(
            title: "Learner: \(key)", path: DashboardPath.learner(key, DashboardFilters()), filters: scoped)
        async let directory = intelligence.listLearners(
            IntelligenceV1.ListLearnersRequest(employeeID: key), options: callOptions)
        async let measured = measures(activity: scoped.activity, learner: key, filters: scoped)
        let response = try await measured
        let person = try await directory.learners.first
        let total = response.total ?? IntelligenceV1.Measures()
        guard person != nil || total.launches > 0 || total.activeLearners > 0 else {
            throw DashboardRequestError(.notFound, "no learner '\(key)' in the directory or the statements")
        }
        if let person {
            page.title = "Learner: \(person.name.isEmpty ? key : person.name)"
            page.sections.append(DashboardSections.section("profile", "Profile", profile(person, scoped)))
        } else {
            page.sections.append(
                DashboardSections.section(
                    "profile", "Profile",
                    DashboardSections.paragraph("\(key) is not in the learner directory; statements name them.")))
        }
        page.sections.append(DashboardSections.section("headline", "Headline", DashboardSections.headline(response)))
        page.sections.append(
            DashboardSections.section(
                "activity", "Activity over time",
                DashboardSections.trend(response, filters: scoped, bucketDays: scoped.bucketDays) {
                    DashboardPath.learner(key, $0)
                }))
        let courseSection = try await courseBars(scoped, learner: key)
        page.sections.append(DashboardSections.section("courses", "Courses", courseSection))
        page.sections.append(
            DashboardSections.section(
                "scores", "Scores",
                ChartDrawing.scoreHistogram(
                    id: "score-distribution", title: "This learner's scaled scores", counts: total.scoreHistogram,
                    link: DashboardPath.learner(key, scoped) + "#courses"
                ).html))
        return page
    }

    private func profile(_ person: IntelligenceV1.Learner, _ filters: DashboardFilters) -> String {
        var rows: [(String, String)] = [
            ("Employee id", HTMLText.escaped(person.employeeID)), ("Department", HTMLText.escaped(person.department)),
            ("Role", HTMLText.escaped(person.role)), ("Location", HTMLText.escaped(person.location)),
            ("Tenure", HTMLText.escaped(person.tenureBand)),
        ]
        if !person.managerID.isEmpty {
            let manager = DashboardPath.learner(person.managerID, filters)
            rows.append(("Manager", ChartFigure.linkCell(person.managerID, manager)))
        }
        return "<dl class=\"profile\">\n" + rows.map { "<dt>\($0.0)</dt><dd>\($0.1)</dd>\n" }.joined() + "</dl>\n"
    }
}
