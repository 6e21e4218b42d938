import FlywheelSimulation
import FlywheelXAPI

/// Figures computed from generated statements alone (plus the directory for each learner's segment and office),
/// the way an analyst would compute them.
struct StatementTally: Sendable {
    /// First attempts at one outcome within one segment, split by exposure.
    struct Comparison: Sendable {
        var exposed = 0
        var exposedPassed = 0
        var unexposed = 0
        var unexposedPassed = 0

        var exposedRate: Double { Double(exposedPassed) / Double(max(1, exposed)) }
        var unexposedRate: Double { Double(unexposedPassed) / Double(max(1, unexposed)) }
        /// The naive difference in pass rate, in points.
        var differencePoints: Double { (exposedRate - unexposedRate) * 100 }
        /// The standard error of that difference, in points.
        var standardErrorPoints: Double {
            let first = exposedRate * (1 - exposedRate) / Double(max(1, exposed))
            let second = unexposedRate * (1 - unexposedRate) / Double(max(1, unexposed))
            return (first + second).squareRoot() * 100
        }

        mutating func merge(_ other: Comparison) {
            exposed += other.exposed
            exposedPassed += other.exposedPassed
            unexposed += other.unexposed
            unexposedPassed += other.unexposedPassed
        }
    }

    var statements = 0
    var enrolments = 0
    var enrolmentsReachingAssessment = 0
    var courseCompletions = 0
    var firstAttempts = 0
    var firstAttemptPasses = 0
    var scoreSum = 0.0
    var scoreSquares = 0.0
    var scoreCount = 0
    var weekendStatements = 0
    var comparisons: [String: Comparison] = [:]

    var completionRate: Double { Double(courseCompletions) / Double(max(1, enrolments)) }
    var dropOffRate: Double { 1 - Double(enrolmentsReachingAssessment) / Double(max(1, enrolments)) }
    var firstAttemptPassRate: Double { Double(firstAttemptPasses) / Double(max(1, firstAttempts)) }
    var scoreMean: Double { scoreSum / Double(max(1, scoreCount)) }
    var scoreDeviation: Double {
        (scoreSquares / Double(max(1, scoreCount)) - scoreMean * scoreMean).squareRoot()
    }
    var weekendShare: Double { Double(weekendStatements) / Double(max(1, statements)) }

    mutating func merge(_ other: StatementTally) {
        statements += other.statements
        enrolments += other.enrolments
        enrolmentsReachingAssessment += other.enrolmentsReachingAssessment
        courseCompletions += other.courseCompletions
        firstAttempts += other.firstAttempts
        firstAttemptPasses += other.firstAttemptPasses
        scoreSum += other.scoreSum
        scoreSquares += other.scoreSquares
        scoreCount += other.scoreCount
        weekendStatements += other.weekendStatements
        for (key, comparison) in other.comparisons { comparisons[key, default: Comparison()].merge(comparison) }
    }

    /// Tallies learners `range` of `simulation`.
    init(_ simulation: Simulation, learners range: Range<Int>) {
        let catalogue = simulation.configuration.catalogue
        let assessments = Set(catalogue.courses.map(catalogue.assessmentID))
        let courses = Set(catalogue.courses.map(catalogue.courseID))
        let passed = "http://adlnet.gov/expapi/verbs/passed"
        let failed = "http://adlnet.gov/expapi/verbs/failed"
        let completed = "http://adlnet.gov/expapi/verbs/completed"
        for index in range {
            let learner = simulation.learner(at: index)
            var registrations: Set<String> = []
            var assessed: Set<String> = []
            var firstAttempt: [String: (timestamp: String, passed: Bool)] = [:]
            var videoCompleted: [String: String] = [:]
            for statement in simulation.statements(forLearner: index) {
                statements += 1
                let verb = statement["verb"]?["id"]?.stringValue ?? ""
                let object = statement["object"]?["id"]?.stringValue ?? ""
                let timestamp = statement["timestamp"]?.stringValue ?? ""
                let registration = statement["context"]?["registration"]?.stringValue
                if let registration { registrations.insert(registration) }
                if let time = XAPITimestamp.parse(timestamp) {
                    let local = time.epochSeconds + Int64(learner.location.utcOffsetMinutes * 60)
                    let day = Int(local >= 0 ? local / 86_400 : (local - 86_399) / 86_400)
                    if ((day % 7) + 7 + 3) % 7 >= 5 { weekendStatements += 1 }
                }
                if verb == completed && courses.contains(object) { courseCompletions += 1 }
                if verb == completed && object.contains("/library/") && videoCompleted[object] == nil {
                    videoCompleted[object] = timestamp
                }
                guard (verb == passed || verb == failed) && assessments.contains(object) else { continue }
                if let registration { assessed.insert(registration) }
                if let raw = statement["result"]?["score"]?["raw"]?.numberValue?.double {
                    scoreSum += raw
                    scoreSquares += raw * raw
                    scoreCount += 1
                }
                if firstAttempt[object] == nil {
                    firstAttempt[object] = (timestamp, verb == passed)
                    firstAttempts += 1
                    if verb == passed { firstAttemptPasses += 1 }
                }
            }
            enrolments += registrations.count
            enrolmentsReachingAssessment += assessed.count
            for effect in catalogue.effects where effect.segment == learner.department {
                guard let course = catalogue.course(effect.courseSlug), let video = catalogue.video(effect.videoSlug),
                    let attempt = firstAttempt[catalogue.assessmentID(course)]
                else { continue }
                let exposed = videoCompleted[catalogue.videoID(video)].map { $0 < attempt.timestamp } ?? false
                var comparison = comparisons[effect.id, default: Comparison()]
                if exposed {
                    comparison.exposed += 1
                    if attempt.passed { comparison.exposedPassed += 1 }
                } else {
                    comparison.unexposed += 1
                    if attempt.passed { comparison.unexposedPassed += 1 }
                }
                comparisons[effect.id] = comparison
            }
        }
    }

    /// Tallies every learner, splitting the work across two tasks.
    static func of(_ simulation: Simulation) async -> StatementTally {
        let count = simulation.configuration.learners
        let half = count / 2
        async let first = StatementTally(simulation, learners: 0..<half)
        async let second = StatementTally(simulation, learners: half..<count)
        var tally = await first
        tally.merge(await second)
        return tally
    }
}
