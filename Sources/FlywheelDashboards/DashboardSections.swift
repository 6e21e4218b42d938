import FlywheelContracts
import Foundation

/// HTML pieces several pages share: headline figures, leaderboards, effect heat maps.
enum DashboardSections {
    /// A section with a heading.
    static func section(_ id: String, _ heading: String, _ content: String) -> String {
        "<section id=\"\(id)\" aria-labelledby=\"\(id)-heading\">\n"
            + "<h2 id=\"\(id)-heading\">\(HTMLText.escaped(heading))</h2>\n\(content)</section>\n"
    }

    /// A paragraph of plain text.
    static func paragraph(_ text: String) -> String {
        "<p>\(HTMLText.escaped(text))</p>\n"
    }

    /// The headline figures of a measures response, with changes against the previous period when it has one.
    static func headline(_ response: IntelligenceV1.GetMeasuresResponse) -> String {
        let total = response.total ?? IntelligenceV1.Measures()
        let compared = !response.previousFrom.isEmpty
        let previous = response.previousPeriod ?? IntelligenceV1.Measures()
        func change(_ text: String) -> String {
            compared ? "<dd class=\"change\">\(HTMLText.escaped(text)) vs \(response.previousFrom)–"
                + "\(response.previousTo)</dd>" : ""
        }
        let figures: [(String, String, String)] = [
            ("Launches", String(total.launches), change(HTMLText.signed(response.launchesChange))),
            ("Active learners", String(total.activeLearners),
             change(HTMLText.signed(Double(total.activeLearners) - Double(previous.activeLearners)))),
            ("Completions", String(total.completions),
             change(HTMLText.signed(Double(total.completions) - Double(previous.completions)))),
            ("Completion rate", HTMLText.percent(total.completionRate),
             change(HTMLText.signed(response.completionRateChangePoints, unit: " pts", decimals: true))),
            ("Pass rate", HTMLText.percent(total.passRate),
             change(HTMLText.signed(response.passRateChangePoints, unit: " pts", decimals: true))),
            ("Mean score", total.scored == 0 ? "–" : HTMLText.decimal(total.scoreMean),
             change(HTMLText.signed(response.scoreMeanChangePoints, unit: " pts", decimals: true))),
            ("Time spent", HTMLText.duration(total.timeSpentSeconds), ""),
        ]
        var output = "<dl class=\"kpis\">\n"
        for (name, value, changeHTML) in figures {
            let slug = name.lowercased().replacingOccurrences(of: " ", with: "-")
            output += "<div><dt>\(name)</dt><dd class=\"value\" id=\"kpi-\(slug)\">\(HTMLText.escaped(value))</dd>"
            output += "\(changeHTML)</div>\n"
        }
        return output + "</dl>\n"
    }

    /// Activity over time: launches and completions per bucket, each point linking to that bucket's period.
    static func trend(
        _ response: IntelligenceV1.GetMeasuresResponse, filters: DashboardFilters, bucketDays: Int,
        link: (DashboardFilters) -> String
    ) -> String {
        let buckets = response.buckets
        func datum(_ index: Int, _ value: UInt64) -> ChartFigure.Datum {
            let start = buckets[index].start
            let end: String
            if index + 1 < buckets.count, let next = CalendarText.day(buckets[index + 1].start) {
                end = CalendarText.text(next - 1)
            } else if let first = CalendarText.day(start) {
                end = !filters.to.isEmpty ? filters.to : CalendarText.text(first + bucketDays - 1)
            } else {
                end = start
            }
            return ChartFigure.Datum(
                label: start, value: Double(value), display: String(value),
                link: link(filters.with(from: start, to: end)))
        }
        guard !buckets.isEmpty else { return paragraph("No activity in this period.") }
        let launches = buckets.indices.map { datum($0, buckets[$0].measures?.launches ?? 0) }
        let completions = buckets.indices.map { datum($0, buckets[$0].measures?.completions ?? 0) }
        let peak = launches.max { $0.value < $1.value }
        let unit = bucketDays == 1 ? "day" : (bucketDays == 7 ? "week" : "month")
        return ChartDrawing.timeSeries(
            id: "launches-trend", title: "Launches per \(unit)",
            summary: "\(launches.count) \(unit)s; the busiest began \(peak?.label ?? "") with \(peak?.display ?? "0") "
                + "launches.",
            data: launches, valueHeading: "Launches"
        ).html
            + ChartDrawing.timeSeries(
                id: "completions-trend", title: "Completions per \(unit)",
                summary: "\(completions.reduce(0) { $0 + Int($1.value) }) completions over \(completions.count) "
                    + "\(unit)s.",
                data: completions, valueHeading: "Completions"
            ).html
    }

