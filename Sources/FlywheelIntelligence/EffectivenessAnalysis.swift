public import FlywheelContracts

/// Estimates what completing a standalone content item does to the first attempt at a course's final
/// assessment, per segment, adjusting for prior ability; see ``method``.
public struct EffectivenessAnalysis: Sendable {
    /// A segment to estimate for: a name and the employee ids in it.
    public struct Audience: Sendable {
        public let name: String
        public let members: Set<String>

        /// Creates an audience.
        public init(name: String, members: Set<String>) {
            self.name = name
            self.members = members
        }
    }

    /// One learner's first attempt at an outcome, with what preceded it.
    struct Attempt {
        let learner: String
        let millis: Int64
        let passed: Bool
        let score: Double
        /// Mean scaled score (0–100) of the learner's earlier scored results on other activities.
        let prior: Double?
    }

    /// How the estimate is made, in a sentence for the response.
    public static let method = """
        Exposure: a completed statement on the content before the learner's first attempt at the outcome. \
        Effect: the coefficient of exposure in a linear regression of first-attempt pass (0/1) on exposure and \
        prior ability (mean scaled score of the learner's scored results on other activities before that \
        attempt, with an indicator when there are none), with robust (HC1) standard errors and a 95% interval. \
        A verdict is given only when the interval excludes zero and the Benjamini-Hochberg adjusted p-value \
        across all pairs is below 0.05.
        """

    /// The smallest exposed and unexposed group.
    public let minimumGroup: Int

    /// Creates an analysis.
    public init(minimumGroup: Int = 30) {
        self.minimumGroup = minimumGroup
    }

    /// Estimates every (content, outcome, audience) pair and ranks them.
    /// - Parameters:
    ///   - store: Where the facts are.
    ///   - contentID: One content item, or nil for every standalone item.
    ///   - outcomeID: One outcome assessment, or nil for every course's final assessment.
    ///   - audiences: The segments.
    /// - Returns: The ranked estimates and how many pairs had too small a group.
    public func estimate(
        store: IntelligenceStore, contentID: String?, outcomeID: String?, audiences: [Audience]
    ) async throws -> (estimates: [IntelligenceV1.EffectEstimate], skipped: Int) {
        let facts = EffectivenessFacts(store.facts)
        var estimates: [IntelligenceV1.EffectEstimate] = []
        var skipped = 0
        let contents = contentID.map { [$0] } ?? facts.contents
        let outcomes = outcomeID.map { [$0] } ?? facts.outcomes
        for outcome in outcomes {
            let attempts = facts.firstAttempts(outcome)
            for audience in audiences {
                let units = attempts.filter { audience.members.contains($0.learner) }
                for content in contents where content != outcome {
                    let exposures = facts.exposures[content] ?? [:]
                    let exposed = units.map { (exposures[$0.learner] ?? .max) < $0.millis }
                    let exposedCount = exposed.filter { $0 }.count
                    guard exposedCount >= minimumGroup, units.count - exposedCount >= minimumGroup,
                        var estimate = Self.estimate(units, exposed)
                    else {
                        skipped += 1
                        continue
                    }
                    estimate.contentID = content
                    estimate.outcomeID = outcome
                    estimate.segment = audience.name
                    estimates.append(estimate)
                }
            }
        }
        Self.judge(&estimates)
        estimates.sort { ($0.intervalLowPoints, $0.effectPoints) > ($1.intervalLowPoints, $1.effectPoints) }
        return (estimates, skipped)
    }

    /// The regression estimate for one pair; nil when the design is degenerate.
    static func estimate(_ units: [Attempt], _ exposed: [Bool]) -> IntelligenceV1.EffectEstimate? {
        let priors = units.compactMap(\.prior)
        let priorMean = priors.isEmpty ? 0 : priors.reduce(0, +) / Double(priors.count)
        let hasMissing = priors.count < units.count && !priors.isEmpty
        let rows: [[Double]] = zip(units, exposed).map { unit, isExposed in
            var row = [1.0, isExposed ? 1 : 0]
            if !priors.isEmpty { row.append((unit.prior ?? priorMean) - priorMean) }
            if hasMissing { row.append(unit.prior == nil ? 1 : 0) }
            return row
        }
        guard let pass = LinearRegression(rows: rows, outcomes: units.map { $0.passed ? 1 : 0 }),
            let score = LinearRegression(rows: rows, outcomes: units.map(\.score))
        else { return nil }

        let exposedUnits = zip(units, exposed).filter { $0.1 }.map(\.0)
        let unexposedUnits = zip(units, exposed).filter { !$0.1 }.map(\.0)
        let rate = { (group: [Attempt]) in Double(group.filter(\.passed).count) / Double(max(1, group.count)) * 100 }
        var estimate = IntelligenceV1.EffectEstimate()
        estimate.exposed = UInt32(exposedUnits.count)
        estimate.unexposed = UInt32(unexposedUnits.count)
        estimate.exposedPassRate = rate(exposedUnits)
        estimate.unexposedPassRate = rate(unexposedUnits)
        estimate.naiveEffectPoints = estimate.exposedPassRate - estimate.unexposedPassRate
        estimate.effectPoints = pass.coefficients[1] * 100
        estimate.intervalLowPoints = (pass.coefficients[1] - 1.96 * pass.standardErrors[1]) * 100
        estimate.intervalHighPoints = (pass.coefficients[1] + 1.96 * pass.standardErrors[1]) * 100
        let z = pass.standardErrors[1] > 0 ? pass.coefficients[1] / pass.standardErrors[1] : 0
        estimate.pValue = LinearRegression.twoSidedP(z)
        estimate.scoreEffectPoints = score.coefficients[1]
        estimate.scoreIntervalLowPoints = score.coefficients[1] - 1.96 * score.standardErrors[1]
        estimate.scoreIntervalHighPoints = score.coefficients[1] + 1.96 * score.standardErrors[1]
        return estimate
    }

