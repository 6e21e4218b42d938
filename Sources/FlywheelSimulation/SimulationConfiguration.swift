public import FlywheelXAPI

/// Everything that decides a simulated run; the same configuration always produces the same bytes.
public struct SimulationConfiguration: Sendable {
    /// How many learners the organisation employs.
    public var learners: Int
    /// How many days of learning to simulate.
    public var days: Int
    /// The seed every random choice derives from.
    public var seed: UInt64
    /// The first simulated day (timestamps derive from it, never from the clock).
    public var start: CalendarDate
    /// The xAPI version statements are written for.
    public var version: XAPIVersion
    /// Courses, videos and planted effects.
    public var catalogue: Catalogue
    /// How learners behave.
    public var behaviour: BehaviourModel
    /// The company's domain name, used for e-mail addresses and account home pages.
    public var domain: String

    /// Creates a configuration; every default is visible here.
    public init(
        learners: Int = 500, days: Int = 365, seed: UInt64 = 1, start: CalendarDate? = nil,
        version: XAPIVersion = .v1_0_3, catalogue: Catalogue = .standard, behaviour: BehaviourModel = BehaviourModel(),
        domain: String = "northwind.example"
    ) {
        self.learners = learners
        self.days = days
        self.seed = seed
        self.start = start ?? CalendarDate.defaultStart
        self.version = version
        self.catalogue = catalogue
        self.behaviour = behaviour
        self.domain = domain
    }

    /// Checks the values a run cannot work with.
    /// - Throws: `SimulationError` with code `.invalidOption` naming the value.
    public func validate() throws(SimulationError) {
        guard learners >= 1 && learners <= 10_000_000 else {
            throw SimulationError(code: .invalidOption, message: "learners must be 1 to 10000000, not \(learners)")
        }
        guard days >= 1 && days <= 3660 else {
            throw SimulationError(code: .invalidOption, message: "days must be 1 to 3660, not \(days)")
        }
        guard (1...CatalogueObjects.questionsPerAssessment).contains(behaviour.passMark) else {
            throw SimulationError(
                code: .invalidOption,
                message: "passMark must be 1 to \(CatalogueObjects.questionsPerAssessment), not \(behaviour.passMark)")
        }
    }
}

extension CalendarDate {
    /// Monday 5 January 2026, the default first day.
    static var defaultStart: CalendarDate {
        // The literal is a valid date, so parsing cannot fail.
        (try? CalendarDate(parsing: "2026-01-05"))!
    }
}
