extension StatementChecker {
    static let interactionTypes: Set<String> = [
        "true-false", "choice", "fill-in", "long-fill-in", "matching", "performance", "sequencing", "likert",
        "numeric", "other",
    ]
    static let componentLists = ["choices", "scale", "source", "target", "steps"]
    private static let supportedLists: [String: Set<String>] = [
        "choice": ["choices"], "sequencing": ["choices"], "likert": ["scale"], "matching": ["source", "target"],
        "performance": ["steps"],
    ]
    private static let definitionKeys: Set<String> = [
        "name", "description", "type", "moreInfo", "interactionType", "correctResponsesPattern", "choices",
        "scale", "source", "target", "steps", "extensions",
    ]

    /// Checks a statement's object and returns its kind, or nil when the kind cannot be told.
    mutating func checkObject(_ value: JSONValue, _ path: String, insideSubStatement: Bool) -> ObjectKind? {
        guard case .object = value else {
            report(.wrongType, path, "must be an object, not \(value.typeName)")
            return nil
        }
        switch value["objectType"] {
        case nil, .string("Activity")?:
            checkActivity(value, path)
            return .activity
        case .string("Agent")?, .string("Group")?:
            return checkAgentOrGroup(value, path, role: .object)
        case .string("StatementRef")?:
            checkStatementRef(value, path)
            return .statementRef
        case .string("SubStatement")?:
            if insideSubStatement {
                report(.subStatementRestriction, path, "a SubStatement must not contain another SubStatement")
                return nil
            }
            checkStatement(value, path: path, isSubStatement: true)
            return .subStatement
        case .string(let other)?:
            report(
                .invalidValue, path + ".objectType",
                "must be Activity, Agent, Group, StatementRef or SubStatement, not \"\(other)\"")
        case .null?:
            report(.nullValue, path + ".objectType", "must not be null")
        case let other?:
            report(.wrongType, path + ".objectType", "must be a string, not \(other.typeName)")
        }
        return nil
    }

    mutating func checkActivity(_ value: JSONValue, _ path: String) {
        guard let activity = members(value, path, allowed: ["objectType", "id", "definition"]) else { return }
        if let objectType = activity["objectType"], objectType != "Activity" {
            report(.invalidValue, path + ".objectType", "must be \"Activity\"")
        }
        if let id = required(activity, "id", path) { checkIRI(id, path + ".id") }
        if let definition = activity["definition"] { checkDefinition(definition, path + ".definition") }
    }

    mutating func checkStatementRef(_ value: JSONValue, _ path: String) {
        guard let reference = members(value, path, allowed: ["objectType", "id"]) else { return }
        if let objectType = required(reference, "objectType", path), objectType != "StatementRef" {
            report(.invalidValue, path + ".objectType", "must be \"StatementRef\"")
        }
        if let id = required(reference, "id", path) { checkUUID(id, path + ".id") }
    }

    private mutating func checkDefinition(_ value: JSONValue, _ path: String) {
        guard let definition = members(value, path, allowed: Self.definitionKeys) else { return }
        if let name = definition["name"] { checkLanguageMap(name, path + ".name") }
        if let description = definition["description"] { checkLanguageMap(description, path + ".description") }
        if let type = definition["type"] { checkIRI(type, path + ".type") }
        if let moreInfo = definition["moreInfo"] { checkIRI(moreInfo, path + ".moreInfo", kind: "IRL") }
        if let extensions = definition["extensions"] { checkExtensions(extensions, path + ".extensions") }

        var interactionType: String? = nil
        if let value = definition["interactionType"], let text = string(value, path + ".interactionType") {
            if Self.interactionTypes.contains(text) {
                interactionType = text
            } else {
                report(
                    .invalidValue, path + ".interactionType",
                    "must be one of \(Self.interactionTypes.sorted().joined(separator: ", ")), not \"\(text)\"")
            }
        }
        if let pattern = definition["correctResponsesPattern"],
            let responses = array(pattern, path + ".correctResponsesPattern")
        {
            for (position, response) in responses.enumerated() {
                _ = string(response, path + ".correctResponsesPattern[\(position)]")
            }
        }
        for list in Self.componentLists {
            if let components = definition[list] { checkComponents(components, path + "." + list) }
        }

        let interactionKeys = ["correctResponsesPattern"] + Self.componentLists
        let usedKeys = interactionKeys.filter { definition[$0] != nil }
        if definition["interactionType"] == nil, let first = usedKeys.first {
            report(
                .interactionComponents, path + ".interactionType",
                "is required when \"\(first)\" is present")
        }
        if let interactionType {
            let supported = Self.supportedLists[interactionType] ?? []
            for list in Self.componentLists where definition[list] != nil && !supported.contains(list) {
                report(
                    .interactionComponents, path + "." + list,
                    "is not a component list of interactionType \"\(interactionType)\"")
            }
        }
    }

    private mutating func checkComponents(_ value: JSONValue, _ path: String) {
        guard let components = array(value, path) else { return }
        var seen: Set<String> = []
        for (position, component) in components.enumerated() {
            let componentPath = path + "[\(position)]"
            guard let fields = members(component, componentPath, allowed: ["id", "description"]) else { continue }
            if let id = required(fields, "id", componentPath), let text = string(id, componentPath + ".id") {
                if !seen.insert(text).inserted {
                    report(.interactionComponents, componentPath + ".id", "repeats component id \"\(text)\"")
                }
            }
            if let description = fields["description"] {
                checkLanguageMap(description, componentPath + ".description")
            }
        }
    }
}
