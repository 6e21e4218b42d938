import FlywheelContracts
import FlywheelStore

extension IntelligenceStore {
    /// The daily rows of a scope, and the result scores (day, 0–100) that count for it.
    func measureInputs(_ scope: MeasureScope) async throws -> (rows: [DailyRow], scores: [(Int, Double)], isCourse: Bool) {
        try await database.read { connection in
            let daily = scope.condition(table: "daily")
            var rows: [DailyRow] = []
            try connection.prepare(
                """
                SELECT daily.learner, daily.activity, daily.day, daily.course, daily.kind, daily.launches,
                    daily.completions, daily.passes, daily.failures, daily.scored, daily.score_sum,
                    daily.score_squares, daily.time_ms
                FROM daily \(daily.join) WHERE \(daily.condition)
                """
            ).forEachRow(daily.arguments) { row in
                rows.append(
                    DailyRow(
                        learner: row.string(at: 0) ?? "", activity: row.string(at: 1) ?? "", day: row.int(at: 2),
                        course: row.string(at: 3) ?? "", kind: row.string(at: 4) ?? "", launches: row.int64(at: 5),
                        completions: row.int64(at: 6), passes: row.int64(at: 7), failures: row.int64(at: 8),
                        scored: row.int64(at: 9), scoreSum: row.int64(at: 10), scoreSquares: row.int64(at: 11),
                        timeMillis: row.int64(at: 12)))
            }
            var isCourse = false
            if !scope.activity.isEmpty {
                isCourse = try !connection.query(
                    "SELECT 1 FROM facts WHERE course = ? AND activity != ? LIMIT 1", .text(scope.activity),
                    .text(scope.activity)
                ).isEmpty
            }
            let facts = scope.condition(table: "facts")
            let resultFilter = scope.activity.isEmpty || isCourse ? "facts.kind = 'summative'" : "facts.activity = ?"
            let resultArguments: [DatabaseValue] = scope.activity.isEmpty || isCourse ? [] : [.text(scope.activity)]
            var scores: [(Int, Double)] = []
            try connection.prepare(
                """
                SELECT facts.day, facts.score FROM facts \(facts.join)
                WHERE \(facts.condition) AND facts.score IS NOT NULL AND facts.verb IN ('passed', 'failed')
                    AND \(resultFilter)
                """
            ).forEachRow(facts.arguments + resultArguments) { row in
                scores.append((row.int(at: 0), Double(row.int64(at: 1)) / 100))
            }
            return (rows, scores, isCourse)
        }
    }

    /// The measures of a scope in total and per bucket.
    func measures(_ scope: MeasureScope, bucket: IntelligenceV1.TimeBucket) async throws
        -> (total: IntelligenceV1.Measures, buckets: [IntelligenceV1.MeasureBucket])
    {
        let (rows, scores, isCourse) = try await measureInputs(scope)
        let empty = MeasureAccumulator(activity: scope.activity, activityIsCourse: isCourse)
        var total = empty
        var buckets: [Int: MeasureAccumulator] = [:]
        let start = { (day: Int) -> Int in
            switch bucket {
            case .day: day
            case .week: CalendarDay.weekStart(day)
            case .month: CalendarDay.monthStart(day)
            case .none: 0
            }
        }
        for row in rows {
            total.add(row)
            if bucket != .none { buckets[start(row.day), default: empty].add(row) }
        }
        for (day, score) in scores {
            total.addScore(score)
            if bucket != .none { buckets[start(day), default: empty].addScore(score) }
        }
        let ordered = buckets.keys.sorted().map { day in
            IntelligenceV1.MeasureBucket(start: CalendarDay.text(day), measures: buckets[day]?.measures)
        }
        return (total.measures, ordered)
    }

    /// The most recent day with data, for a default period.
    func lastDay() async throws -> Int? {
        try await database.read { connection in
            try connection.query("SELECT MAX(day) FROM daily").first?[0].integerValue.map { Int($0) }
        }
    }

