/// How simulated learners behave, and the ranges their aggregate behaviour is meant to land in.
///
/// Chances are per learner and per step; a learner's hidden ability and motivation shift them.
public struct BehaviourModel: Sendable {
    /// The aggregate figures the parameters are tuned to produce; tests hold the generated data to them.
    public struct ExpectedRanges: Sendable {
        /// Share of course enrolments that end with the course completed (assessment passed).
        public var courseCompletion: ClosedRange<Double> = 0.40...0.80
        /// Share of first assessment attempts that pass.
        public var firstAttemptPass: ClosedRange<Double> = 0.45...0.75
        /// Mean assessment score (every attempt), in points out of 100.
        public var assessmentScoreMean: ClosedRange<Double> = 60...85
        /// Standard deviation of assessment scores, in points.
        public var assessmentScoreDeviation: ClosedRange<Double> = 8...22
        /// Share of enrolments that stop before reaching the assessment.
        public var dropOff: ClosedRange<Double> = 0.12...0.45
        /// Share of statements timestamped on a Saturday or Sunday in the learner's office time zone.
        public var weekendShare: ClosedRange<Double> = 0.02...0.15

        /// The standard ranges.
        public init() {}
    }

    /// Chance an assigned learner enrols at all.
    public var enrolmentChance = 0.95
    /// Mean days between a course's release and a learner's first session: small values make a burst.
    public var enrolmentDelayMeanDays = 7.0
    /// Mean days between two sessions of one course.
    public var sessionGapMeanDays = 2.5
    /// Chance an average learner stops before each module after the first and before the assessment.
    public var dropOffChance = 0.06
    /// Chance a learner pauses a video and carries on in the same session.
    public var videoPauseChance = 0.35
    /// Chance a learner gives up on a module's video part-way.
    public var videoAbandonChance = 0.05
    /// Chance a learner suspends a module after its video and resumes it another day.
    public var suspendChance = 0.2
    /// First-attempt pass chance of an average learner with nothing forgotten.
    public var basePassChance = 0.55
    /// How much one standard deviation of ability adds to the pass chance.
    public var abilityPassSlope = 0.13
    /// The bounds of a learner's pass chance before any planted effect (kept clear of 0 and 1 so an effect
    /// adds its full size).
    public var passChanceBounds: ClosedRange<Double> = 0.08...0.75
    /// Pass chance lost per day between the last module and the assessment (forgetting).
    public var forgettingPerDay = 0.004
    /// The most forgetting can take off the pass chance.
    public var forgettingCap = 0.12
    /// Chance a learner who failed tries again.
    public var retakeChance = 0.7
    /// Pass chance gained on each retake.
    public var retakeGain = 0.15
    /// Attempts allowed at an assessment.
    public var maximumAttempts = 3
    /// Chance a session that falls on a weekend happens then rather than on the next Monday.
    public var weekendStudyChance = 0.12
    /// Correct answers out of eight needed to pass an assessment.
    public var passMark = 6
    /// The aggregate ranges these parameters produce.
    public var expected = ExpectedRanges()

    /// The standard behaviour.
    public init() {}
}