    /// What stands in for a ranking of named learners when the credentials have aggregate access only.
    static let learnersWithheld = paragraph(
        "Learners are named only for credentials with learner access (dashboards/learners, all/read or all).")

    /// A leaderboard as bars, each learner linking to their page.
    static func leaderboard(
        _ entries: [IntelligenceV1.LeaderboardEntry], id: String, title: String, metric: String,
        filters: DashboardFilters
    ) -> String {
        guard !entries.isEmpty else { return paragraph("No learner has results in this view yet.") }
        let data = entries.map { entry in
            ChartFigure.Datum(
                label: "\(entry.rank). \(entry.name.isEmpty ? entry.employeeID : entry.name)", value: entry.value,
                display: metric == "time" ? HTMLText.duration(entry.value)
                    : (metric == "score" ? HTMLText.decimal(entry.value) : String(Int(entry.value))),
                link: DashboardPath.learner(entry.employeeID, filters.with(activity: "")))
        }
        let leader = data[0]
        return ChartDrawing.bars(
            id: id, title: title, summary: "\(leader.label) leads with \(leader.display).", data: data,
            valueHeading: metric == "time" ? "Time spent" : (metric == "score" ? "Mean score" : "Completions")
        ).html
    }

    /// Effect estimates as a content × segment heat map, followed by the service's sentences.
    static func effectiveness(
        _ estimates: [IntelligenceV1.EffectEstimate], definedSegments: Set<String>, filters: DashboardFilters
    ) -> String {
        guard !estimates.isEmpty else {
            return paragraph("Not enough learners yet to estimate what works (groups below the minimum size).")
        }
        var contents: [String] = []
        var segments: [String] = []
        var byPair: [String: IntelligenceV1.EffectEstimate] = [:]
        for estimate in estimates {
            let row = estimate.contentID + " → " + estimate.outcomeID
            if !contents.contains(row) { contents.append(row) }
            if !segments.contains(estimate.segment) { segments.append(estimate.segment) }
            byPair[row + "\u{0}" + estimate.segment] = estimate
        }
        func segmentLink(_ name: String, activity: String) -> String {
            definedSegments.contains(name)
                ? DashboardPath.segment(name, filters.with(segment: "", activity: activity))
                : DashboardPath.overview(filters.with(activity: activity))
        }
        let contentIDs = contents.map { String($0.split(separator: " → ").first ?? "") }
        let cells = contents.enumerated().map { index, row in
            segments.map { segment -> ChartDrawing.HeatCell in
                let link = segmentLink(segment, activity: contentIDs[index])
                guard let estimate = byPair[row + "\u{0}" + segment] else {
                    return ChartDrawing.HeatCell(points: nil, text: "no estimate", link: link)
                }
                // Without enough evidence the estimate is still printed, but on grey and marked with "?".
                let evidence = estimate.verdict != "not enough evidence"
                let value = HTMLText.signed(estimate.effectPoints, decimals: true)
                return ChartDrawing.HeatCell(
                    points: evidence ? estimate.effectPoints : nil, text: evidence ? value : value + " ?", link: link)
            }
        }
        let best = estimates[0]
        let heat = ChartDrawing.heatMap(
            id: "effectiveness", title: "Effect on first-attempt pass rate (points), by content and segment",
            summary: "Blue cells raise the pass rate, vermillion cells lower it, grey cells marked ? lack evidence. "
                + "First ranked: \(best.contentID) for \(best.segment), "
                + "\(HTMLText.signed(best.effectPoints, decimals: true)) points.",
            rows: contents, columns: segments, cells: cells,
            rowLinks: contentIDs.map { DashboardPath.overview(filters.with(activity: $0)) },
            columnLinks: segments.map { segmentLink($0, activity: "") })
        var list = "<ul class=\"findings\">\n"
        for estimate in estimates.prefix(10) {
            list += "<li><strong>\(HTMLText.escaped(estimate.verdict))</strong>: \(HTMLText.escaped(estimate.summary)) "
            list += "(\(HTMLText.signed(estimate.effectPoints, decimals: true)) points, 95% interval "
            list += "\(HTMLText.decimal(estimate.intervalLowPoints)) to "
            list += "\(HTMLText.decimal(estimate.intervalHighPoints)), "
            list += "\(estimate.exposed) exposed, \(estimate.unexposed) not)</li>\n"
        }
        // Estimates compare learners' whole histories, so a date filter leaves them as they are: say so.
        let dated = filters.from.isEmpty && filters.to.isEmpty
            ? "" : paragraph("Effects use each learner's whole history; the dates chosen do not narrow them.")
        return dated + heat.html + list + "</ul>\n"
    }
}
