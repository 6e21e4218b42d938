public import Foundation

/// A statement as the LRS stores it: the received statement plus the properties the LRS assigns.
public struct StoredStatement: Sendable, Equatable {
    /// The statement id (the received one, or a new lower-case UUID).
    public let id: String
    /// The statement to store.
    public let statement: JSONValue

    /// Prepares a validated statement for storage.
    ///
    /// Assigns an `id` when absent; overwrites `stored` with the storage time and `authority` with the agent the
    /// LRS derived from the credential; sets `version` when absent (`1.0.0` under 1.0.x, `2.0.0` under 2.0);
    /// sets `timestamp` to the storage time when absent, as the specification asks; and turns each single
    /// context activity into an array of one, the form the LRS must return. Everything else is kept as
    /// received, in received order. The same applies inside a SubStatement's context.
    /// - Parameters:
    ///   - statement: A statement that passed `StatementValidator`.
    ///   - authority: The Agent (or two-Agent Group) the LRS vouches for.
    ///   - stored: When the LRS stores it.
    ///   - version: The request's specification version.
    ///   - newID: Source of a new id when the statement has none.
    public init(
        preparing statement: JSONValue, authority: JSONValue, stored: Date, version: XAPIVersion,
        newID: () -> UUID = { UUID() }
    ) {
        var object = statement.objectValue ?? JSONObject()
        let id = object["id"]?.stringValue ?? newID().uuidString.lowercased()
        let storedText = XAPITimestamp(date: stored).utcString

        var prepared = JSONObject()
        prepared["id"] = .string(id)
        for member in object.members where member.key != "id" {
            prepared[member.key] = member.value
        }
        object = prepared
        object["stored"] = .string(storedText)
        object["authority"] = authority
        if object["version"] == nil { object["version"] = .string(version.defaultStatementVersion) }
        if object["timestamp"] == nil { object["timestamp"] = .string(storedText) }
        if let context = object["context"] { object["context"] = Self.arrayedContextActivities(context) }
        if var subStatement = object["object"]?.objectValue,
            subStatement["objectType"]?.stringValue == "SubStatement", let context = subStatement["context"]
        {
            subStatement["context"] = Self.arrayedContextActivities(context)
            object["object"] = .object(subStatement)
        }

        self.id = id
        self.statement = .object(object)
    }

    static func arrayedContextActivities(_ context: JSONValue) -> JSONValue {
        guard var contextObject = context.objectValue, var activities = contextObject["contextActivities"]?.objectValue
        else { return context }
        for key in activities.keys {
            if let value = activities[key], value.arrayValue == nil { activities[key] = .array([value]) }
        }
        contextObject["contextActivities"] = .object(activities)
        return .object(contextObject)
    }
}

extension XAPITimestamp {
    /// The timestamp of a `Date`, in UTC, to the millisecond.
    /// - Parameter date: The point in time.
    public init(date: Date) {
        let interval = date.timeIntervalSince1970
        let seconds = interval.rounded(.down)
        let nanos = Int32(((interval - seconds) * 1_000).rounded(.down)) * 1_000_000
        self.init(epochSeconds: Int64(seconds), nanoseconds: nanos, hasTimeZone: true)
    }
}
