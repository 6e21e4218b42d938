public import FlywheelXAPI

/// A verb the simulated learning tools emit: its IRI and English display.
public struct Verb: Sendable, Hashable {
    /// The verb IRI.
    public let id: String
    /// The English display text.
    public let display: String

    /// The statement's `verb` object.
    public var json: JSONValue {
        ["id": .string(id), "display": ["en-US": .string(display)]]
    }

    private static func adl(_ name: String) -> Verb {
        Verb(id: "http://adlnet.gov/expapi/verbs/" + name, display: name)
    }

    private static func video(_ name: String) -> Verb {
        Verb(id: "https://w3id.org/xapi/video/verbs/" + name, display: name)
    }

    /// The learning tool opened the activity for the learner.
    public static let launched = adl("launched")
    /// The activity is ready and has started tracking.
    public static let initialized = adl("initialized")
    /// The learner moved through part of the activity.
    public static let progressed = adl("progressed")
    /// The learner left the activity intending to return.
    public static let suspended = adl("suspended")
    /// The learner came back to a suspended activity.
    public static let resumed = adl("resumed")
    /// The learner finished the activity.
    public static let completed = adl("completed")
    /// The learner answered a question.
    public static let answered = adl("answered")
    /// The learner reached the pass mark.
    public static let passed = adl("passed")
    /// The learner fell short of the pass mark.
    public static let failed = adl("failed")
    /// The session with the activity ended.
    public static let terminated = adl("terminated")
    /// The learner started or restarted a video.
    public static let played = video("played")
    /// The learner paused a video.
    public static let paused = video("paused")
}
