import FlywheelXAPI

/// Assembles the statements of one learner, in the member order authoring tools commonly write.
struct StatementFactory {
    let actor: JSONValue
    let language: String
    let isVersion2: Bool

    static let platform: JSONValue = "Northwind Learn"
    static let videoCategory: JSONValue = [["objectType": "Activity", "id": "https://w3id.org/xapi/video"]]

    init(learner: Learner, homePage: String, isVersion2: Bool) {
        actor = [
            "objectType": "Agent", "name": .string(learner.name),
            "account": ["homePage": .string(homePage), "name": .string(learner.employeeID)],
        ]
        language = Self.language(for: learner.location)
        self.isVersion2 = isVersion2
    }

    /// Builds one statement.
    func statement(
        id: String, verb: Verb, object: JSONValue, result: JSONValue?, context: JSONValue, millis: Int64
    ) -> JSONValue {
        var members: [JSONObject.Member] = [
            JSONObject.Member(key: "id", value: .string(id)),
            JSONObject.Member(key: "actor", value: actor),
            JSONObject.Member(key: "verb", value: verb.json),
            JSONObject.Member(key: "object", value: object),
        ]
        if let result { members.append(JSONObject.Member(key: "result", value: result)) }
        members.append(JSONObject.Member(key: "context", value: context))
        members.append(JSONObject.Member(key: "timestamp", value: .string(Timestamp.text(millis: millis))))
        if isVersion2 { members.append(JSONObject.Member(key: "version", value: "2.0.0")) }
        return .object(JSONObject(members))
    }

    /// Builds a context with a registration, parent and grouping activities, and extensions.
    func context(
        registration: String?, parent: JSONValue?, grouping: [JSONValue] = [], isVideo: Bool = false,
        extensions: [(String, JSONValue)]
    ) -> JSONValue {
        var activities: [JSONObject.Member] = []
        if let parent { activities.append(JSONObject.Member(key: "parent", value: [parent])) }
        if !grouping.isEmpty { activities.append(JSONObject.Member(key: "grouping", value: .array(grouping))) }
        if isVideo { activities.append(JSONObject.Member(key: "category", value: Self.videoCategory)) }
        var members: [JSONObject.Member] = []
        if let registration { members.append(JSONObject.Member(key: "registration", value: .string(registration))) }
        if !activities.isEmpty {
            members.append(JSONObject.Member(key: "contextActivities", value: .object(JSONObject(activities))))
        }
        members.append(JSONObject.Member(key: "platform", value: Self.platform))
        members.append(JSONObject.Member(key: "language", value: .string(language)))
        if !extensions.isEmpty {
            let map = JSONObject(extensions.map { JSONObject.Member(key: $0.0, value: $0.1) })
            members.append(JSONObject.Member(key: "extensions", value: .object(map)))
        }
        return .object(JSONObject(members))
    }

    private static func language(for location: Location) -> String {
        switch location.city {
        case "Berlin": "de-DE"
        case "London": "en-GB"
        case "Singapore": "en-SG"
        case "Bangalore": "en-IN"
        default: "en-US"
        }
    }
}

/// Builders for `result` objects.
enum ResultValue {
    static func score(correct: Int, of total: Int, success: Bool, millis: Int64) -> JSONValue {
        let raw = Double(correct) * 100 / Double(total)
        return [
            "score": [
                "scaled": .number(JSONNumber(raw / 100)), "raw": .number(JSONNumber(raw)), "min": 0, "max": 100,
            ],
            "success": .bool(success), "completion": true, "duration": .string(Timestamp.duration(millis: millis)),
        ]
    }

    static func progress(_ percent: Int, millis: Int64) -> JSONValue {
        [
            "duration": .string(Timestamp.duration(millis: millis)),
            "extensions": [ExtensionKey.progress: .number(JSONNumber(Int64(percent)))],
        ]
    }

    static func videoTime(_ seconds: Double, length: Int, completed: Bool, millis: Int64?) -> JSONValue {
        var members: [JSONObject.Member] = []
        if completed {
            members.append(JSONObject.Member(key: "completion", value: true))
        }
        if let millis {
            members.append(JSONObject.Member(key: "duration", value: .string(Timestamp.duration(millis: millis))))
        }
        let rounded = (seconds * 1000).rounded() / 1000
        let progress = (min(1, seconds / Double(length)) * 1000).rounded() / 1000
        members.append(
            JSONObject.Member(
                key: "extensions",
                value: [
                    ExtensionKey.videoTime: .number(JSONNumber(rounded)),
                    ExtensionKey.videoProgress: .number(JSONNumber(progress)),
                ]))
        return .object(JSONObject(members))
    }
}
