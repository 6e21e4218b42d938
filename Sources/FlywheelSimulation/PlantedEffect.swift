/// A known effect planted in the data: watching `video` changes the first-attempt pass rate of `course`'s
/// assessment for learners of `segment` by `effectPoints` percentage points.
public struct PlantedEffect: Sendable {
    /// How the pair is meant to read in an analysis.
    public enum Kind: String, Sendable {
        /// A real causal effect with random exposure: a naive comparison recovers it.
        case causal
        /// No effect at all: a naive comparison should find about zero.
        case null
        /// A real but smaller causal effect, with exposure chosen more by stronger learners: a naive comparison
        /// overstates it.
        case confounded
    }

    /// A stable identifier, e.g. `negotiation-video/sales`.
    public let id: String
    /// The slug of the optional video that is the exposure.
    public let videoSlug: String
    /// The audience segment.
    public let segment: Department
    /// The slug of the course whose assessment is the outcome.
    public let courseSlug: String
    /// The causal change in first-attempt pass probability, in percentage points.
    public let effectPoints: Double
    /// Causal, null or confounded.
    public let kind: Kind

    /// Creates a planted effect.
    public init(
        id: String, videoSlug: String, segment: Department, courseSlug: String, effectPoints: Double, kind: Kind
    ) {
        self.id = id
        self.videoSlug = videoSlug
        self.segment = segment
        self.courseSlug = courseSlug
        self.effectPoints = effectPoints
        self.kind = kind
    }
}
