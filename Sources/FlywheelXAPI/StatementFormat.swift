/// The `format` parameter of statement queries: how agents, groups, activities and verbs are returned.
public enum StatementFormat: String, Sendable, CaseIterable {
    /// As received.
    case exact
    /// Agents, groups, activities and verbs reduced to what identifies them.
    case ids
    /// Activity and verb language maps reduced to the one language that best matches `Accept-Language`,
    /// activity definitions optionally replaced by the LRS's canonical ones; agents and groups as received.
    case canonical

    /// Parses the query parameter value.
    /// - Parameter parameter: `exact`, `ids` or `canonical`; nil means the default, `exact`.
    /// - Throws: `XAPIValidationError` with rule `invalidValue` for any other value.
    public init(parameter: String?) throws(XAPIValidationError) {
        guard let parameter else {
            self = .exact
            return
        }
        guard let format = StatementFormat(rawValue: parameter) else {
            throw XAPIValidationError(
                rule: .invalidValue, path: "format", message: "must be exact, ids or canonical, not \"\(parameter)\"")
        }
        self = format
    }

    /// Renders a stored statement in this format.
    /// - Parameters:
    ///   - statement: The statement as stored.
    ///   - languages: The client's language preference, used by `canonical`.
    ///   - canonicalDefinition: The LRS's canonical definition for an activity id, used by `canonical` when it
    ///     returns one; nil keeps the statement's own definition.
    /// - Returns: The statement to send.
    public func render(
        _ statement: JSONValue, languages: LanguagePreference = LanguagePreference(acceptLanguage: nil),
        canonicalDefinition: (String) -> JSONValue? = { _ in nil }
    ) -> JSONValue {
        switch self {
        case .exact:
            return statement
        case .ids:
            return StatementRewriter(
                actor: Self.identifyingActor, activity: Self.identifyingActivity, verb: { ["id": $0["id"] ?? .null] }
            ).rewrite(statement)
        case .canonical:
            return withoutActuallyEscaping(canonicalDefinition) { definition in
                StatementRewriter(
                    actor: { $0 },
                    activity: { Self.canonicalActivity($0, languages: languages, definition: definition) },
                    verb: { Self.canonicalVerb($0, languages: languages) }
                ).rewrite(statement)
            }
        }
    }

    private static func identifyingActor(_ actor: JSONValue) -> JSONValue {
        guard let object = actor.objectValue else { return actor }
        var reduced = JSONObject()
        if let objectType = object["objectType"] { reduced["objectType"] = objectType }
        let identifier = StatementChecker.identifierKeys.first { object[$0] != nil }
        if let identifier {
            reduced[identifier] = object[identifier]
        } else if let members = object["member"]?.arrayValue {
            reduced["member"] = .array(members.map(identifyingActor))
        }
        return .object(reduced)
    }

    private static func identifyingActivity(_ activity: JSONValue) -> JSONValue {
        guard let object = activity.objectValue else { return activity }
        var reduced = JSONObject()
        if let objectType = object["objectType"] { reduced["objectType"] = objectType }
        reduced["id"] = object["id"]
        return .object(reduced)
    }

    private static func canonicalVerb(_ verb: JSONValue, languages: LanguagePreference) -> JSONValue {
        guard var object = verb.objectValue, let display = object["display"]?.objectValue else { return verb }
        object["display"] = .object(languages.reduce(display))
        return .object(object)
    }

    private static func canonicalActivity(
        _ activity: JSONValue, languages: LanguagePreference, definition: (String) -> JSONValue?
    ) -> JSONValue {
        guard var object = activity.objectValue else { return activity }
        if let id = object["id"]?.stringValue, let canonical = definition(id) { object["definition"] = canonical }
        guard var fields = object["definition"]?.objectValue else { return .object(object) }
        for key in ["name", "description"] {
            if let map = fields[key]?.objectValue { fields[key] = .object(languages.reduce(map)) }
        }
        for list in StatementChecker.componentLists {
            guard let components = fields[list]?.arrayValue else { continue }
            fields[list] = .array(
                components.map { component in
                    guard var entry = component.objectValue, let map = entry["description"]?.objectValue else {
                        return component
                    }
                    entry["description"] = .object(languages.reduce(map))
                    return .object(entry)
                })
        }
        object["definition"] = .object(fields)
        return .object(object)
    }
}

/// Applies one transformation to every actor, activity and verb of a statement, SubStatements included.
struct StatementRewriter {
    let actor: (JSONValue) -> JSONValue
    let activity: (JSONValue) -> JSONValue
    let verb: (JSONValue) -> JSONValue

    func rewrite(_ statement: JSONValue) -> JSONValue {
        guard var object = statement.objectValue else { return statement }
        if let value = object["actor"] { object["actor"] = actor(value) }
        if let value = object["verb"] { object["verb"] = verb(value) }
        if let value = object["authority"] { object["authority"] = actor(value) }
        if let target = object["object"] {
            switch StatementIndex.kind(of: target) {
            case .activity: object["object"] = activity(target)
            case .agent, .group: object["object"] = actor(target)
            case .subStatement: object["object"] = rewrite(target)
            case .statementRef: break
            }
        }
        if var context = object["context"]?.objectValue {
            if let value = context["instructor"] { context["instructor"] = actor(value) }
            if let value = context["team"] { context["team"] = actor(value) }
            if var activities = context["contextActivities"]?.objectValue {
                for key in activities.keys {
                    guard let value = activities[key] else { continue }
                    if let list = value.arrayValue {
                        activities[key] = .array(list.map(activity))
                    } else {
                        activities[key] = activity(value)
                    }
                }
                context["contextActivities"] = .object(activities)
            }
            for (key, role) in [("contextAgents", "agent"), ("contextGroups", "group")] {
                guard let entries = context[key]?.arrayValue else { continue }
                context[key] = .array(
                    entries.map { entry in
                        guard var fields = entry.objectValue, let value = fields[role] else { return entry }
                        fields[role] = actor(value)
                        return .object(fields)
                    })
            }
            object["context"] = .object(context)
        }
        return .object(object)
    }
}
