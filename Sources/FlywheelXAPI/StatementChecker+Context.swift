extension StatementChecker {
    private static let contextKeys: Set<String> = [
        "registration", "instructor", "team", "contextActivities", "revision", "platform", "language", "statement",
        "extensions",
    ]
    private static let contextKeys2: Set<String> = contextKeys.union(["contextAgents", "contextGroups"])
    static let contextActivityKeys = ["parent", "grouping", "category", "other"]

    mutating func checkContext(_ value: JSONValue, _ path: String, objectKind: ObjectKind?) {
        let allowed = version.isVersion2 ? Self.contextKeys2 : Self.contextKeys
        guard let context = members(value, path, allowed: allowed) else { return }
        if let registration = context["registration"] { checkUUID(registration, path + ".registration") }
        if let instructor = context["instructor"] {
            checkAgentOrGroup(instructor, path + ".instructor", role: .actor)
        }
        if let team = context["team"] { checkAgentOrGroup(team, path + ".team", role: .group) }
        if let activities = context["contextActivities"] {
            checkContextActivities(activities, path + ".contextActivities")
        }
        for key in ["revision", "platform"] {
            guard let property = context[key] else { continue }
            _ = string(property, path + "." + key)
            if let objectKind, objectKind != .activity {
                report(.contextNotAllowed, path + "." + key, "may only be used when the object is an Activity")
            }
        }
        if let language = context["language"], let tag = string(language, path + ".language"),
            !LanguageTag.isWellFormed(tag)
        {
            report(.invalidLanguageTag, path + ".language", "\"\(tag)\" is not an RFC 5646 language tag")
        }
        if let statement = context["statement"] { checkStatementRef(statement, path + ".statement") }
        if let extensions = context["extensions"] { checkExtensions(extensions, path + ".extensions") }
        if let agents = context["contextAgents"] {
            checkRelevantEntries(agents, path + ".contextAgents", objectType: "contextAgent", key: "agent")
        }
        if let groups = context["contextGroups"] {
            checkRelevantEntries(groups, path + ".contextGroups", objectType: "contextGroup", key: "group")
        }
    }

    private mutating func checkContextActivities(_ value: JSONValue, _ path: String) {
        guard let activities = members(value, path, allowed: Set(Self.contextActivityKeys)) else { return }
        for member in activities {
            let memberPath = path + "." + member.key
            if case .array = member.value {
                guard let list = array(member.value, memberPath) else { continue }
                for (position, activity) in list.enumerated() {
                    checkContextActivity(activity, memberPath + "[\(position)]")
                }
            } else {
                checkContextActivity(member.value, memberPath)
            }
        }
    }

    private mutating func checkContextActivity(_ value: JSONValue, _ path: String) {
        if let objectType = value["objectType"], objectType != "Activity" {
            report(.invalidValue, path + ".objectType", "a context activity must be an Activity")
            return
        }
        checkActivity(value, path)
    }

    /// Checks xAPI 2.0 `contextAgents` / `contextGroups`: arrays of `{objectType, agent|group, relevantTypes}`.
    private mutating func checkRelevantEntries(_ value: JSONValue, _ path: String, objectType: String, key: String) {
        guard let entries = array(value, path) else { return }
        for (position, entry) in entries.enumerated() {
            let entryPath = path + "[\(position)]"
            guard let fields = members(entry, entryPath, allowed: ["objectType", key, "relevantTypes"]) else {
                continue
            }
            if let type = required(fields, "objectType", entryPath), type != .string(objectType) {
                report(.invalidValue, entryPath + ".objectType", "must be \"\(objectType)\"")
            }
            if let actor = required(fields, key, entryPath) {
                checkAgentOrGroup(actor, entryPath + "." + key, role: key == "agent" ? .agent : .group)
            }
            if let types = fields["relevantTypes"], let list = array(types, entryPath + ".relevantTypes") {
                if list.isEmpty {
                    report(.emptyArray, entryPath + ".relevantTypes", "must list at least one Activity type IRI")
                }
                for (typePosition, type) in list.enumerated() {
                    checkIRI(type, entryPath + ".relevantTypes[\(typePosition)]")
                }
            }
        }
    }
}
