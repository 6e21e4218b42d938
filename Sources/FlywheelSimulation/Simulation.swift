public import FlywheelXAPI

/// A synthetic organisation and its learning year, with planted effects whose truth is known.
///
/// Learners are generated one at a time from the seed and their index, so runs of any size stream in bounded
/// memory and the same configuration always yields the same statements, byte for byte.
public struct Simulation: Sendable {
    /// What decides the run.
    public let configuration: SimulationConfiguration
    /// The organisation's learners.
    public let organisation: Organisation
    let objects: CatalogueObjects

    /// Prepares a run.
    /// - Parameter configuration: The run's options.
    /// - Throws: `SimulationError` with code `.invalidOption` when an option is out of range.
    public init(configuration: SimulationConfiguration) throws(SimulationError) {
        try configuration.validate()
        self.configuration = configuration
        organisation = Organisation(
            learnerCount: configuration.learners, seed: configuration.seed, domain: configuration.domain)
        objects = CatalogueObjects(configuration.catalogue)
    }

    /// The learner at `index` (from 0).
    public func learner(at index: Int) -> Learner {
        organisation.learner(at: index)
    }

    /// Every statement of one learner, in time order.
    /// - Parameter index: The learner's index, from 0.
    /// - Returns: Statements valid for the configured xAPI version.
    public func statements(forLearner index: Int) -> [JSONValue] {
        var timeline = LearnerTimeline(
            learner: organisation.learner(at: index), configuration: configuration, objects: objects,
            homePage: organisation.accountHomePage)
        return timeline.statements()
    }

    /// Generates learner after learner and hands each learner's statements, as NDJSON bytes, to `consume`.
    /// - Parameters:
    ///   - learners: The learner indices to generate; all of them by default.
    ///   - consume: Receives the learner's index, their statement count and their NDJSON lines.
    /// - Throws: Whatever `consume` throws, which stops the run.
    public func forEachLearner(
        in learners: Range<Int>? = nil, _ consume: (Int, Int, [UInt8]) throws -> Void
    ) rethrows {
        var buffer: [UInt8] = []
        for index in learners ?? 0..<configuration.learners {
            buffer.removeAll(keepingCapacity: true)
            let statements = statements(forLearner: index)
            for statement in statements {
                statement.write(into: &buffer)
                buffer.append(0x0A)
            }
            try consume(index, statements.count, buffer)
        }
    }
}
