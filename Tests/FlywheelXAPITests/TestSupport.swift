import FlywheelXAPI

/// One step of a path into a JSON tree: an object key or an array index.
enum PathStep: Sendable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, CustomStringConvertible {
    case key(String)
    case index(Int)

    init(stringLiteral value: String) { self = .key(value) }
    init(integerLiteral value: Int) { self = .index(value) }

    var description: String {
        switch self {
        case .key(let key): key
        case .index(let index): "[\(index)]"
        }
    }
}

extension JSONValue {
    /// A copy with the value at `path` replaced, created (objects only) or, for nil, removed.
    func setting(_ path: [PathStep], to newValue: JSONValue?) -> JSONValue {
        guard let step = path.first else { return newValue ?? .null }
        let rest = Array(path.dropFirst())
        switch (self, step) {
        case (.object(var object), .key(let key)):
            if rest.isEmpty {
                object[key] = newValue
            } else {
                object[key] = (object[key] ?? .object(JSONObject())).setting(rest, to: newValue)
            }
            return .object(object)
        case (.array(var array), .index(let index)):
            if rest.isEmpty {
                if let newValue { array[index] = newValue } else { array.remove(at: index) }
            } else {
                array[index] = array[index].setting(rest, to: newValue)
            }
            return .array(array)
        case (_, .key):
            return JSONValue.object(JSONObject()).setting(path, to: newValue)
        default:
            fatalError("path step \(step) does not fit \(self.typeName)")
        }
    }
}

/// Parses JSON text written in a test, failing loudly when the test itself is wrong.
func json(_ text: String) -> JSONValue {
    do {
        return try JSONValue.parse(text)
    } catch {
        fatalError("test JSON does not parse: \(error)\n\(text)")
    }
}

/// Renders a path the way the validator reports it: `statement.a.b[0].c`.
func reportedPath(_ root: String, _ steps: [PathStep]) -> String {
    var path = root
    for step in steps {
        switch step {
        case .key(let key): path += "." + key
        case .index(let index): path += "[\(index)]"
        }
    }
    return path
}

enum Sample {
    static let agent: JSONValue = ["objectType": "Agent", "name": "Ann", "mbox": "mailto:ann@example.com"]
    static let otherAgent: JSONValue = ["mbox": "mailto:bob@example.com"]
    static let verb: JSONValue = ["id": "http://adlnet.gov/expapi/verbs/attended", "display": ["en-US": "attended"]]
    static let activity: JSONValue = ["objectType": "Activity", "id": "http://www.example.com/meetings/34534"]
    static let uuid = "fd41c918-b88b-4b20-a0a5-a4c32391aaa0"

    /// The smallest valid statement: actor, verb, object.
    static let minimal: JSONValue = ["actor": agent, "verb": verb, "object": activity]

    /// A statement using most optional properties, valid in both versions.
    static let full = json(
        """
        {
          "id": "6690e6c9-3ef0-4ed3-8b37-7f3964730bee",
          "actor": {"objectType": "Group", "name": "Team", "member": [
            {"name": "Ann", "mbox": "mailto:ann@example.com"},
            {"mbox_sha1sum": "cd9b00a5611f94eaa7b1661edab976068e364975"}]},
          "verb": {"id": "http://adlnet.gov/expapi/verbs/completed",
            "display": {"en-US": "completed", "de": "beendet"}},
          "object": {"id": "http://www.example.com/tests/1", "definition": {
            "name": {"en-US": "Test 1"}, "description": {"en-US": "The first test"},
            "type": "http://adlnet.gov/expapi/activities/assessment",
            "moreInfo": "https://www.example.com/tests/1/info",
            "interactionType": "choice", "correctResponsesPattern": ["golf[,]tetris"],
            "choices": [{"id": "golf", "description": {"en-US": "Golf"}}, {"id": "tetris"}],
            "extensions": {"http://example.com/ext/level": 3}}},
          "result": {"score": {"scaled": 0.5, "raw": 50, "min": 0, "max": 100}, "success": true,
            "completion": true, "response": "golf", "duration": "PT1H30M5.25S",
            "extensions": {"http://example.com/ext/attempts": null}},
          "context": {"registration": "ec531277-b57b-4c15-8d91-d292c5b2b8f7",
            "instructor": {"account": {"homePage": "https://lms.example.com", "name": "teacher7"}},
            "team": {"objectType": "Group", "openid": "https://openid.example.org/team9"},
            "contextActivities": {"parent": {"id": "http://www.example.com/courses/1"},
              "grouping": [{"id": "http://www.example.com/programs/1"}],
              "category": [{"id": "http://www.example.com/profiles/x",
                "definition": {"type": "http://adlnet.gov/expapi/activities/profile"}}],
              "other": []},
            "revision": "r2", "platform": "Example LMS", "language": "en-US",
            "statement": {"objectType": "StatementRef", "id": "5d2f6b1e-8f1f-4c5a-9f70-3f3a0a8a2b10"},
            "extensions": {"http://example.com/ext/room": {"floor": 2}}},
          "timestamp": "2024-05-01T10:20:30.123+02:00",
          "stored": "2024-05-01T08:20:31.000Z",
          "authority": {"objectType": "Agent", "account": {"homePage": "https://lrs.example.com", "name": "client1"}},
          "version": "1.0.0",
          "attachments": [{"usageType": "http://adlnet.gov/expapi/attachments/signature",
            "display": {"en-US": "Signature"}, "description": {"en-US": "A signature"},
            "contentType": "application/octet-stream", "length": 4235,
            "sha2": "672fa5fa658017f1b72d65036f13379c6ab05d4ab3b6664908d8acf0b6a0c634",
            "fileUrl": "https://files.example.com/sig"}]
        }
        """)
}
