/// Decides whether two statements with the same id are the same statement, for the rule that a repeated id
/// with an identical statement is accepted (204) and with a different one refused (409).
///
/// Differences the specification lists as exceptions to statement immutability are ignored: `stored`,
/// `authority`, `version`, a `timestamp` one side lacks (the LRS may assign it) or one written in another time
/// zone, verb `display`, activity `definition`, the order of group members, single versus array context
/// activities, the case of UUIDs, of mbox domains and of SHA-1 hex, and duration digits past hundredths of a
/// second. Every other difference counts.
public enum StatementEquivalence {
    /// Whether two statements are equivalent under the comparison rules above.
    /// - Parameters:
    ///   - lhs: One statement.
    ///   - rhs: The other statement.
    /// - Returns: True when no difference outside the exceptions exists.
    public static func areEquivalent(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        guard comparableForm(lhs, isTopLevel: true) == comparableForm(rhs, isTopLevel: true) else { return false }
        guard let left = lhs["timestamp"]?.stringValue, let right = rhs["timestamp"]?.stringValue else { return true }
        return instant(left) == instant(right)
    }

    private static func instant(_ text: String) -> String {
        guard let timestamp = XAPITimestamp.parse(text) else { return text }
        return "\(timestamp.epochSeconds).\(timestamp.nanoseconds)"
    }

    static func comparableForm(_ statement: JSONValue, isTopLevel: Bool) -> JSONValue {
        guard var object = statement.objectValue else { return statement }
        for key in ["stored", "authority", "version"] { object[key] = nil }
        if isTopLevel {
            object["timestamp"] = nil
        } else if let timestamp = object["timestamp"]?.stringValue {
            object["timestamp"] = .string(instant(timestamp))
        }
        if let id = object["id"]?.stringValue { object["id"] = .string(id.lowercased()) }
        if let actor = object["actor"] { object["actor"] = comparableActor(actor) }
        if let id = object["verb"]?["id"] { object["verb"] = ["id": id] }
        if let target = object["object"] { object["object"] = comparableObject(target) }
        if let result = object["result"] { object["result"] = comparableResult(result) }
        if let context = object["context"] { object["context"] = comparableContext(context) }
        return .object(object)
    }

    private static func comparableObject(_ target: JSONValue) -> JSONValue {
        switch StatementIndex.kind(of: target) {
        case .activity: return comparableActivity(target)
        case .agent, .group: return comparableActor(target)
        case .statementRef:
            return ["objectType": "StatementRef", "id": .string(target["id"]?.stringValue?.lowercased() ?? "")]
        case .subStatement: return comparableForm(target, isTopLevel: false)
        }
    }

    private static func comparableActivity(_ activity: JSONValue) -> JSONValue {
        ["id": activity["id"] ?? .null]
    }

    static func comparableActor(_ actor: JSONValue) -> JSONValue {
        guard var object = actor.objectValue else { return actor }
        if object["objectType"] == "Agent" { object["objectType"] = nil }
        if let mbox = object["mbox"]?.stringValue { object["mbox"] = .string(AgentIdentifier.canonicalMailto(mbox)) }
        if let sum = object["mbox_sha1sum"]?.stringValue { object["mbox_sha1sum"] = .string(sum.lowercased()) }
        if let members = object["member"]?.arrayValue {
            let normalized = members.map(comparableActor)
            let sorted = normalized.map { ($0.jsonString, $0) }.sorted { $0.0 < $1.0 }.map(\.1)
            object["member"] = .array(sorted)
        }
        return .object(object)
    }

    private static func comparableResult(_ result: JSONValue) -> JSONValue {
        guard var object = result.objectValue, let duration = object["duration"]?.stringValue else { return result }
        object["duration"] = .string(XAPIDuration.truncatedToHundredths(duration))
        return .object(object)
    }

    private static func comparableContext(_ context: JSONValue) -> JSONValue {
        guard var object = context.objectValue else { return context }
        if let registration = object["registration"]?.stringValue {
            object["registration"] = .string(registration.lowercased())
        }
        if let reference = object["statement"]?["id"]?.stringValue {
            object["statement"] = ["objectType": "StatementRef", "id": .string(reference.lowercased())]
        }
        if let instructor = object["instructor"] { object["instructor"] = comparableActor(instructor) }
        if let team = object["team"] { object["team"] = comparableActor(team) }
        if var activities = object["contextActivities"]?.objectValue {
            for key in activities.keys {
                guard let value = activities[key] else { continue }
                let list = value.arrayValue ?? [value]
                activities[key] = .array(list.map(comparableActivity))
            }
            object["contextActivities"] = .object(activities)
        }
        for (key, role) in [("contextAgents", "agent"), ("contextGroups", "group")] {
            guard let entries = object[key]?.arrayValue else { continue }
            object[key] = .array(
                entries.map { entry in
                    guard var fields = entry.objectValue, let actor = fields[role] else { return entry }
                    fields[role] = comparableActor(actor)
                    return .object(fields)
                })
        }
        return .object(object)
    }
}
