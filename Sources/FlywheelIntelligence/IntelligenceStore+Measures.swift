import FlywheelContracts
import FlywheelStore

extension IntelligenceStore {
    /// A scope in the fact table's terms, over a snapshot of the table.
    func resolve(_ scope: MeasureScope) async throws -> (FactTable, ResolvedScope) {
        var members: [String]?
        if let segment = scope.segment { members = try await memberIDs(segment) }
        let table = facts
        return (table, table.resolve(scope, members: members))
    }

    /// The employee ids a segment filter matches.
    func memberIDs(_ filter: SegmentFilter) async throws -> [String] {
        let (condition, arguments) = filter.sql()
        return try await database.read { connection in
            var members: [String] = []
            try connection.prepare("SELECT employee_id FROM learners WHERE \(condition)").forEachRow(arguments) {
                members.append($0.string(at: 0) ?? "")
            }
            return members
        }
    }

    /// The measures of a scope in total and per bucket.
    func measures(_ scope: MeasureScope, bucket: IntelligenceV1.TimeBucket) async throws
        -> (total: IntelligenceV1.Measures, buckets: [IntelligenceV1.MeasureBucket])
    {
        let (table, resolved) = try await resolve(scope)
        let start: ((Int) -> Int)? =
            switch bucket {
            case .day: { $0 }
            case .week: { CalendarDay.weekStart($0) }
            case .month: { CalendarDay.monthStart($0) }
            case .none: nil
            }
        let (total, buckets) = table.tally(resolved, bucketStart: start)
        let ordered = buckets.keys.sorted().map { day in
            IntelligenceV1.MeasureBucket(start: CalendarDay.text(day), measures: buckets[day]?.measures)
        }
        return (total.measures, ordered)
    }

    /// Learners ranked by a metric over a scope.
    func leaderboard(_ scope: MeasureScope, metric: String, limit: Int) async throws -> [IntelligenceV1.LeaderboardEntry] {
        let (table, resolved) = try await resolve(scope)
        var values: [(String, Double)] = []
        _ = table.tally(resolved, perLearner: { learner, tally in
            let key = table.learnerKeys[learner]
            switch metric {
            case "score": if tally.scored > 0 { values.append((key, tally.scoreMean)) }
            case "time": values.append((key, tally.timeSpentSeconds))
            default: values.append((key, Double(tally.completed)))
            }
        })
        let top = Array(values.sorted { ($0.1, $1.0) > ($1.1, $0.0) }.prefix(limit))
        // Names and departments of the ranked learners, in one query.
        let ids = top.map { DatabaseValue.text($0.0) }
        let names = try await database.read { connection in
            var names: [String: (String, String)] = [:]
            guard !ids.isEmpty else { return names }
            let marks = Array(repeating: "?", count: ids.count).joined(separator: ", ")
            try connection.prepare("SELECT employee_id, name, department FROM learners WHERE employee_id IN (\(marks))")
                .forEachRow(ids) { row in names[row.string(at: 0) ?? ""] = (row.string(at: 1) ?? "", row.string(at: 2) ?? "") }
            return names
        }
        return top.enumerated().map { rank, entry in
            IntelligenceV1.LeaderboardEntry(
                rank: UInt32(rank + 1), employeeID: entry.0, name: names[entry.0]?.0 ?? "",
                department: names[entry.0]?.1 ?? "", value: entry.1)
        }
    }

    /// The funnel of a course (launched → progressed → completed → passed) and where learners stop.
    func funnel(_ course: MeasureScope) async throws -> IntelligenceV1.GetCourseFunnelResponse {
        let (table, scope) = try await resolve(course)
        var response = IntelligenceV1.GetCourseFunnelResponse()
        guard let courseIndex = scope.activity else { return response }
        var completed: Set<Int> = []
        // Each module's first launch per learner, as an offset from the learner's first launch in the course.
        var moduleOffsets: [Int32: [(learner: Int, offset: Int64)]] = [:]
        for (learner, numbers) in table.coverage(scope) {
            var launched = false
            var progressed = false
            var passed = false
            var firstLaunch = Int64.max
            var moduleLaunches: [Int32: Int64] = [:]
            for number in numbers { for row in table.groups[number].rows where scope.includes(row) {
                switch row.verb {
                case .launched:
                    launched = true
                    firstLaunch = min(firstLaunch, row.millis)
                    if row.isModule { moduleLaunches[row.activity] = min(moduleLaunches[row.activity] ?? .max, row.millis) }
                case .progressed: progressed = true
                case .completed:
                    if row.kind == .part { progressed = true }
                    if row.activity == courseIndex { completed.insert(learner) }
                case .passed: if row.kind == .summative { passed = true }
                case .failed, .other: break
                }
            } }
            if launched { response.launched += 1 }
            if progressed { response.progressed += 1 }
            if passed { response.passed += 1 }
            for (module, millis) in moduleLaunches {
                moduleOffsets[module, default: []].append((learner, millis - firstLaunch))
            }
        }
        response.completed = UInt64(completed.count)
        // Modules in the order learners meet them: by mean time from the learner's first launch in the course.
        let order = moduleOffsets.map { module, offsets -> (String, Double) in
            let mean = offsets.reduce(0.0) { $0 + Double($1.offset) } / Double(max(1, offsets.count))
            return (table.activityIDs[Int(module)], mean)
        }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.map(\.0)
        var furthest: [Int: Int] = [:]
        for (position, module) in order.enumerated() {
            for entry in moduleOffsets[table.activity(module) ?? -1] ?? [] {
                furthest[entry.learner] = max(furthest[entry.learner] ?? 0, position)
            }
        }
        for (position, module) in order.enumerated() {
            let reached = moduleOffsets[table.activity(module) ?? -1] ?? []
            let stopped = reached.filter { furthest[$0.learner] == position && !completed.contains($0.learner) }.count
            response.modules.append(
                IntelligenceV1.ModuleStop(
                    activityID: module, position: UInt32(position + 1), reached: UInt64(reached.count),
                    stopped: UInt64(stopped)))
        }
        return response
    }
}