    /// Gives verdicts: Benjamini–Hochberg over every pair's p-value, at a 5% false discovery rate.
    static func judge(_ estimates: inout [IntelligenceV1.EffectEstimate]) {
        let order = estimates.indices.sorted { estimates[$0].pValue < estimates[$1].pValue }
        let count = Double(order.count)
        var passing = -1
        for (rank, index) in order.enumerated() where estimates[index].pValue <= Double(rank + 1) / count * 0.05 {
            passing = rank
        }
        for (rank, index) in order.enumerated() {
            var estimate = estimates[index]
            let effect = String(format: "%.1f", estimate.effectPoints)
            let low = String(format: "%.1f", estimate.intervalLowPoints)
            let high = String(format: "%.1f", estimate.intervalHighPoints)
            let sizes = "\(estimate.exposed) exposed, \(estimate.unexposed) not"
            if rank <= passing && estimate.intervalLowPoints > 0 {
                estimate.verdict = "improves"
                estimate.summary = "For \(estimate.segment), completing it first raises the first-attempt pass rate "
                    + "by about \(effect) points (95% interval \(low) to \(high); \(sizes))."
            } else if rank <= passing && estimate.intervalHighPoints < 0 {
                estimate.verdict = "worsens"
                estimate.summary = "For \(estimate.segment), completing it first lowers the first-attempt pass rate "
                    + "by about \(String(format: "%.1f", -estimate.effectPoints)) points (95% interval \(low) to "
                    + "\(high); \(sizes))."
            } else if estimate.intervalLowPoints <= 0 && estimate.intervalHighPoints >= 0
                && estimate.intervalHighPoints - estimate.intervalLowPoints <= 10
            {
                estimate.verdict = "no clear effect"
                estimate.summary = "For \(estimate.segment), no effect is shown: any effect is likely between "
                    + "\(low) and \(high) points (\(sizes))."
            } else {
                estimate.verdict = "not enough evidence"
                estimate.summary = "For \(estimate.segment), the evidence is too weak to tell, given how many "
                    + "pairs were compared (estimate \(effect) points, 95% interval \(low) to \(high); \(sizes))."
            }
            estimates[index] = estimate
        }
    }
}

/// The facts the analysis reads, loaded in one snapshot.
struct EffectivenessFacts {
    /// Standalone activities someone completed.
    let contents: [String]
    /// Final assessments of courses.
    let outcomes: [String]
    /// First completion time per content item and learner.
    let exposures: [String: [String: Int64]]
    /// Every scored pass or fail result, per learner, in time order.
    let results: [String: [(activity: String, millis: Int64, passed: Bool, score: Double?)]]

    init(_ table: FactTable) {
        var contents: Set<Int32> = []
        var outcomes: Set<Int32> = []
        var exposures: [String: [String: Int64]] = [:]
        var results: [String: [(activity: String, millis: Int64, passed: Bool, score: Double?)]] = [:]
        for (learner, numbers) in table.groupsOfLearner.enumerated() {
            let key = table.learnerKeys[learner]
            var attempts: [FactTable.Row] = []
            for row in numbers.lazy.flatMap({ table.groups[$0].rows }) {
                if row.kind == .standalone, row.verb == .completed {
                    contents.insert(row.activity)
                    let id = table.activityIDs[Int(row.activity)]
                    exposures[id, default: [:]][key] = min(exposures[id]?[key] ?? .max, row.millis)
                }
                guard row.verb.isAttempt else { continue }
                if row.kind == .summative { outcomes.insert(row.activity) }
                attempts.append(row)
            }
            guard !attempts.isEmpty else { continue }
            attempts.sort { ($0.millis, $0.sequence) < ($1.millis, $1.sequence) }
            results[key] = attempts.map { row in
                (table.activityIDs[Int(row.activity)], row.millis, row.verb == .passed,
                 row.hasScore ? Double(row.score) / 100 : nil)
            }
        }
        self.contents = contents.map { table.activityIDs[Int($0)] }.sorted()
        self.outcomes = outcomes.map { table.activityIDs[Int($0)] }.sorted()
        self.exposures = exposures
        self.results = results
    }

    /// Each learner's first attempt at `outcome`, with their prior ability before it.
    func firstAttempts(_ outcome: String) -> [EffectivenessAnalysis.Attempt] {
        results.compactMap { learner, results in
            guard let first = results.first(where: { $0.activity == outcome }) else { return nil }
            let earlier = results.filter { $0.activity != outcome && $0.millis < first.millis }.compactMap(\.score)
            return EffectivenessAnalysis.Attempt(
                learner: learner, millis: first.millis, passed: first.passed,
                score: first.score ?? (first.passed ? 100 : 0),
                prior: earlier.isEmpty ? nil : earlier.reduce(0, +) / Double(earlier.count))
        }.sorted { $0.learner < $1.learner }
    }
}
