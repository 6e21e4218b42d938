/// A course of the simulated catalogue: modules (a video and a knowledge check each) and a final assessment.
public struct Course: Sendable {
    /// Who the course is assigned to.
    public enum Audience: Sendable {
        /// Every employee.
        case everyone
        /// Employees of these departments.
        case departments([Department])
        /// Team leads only.
        case managers

        func includes(_ learner: Learner) -> Bool {
            switch self {
            case .everyone: true
            case .departments(let departments): departments.contains(learner.department)
            case .managers: learner.isManager
            }
        }
    }

    /// The short name used in activity IRIs, e.g. `customer-conversations`.
    public let slug: String
    /// The course title.
    public let title: LocalizedText
    /// The module titles, in order.
    public let modules: [LocalizedText]
    /// Who is assigned the course.
    public let audience: Audience
    /// The day of the simulated year the course is published, from 0; enrolments burst after it.
    public let releaseDay: Int

    /// Creates a course.
    public init(slug: String, title: LocalizedText, modules: [LocalizedText], audience: Audience, releaseDay: Int) {
        self.slug = slug
        self.title = title
        self.modules = modules
        self.audience = audience
        self.releaseDay = releaseDay
    }
}

/// A standalone video in the library that learners may choose to watch.
public struct OptionalVideo: Sendable {
    /// How learners come to watch the video.
    public enum Selection: Sendable {
        /// A fixed share of learners, independent of everything about them.
        case random(share: Double)
        /// Stronger learners are likelier to choose it: the chance is the logistic of
        /// `intercept + slope × ability`, ability being a hidden standard-normal trait.
        case byAbility(intercept: Double, slope: Double)
    }

    /// The short name used in the activity IRI.
    public let slug: String
    /// The video title.
    public let title: LocalizedText
    /// The running time in seconds.
    public let lengthSeconds: Int
    /// Who watches it.
    public let selection: Selection

    /// Creates an optional video.
    public init(slug: String, title: LocalizedText, lengthSeconds: Int, selection: Selection) {
        self.slug = slug
        self.title = title
        self.lengthSeconds = lengthSeconds
        self.selection = selection
    }
}
