import FlywheelXAPI

/// What the aggregates need from one statement: who did what to which activity, when, and how it went.
///
/// Facts are kept per statement so a voided statement's contribution can be subtracted exactly.
struct StatementFact: Sendable, Hashable {
    /// How the activity relates to its course.
    enum Kind: String, Sendable {
        /// The course itself.
        case course
        /// A course's final assessment: an assessment whose parent is the course.
        case summative
        /// Anything else inside a course: modules, videos, knowledge checks, questions.
        case part
        /// An activity outside any course: standalone (library) content.
        case standalone
    }

    let statementID: String
    let sequence: UInt64
    /// The employee id (the account name) or, without an account, the canonical agent key.
    let learner: String
    let activity: String
    let activityType: String
    /// The course the statement belongs to; empty for standalone content.
    let course: String
    let kind: Kind
    /// The last path segment of the verb IRI: `launched`, `completed`, `passed`, ...
    let verb: String
    let millis: Int64
    let day: Int
    /// Scaled score times 100, when the result has one.
    let score: Double?
    /// Result success, when present.
    let success: Bool?
    /// Time counted as spent: the duration of statements that end a session.
    let timeMillis: Int64

    /// The facts of a stored statement, or nil when it names no learner or activity (voiding statements,
    /// statements about other statements, groups).
    init?(statement: JSONValue, id: String, sequence: UInt64, storedMicros: Int64) {
        guard let actor = statement["actor"], let verbID = statement["verb"]?["id"]?.stringValue,
            let object = statement["object"], (object["objectType"]?.stringValue ?? "Activity") == "Activity",
            let activity = object["id"]?.stringValue
        else { return nil }
        if let name = actor["account"]?["name"]?.stringValue {
            learner = name
        } else if let identifier = AgentIdentifier(actor), actor["objectType"]?.stringValue != "Group" {
            learner = identifier.key
        } else {
            return nil
        }
        statementID = id
        self.sequence = sequence
        self.activity = activity
        activityType = object["definition"]?["type"]?.stringValue ?? ""
        verb = verbID.split(separator: "/").last.map(String.init) ?? verbID

        let activities = statement["context"]?["contextActivities"]
        let parent = activities?["parent"]?.arrayValue?.first?["id"]?.stringValue
        let grouping = activities?["grouping"]?.arrayValue?.last?["id"]?.stringValue
        let isCourse = activityType.hasSuffix("/activities/course")
        if isCourse {
            course = activity
            kind = .course
        } else if let enclosing = grouping ?? parent {
            course = enclosing
            let isAssessment = activityType.hasSuffix("/activities/assessment")
            kind = isAssessment && grouping == nil && parent != nil ? .summative : .part
        } else {
            course = ""
            kind = .standalone
        }

        let timestamp = statement["timestamp"]?.stringValue.flatMap { XAPITimestamp.parse($0) }
        millis = timestamp.map { $0.epochSeconds * 1000 + Int64($0.nanoseconds / 1_000_000) } ?? storedMicros / 1000
        day = Int((millis >= 0 ? millis : millis - 86_399_999) / 86_400_000)

        let result = statement["result"]
        if let scaled = result?["score"]?["scaled"]?.numberValue?.double {
            score = scaled * 100
        } else if let raw = result?["score"]?["raw"]?.numberValue?.double,
            let low = result?["score"]?["min"]?.numberValue?.double,
            let high = result?["score"]?["max"]?.numberValue?.double, high > low
        {
            score = (raw - low) / (high - low) * 100
        } else {
            score = nil
        }
        success = result?["success"]?.boolValue
        let endsSession = verb == "terminated" || verb == "suspended" || (verb == "completed" && kind == .standalone)
        let duration = result?["duration"]?.stringValue.flatMap(ISODuration.milliseconds) ?? 0
        timeMillis = endsSession ? duration : 0
    }

    init(
        statementID: String, sequence: UInt64, learner: String, activity: String, activityType: String,
        course: String, kind: Kind, verb: String, millis: Int64, day: Int, score: Double?, success: Bool?,
        timeMillis: Int64
    ) {
        self.statementID = statementID
        self.sequence = sequence
        self.learner = learner
        self.activity = activity
        self.activityType = activityType
        self.course = course
        self.kind = kind
        self.verb = verb
        self.millis = millis
        self.day = day
        self.score = score
        self.success = success
        self.timeMillis = timeMillis
    }

    /// Whether the statement is a pass or fail result.
    var isAttempt: Bool { verb == "passed" || verb == "failed" }
}

/// ISO 8601 durations as xAPI writes them (`PT1H2M3.5S`, `P1DT2H`).
enum ISODuration {
    /// The duration in milliseconds, or nil when the text is not a duration.
    static func milliseconds(_ text: String) -> Int64? {
        var characters = Substring(text)
        guard characters.first == "P" else { return nil }
        characters = characters.dropFirst()
        var total = 0.0
        var inTime = false
        var number = ""
        for character in characters {
            if character == "T" {
                inTime = true
            } else if character.isNumber || character == "." || character == "," {
                number.append(character == "," ? "." : character)
            } else {
                guard let value = Double(number) else { return nil }
                number = ""
                switch (character, inTime) {
                case ("Y", false): total += value * 365 * 86_400
                case ("M", false): total += value * 30 * 86_400
                case ("W", false): total += value * 7 * 86_400
                case ("D", false): total += value * 86_400
                case ("H", true): total += value * 3600
                case ("M", true): total += value * 60
                case ("S", true): total += value
                default: return nil
                }
            }
        }
        guard number.isEmpty else { return nil }
        return Int64((total * 1000).rounded())
    }
}