    /// Learners ranked by a metric over a scope.
    func leaderboard(_ scope: MeasureScope, metric: String, limit: Int) async throws -> [IntelligenceV1.LeaderboardEntry] {
        let (rows, _, isCourse) = try await measureInputs(scope)
        var perLearner: [String: MeasureAccumulator] = [:]
        let empty = MeasureAccumulator(activity: scope.activity, activityIsCourse: isCourse)
        for row in rows { perLearner[row.learner, default: empty].add(row) }
        let values: [(String, Double)] = perLearner.compactMap { learner, accumulator in
            let measures = accumulator.measures
            switch metric {
            case "score": return measures.scored == 0 ? nil : (learner, measures.scoreMean)
            case "time": return (learner, measures.timeSpentSeconds)
            default: return (learner, Double(measures.completions))
            }
        }
        let top = values.sorted { ($0.1, $1.0) > ($1.1, $0.0) }.prefix(limit)
        let names = try await database.read { connection in
            var names: [String: (String, String)] = [:]
            for (learner, _) in top {
                if let row = try connection.query(
                    "SELECT name, department FROM learners WHERE employee_id = ?", .text(learner)
                ).first {
                    names[learner] = (row[0].textValue ?? "", row[1].textValue ?? "")
                }
            }
            return names
        }
        return top.enumerated().map { rank, entry in
            IntelligenceV1.LeaderboardEntry(
                rank: UInt32(rank + 1), employeeID: entry.0, name: names[entry.0]?.0 ?? "",
                department: names[entry.0]?.1 ?? "", value: entry.1)
        }
    }

    /// The funnel of a course (launched → progressed → completed → passed) and where learners stop.
    func funnel(course: String, segment: SegmentFilter?) async throws -> IntelligenceV1.GetCourseFunnelResponse {
        let scope = MeasureScope(activity: course, segment: segment)
        let facts = try await database.read { connection in
            let filter = scope.condition(table: "facts")
            var facts: [(learner: String, activity: String, type: String, kind: String, verb: String, millis: Int64)] = []
            try connection.prepare(
                """
                SELECT facts.learner, facts.activity, facts.activity_type, facts.kind, facts.verb, facts.millis
                FROM facts \(filter.join) WHERE \(filter.condition) ORDER BY facts.millis, facts.sequence
                """
            ).forEachRow(filter.arguments) { row in
                facts.append(
                    (row.string(at: 0) ?? "", row.string(at: 1) ?? "", row.string(at: 2) ?? "",
                     row.string(at: 3) ?? "", row.string(at: 4) ?? "", row.int64(at: 5)))
            }
            return facts
        }
        var launched: Set<String> = []
        var progressed: Set<String> = []
        var completed: Set<String> = []
        var passed: Set<String> = []
        var firstLaunch: [String: Int64] = [:]
        var moduleLaunches: [String: [String: Int64]] = [:]
        for fact in facts {
            if fact.verb == "launched" {
                launched.insert(fact.learner)
                if firstLaunch[fact.learner] == nil { firstLaunch[fact.learner] = fact.millis }
                if fact.type.hasSuffix("/activities/module"), moduleLaunches[fact.activity]?[fact.learner] == nil {
                    moduleLaunches[fact.activity, default: [:]][fact.learner] = fact.millis
                }
            }
            if fact.verb == "progressed" || (fact.verb == "completed" && fact.kind == "part") {
                progressed.insert(fact.learner)
            }
            if fact.verb == "completed" && fact.activity == course { completed.insert(fact.learner) }
            if fact.verb == "passed" && fact.kind == "summative" { passed.insert(fact.learner) }
        }
        // Modules in the order learners meet them: by mean time from the learner's first launch in the course.
        let order = moduleLaunches.map { module, launches -> (String, Double) in
            let offsets = launches.map { Double($0.value - (firstLaunch[$0.key] ?? $0.value)) }
            return (module, offsets.reduce(0, +) / Double(max(1, offsets.count)))
        }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.map(\.0)
        var furthest: [String: Int] = [:]
        for (position, module) in order.enumerated() {
            for learner in moduleLaunches[module]?.keys ?? [:].keys { furthest[learner] = max(furthest[learner] ?? 0, position) }
        }
        var response = IntelligenceV1.GetCourseFunnelResponse(
            launched: UInt64(launched.count), progressed: UInt64(progressed.count), completed: UInt64(completed.count),
            passed: UInt64(passed.count), modules: [])
        for (position, module) in order.enumerated() {
            let reached = moduleLaunches[module]?.keys ?? [:].keys
            let stopped = reached.filter { furthest[$0] == position && !completed.contains($0) }.count
            response.modules.append(
                IntelligenceV1.ModuleStop(
                    activityID: module, position: UInt32(position + 1), reached: UInt64(reached.count),
                    stopped: UInt64(stopped)))
        }
        return response
    }
}
