import FlywheelContracts

/// The additive parts of ``IntelligenceV1/Measures`` for one scope and period.
///
/// Distinct counts (active learners, learner-course units, completions) are counted per learner before they
/// are added, so tallies of different learners simply add up.
struct MeasureTally: Sendable {
    var launches: Int64 = 0
    var active = 0
    /// Learner-course pairs in scope (learners, for an activity scope): the completion rate's denominator.
    var units = 0
    var completed = 0
    var passes: Int64 = 0
    var failures: Int64 = 0
    var scored: Int64 = 0
    /// Sums of scores in hundredths of a point.
    var scoreSum: Int64 = 0
    var scoreSquares: Int64 = 0
    var timeMillis: Int64 = 0
    /// Ten counts of attempt scores: 0–9, 10–19, …, 90–100 points (lanes 10–15 unused).
    var histogram = SIMD16<UInt64>()

    mutating func add(_ other: MeasureTally) {
        launches += other.launches
        active += other.active
        units += other.units
        completed += other.completed
        passes += other.passes
        failures += other.failures
        scored += other.scored
        scoreSum += other.scoreSum
        scoreSquares += other.scoreSquares
        timeMillis += other.timeMillis
        histogram &+= other.histogram
    }

    /// Counts one fact's launches, time and results; `countsResults` says whether its results belong to the
    /// scope.
    mutating func add(_ row: FactTable.Row, countsResults: Bool) {
        if row.verb == .launched { launches += 1 }
        timeMillis += row.timeMillis
        guard countsResults else { return }
        if row.verb == .passed { passes += 1 }
        if row.verb == .failed { failures += 1 }
        if row.hasScore {
            let score = Int64(row.score)
            scored += 1
            scoreSum += score
            scoreSquares += score * score
            if row.verb.isAttempt {
                histogram[min(9, max(0, Int(Double(score) / 100 / 10)))] += 1
            }
        }
    }

    /// Mean score in points out of 100; 0 with nothing scored.
    var scoreMean: Double { scored == 0 ? 0 : Double(scoreSum) / Double(scored) / 100 }

    var timeSpentSeconds: Double { Double(timeMillis) / 1000 }

    var measures: IntelligenceV1.Measures {
        var measures = IntelligenceV1.Measures()
        measures.launches = UInt64(launches)
        measures.activeLearners = UInt64(active)
        measures.completions = UInt64(completed)
        measures.completionRate = units == 0 ? 0 : Double(completed) / Double(units)
        measures.passes = UInt64(passes)
        measures.failures = UInt64(failures)
        measures.passRate = passes + failures == 0 ? 0 : Double(passes) / Double(passes + failures)
        measures.scored = UInt64(scored)
        if scored > 0 {
            let mean = scoreMean
            let meanSquare = Double(scoreSquares) / Double(scored) / 10_000
            measures.scoreMean = mean
            measures.scoreDeviation = max(0, meanSquare - mean * mean).squareRoot()
        }
        measures.scoreHistogram = (0..<10).map { histogram[$0] }
        measures.timeSpentSeconds = timeSpentSeconds
        return measures
    }
}
