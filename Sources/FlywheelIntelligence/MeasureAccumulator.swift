import FlywheelContracts

/// Adds daily rows up into ``IntelligenceV1/Measures`` for one scope and period.
struct MeasureAccumulator {
    /// The scope's activity: empty for every course.
    let activity: String
    /// Whether `activity` is a course, so its results come from its final assessment.
    let activityIsCourse: Bool

    var launches: Int64 = 0
    var active: Set<String> = []
    var units: Set<String> = []
    var completed: Set<String> = []
    var passes: Int64 = 0
    var failures: Int64 = 0
    var scored: Int64 = 0
    var scoreSum: Int64 = 0
    var scoreSquares: Int64 = 0
    var timeMillis: Int64 = 0
    var histogram = Array(repeating: UInt64(0), count: 10)

    /// Whether a row's results (pass, fail, score) count for this scope.
    func countsResults(_ row: DailyRow) -> Bool {
        if activity.isEmpty || activityIsCourse { return row.kind == "summative" }
        return row.activity == activity
    }

    mutating func add(_ row: DailyRow) {
        launches += row.launches
        timeMillis += row.timeMillis
        active.insert(row.learner)
        if activity.isEmpty {
            guard !row.course.isEmpty else { return addResults(row) }
            let unit = row.learner + "\u{1F}" + row.course
            units.insert(unit)
            if row.kind == "course" && row.completions > 0 { completed.insert(unit) }
        } else {
            units.insert(row.learner)
            if row.activity == activity && row.completions > 0 { completed.insert(row.learner) }
        }
        addResults(row)
    }

    private mutating func addResults(_ row: DailyRow) {
        guard countsResults(row) else { return }
        passes += row.passes
        failures += row.failures
        scored += row.scored
        scoreSum += row.scoreSum
        scoreSquares += row.scoreSquares
    }

    /// Counts one score (0–100) in the distribution.
    mutating func addScore(_ score: Double) {
        histogram[min(9, max(0, Int(score / 10)))] += 1
    }

    var measures: IntelligenceV1.Measures {
        var measures = IntelligenceV1.Measures()
        measures.launches = UInt64(launches)
        measures.activeLearners = UInt64(active.count)
        measures.completions = UInt64(completed.count)
        measures.completionRate = units.isEmpty ? 0 : Double(completed.count) / Double(units.count)
        measures.passes = UInt64(passes)
        measures.failures = UInt64(failures)
        measures.passRate = passes + failures == 0 ? 0 : Double(passes) / Double(passes + failures)
        measures.scored = UInt64(scored)
        if scored > 0 {
            let mean = Double(scoreSum) / Double(scored) / 100
            let meanSquare = Double(scoreSquares) / Double(scored) / 10_000
            measures.scoreMean = mean
            measures.scoreDeviation = max(0, meanSquare - mean * mean).squareRoot()
        }
        measures.scoreHistogram = histogram
        measures.timeSpentSeconds = Double(timeMillis) / 1000
        return measures
    }
}
