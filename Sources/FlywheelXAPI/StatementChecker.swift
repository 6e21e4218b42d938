/// The verb whose statements void another statement.
let voidedVerbID = "http://adlnet.gov/expapi/verbs/voided"

/// Walks one statement and records every rule it breaks.
struct StatementChecker {
    let version: XAPIVersion
    var issues: [XAPIValidationError] = []

    init(version: XAPIVersion) {
        self.version = version
    }

    mutating func report(_ rule: XAPIValidationError.Rule, _ path: String, _ message: String) {
        issues.append(XAPIValidationError(rule: rule, path: path, message: message))
    }

    // MARK: Statement

    private static let statementKeys: Set<String> = [
        "id", "actor", "verb", "object", "result", "context", "timestamp", "stored", "authority", "version",
        "attachments",
    ]
    private static let subStatementKeys: Set<String> = [
        "objectType", "actor", "verb", "object", "result", "context", "timestamp", "attachments",
    ]
    private static let forbiddenInSubStatement: Set<String> = ["id", "stored", "version", "authority"]

    mutating func checkStatement(_ value: JSONValue, path: String, isSubStatement: Bool) {
        let allowed = isSubStatement ? Self.subStatementKeys : Self.statementKeys
        guard let statement = asObject(value, path, allowed: allowed, reportUnknown: false) else { return }
        for member in statement where !allowed.contains(member.key) {
            if isSubStatement && Self.forbiddenInSubStatement.contains(member.key) {
                report(
                    .subStatementRestriction, path + "." + member.key, "a SubStatement must not have \"\(member.key)\"")
            } else {
                reportUnknown(member.key, path)
            }
        }
        let present = withoutNulls(statement, path)

        if let id = present["id"] { checkUUID(id, path + ".id") }
        if let actor = required(present, "actor", path) { checkActor(actor, path + ".actor") }
        if let verb = required(present, "verb", path) { checkVerb(verb, path + ".verb") }
        var objectKind: ObjectKind? = nil
        if let object = required(present, "object", path) {
            objectKind = checkObject(object, path + ".object", insideSubStatement: isSubStatement)
        }
        if let result = present["result"] { checkResult(result, path + ".result") }
        if let context = present["context"] { checkContext(context, path + ".context", objectKind: objectKind) }
        if let timestamp = present["timestamp"] { checkTimestamp(timestamp, path + ".timestamp") }
        if !isSubStatement {
            if let stored = present["stored"] { checkTimestamp(stored, path + ".stored") }
            if let authority = present["authority"] { checkAuthority(authority, path + ".authority") }
            if let statementVersion = present["version"] { checkVersion(statementVersion, path + ".version") }
        }
        if let attachments = present["attachments"] { checkAttachments(attachments, path + ".attachments") }
        checkVoiding(present, path)
    }

    private mutating func checkVoiding(_ statement: JSONObject, _ path: String) {
        guard statement["verb"]?["id"]?.stringValue == voidedVerbID, let object = statement["object"] else { return }
        if object["objectType"]?.stringValue != "StatementRef" {
            report(
                .voidingTarget, path + ".object",
                "a statement with verb \(voidedVerbID) must have a StatementRef object")
        }
    }

    private mutating func checkVersion(_ value: JSONValue, _ path: String) {
        guard let text = string(value, path) else { return }
        let accepted = version.isVersion2 ? ["1.0", "2.0"] : ["1.0"]
        let isAccepted = accepted.contains { base in
            guard text.hasPrefix(base) else { return false }
            let rest = text.dropFirst(base.count)
            if rest.isEmpty { return true }
            guard rest.first == "." else { return false }
            let patch = rest.dropFirst()
            return !patch.isEmpty && patch.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
        }
        if !isAccepted {
            let allowedText = version.isVersion2 ? "\"1.0\", \"1.0.x\", \"2.0\" or \"2.0.x\"" : "\"1.0\" or \"1.0.x\""
            report(.invalidVersion, path, "must be \(allowedText), not \"\(text)\"")
        }
    }

    private mutating func checkTimestamp(_ value: JSONValue, _ path: String) {
        guard let text = string(value, path) else { return }
        if XAPITimestamp.parse(text, requireTimeZone: version.isVersion2) == nil {
            let zone = version.isVersion2 ? " with a time zone" : ""
            report(.invalidTimestamp, path, "must be an ISO 8601 date and time\(zone), not \"\(text)\"")
        }
    }

    // MARK: Building blocks

    /// Checks that `value` is an object, reporting keys outside `allowed` unless the caller reports them.
    mutating func asObject(
        _ value: JSONValue, _ path: String, allowed: Set<String>, reportUnknown shouldReport: Bool = true
    ) -> JSONObject? {
        guard case .object(let object) = value else {
            report(.wrongType, path, "must be an object, not \(value.typeName)")
            return nil
        }
        if shouldReport {
            for member in object where !allowed.contains(member.key) {
                reportUnknown(member.key, path)
            }
        }
        return object
    }

    mutating func reportUnknown(_ key: String, _ path: String) {
        report(.unknownProperty, path + "." + key, "\"\(key)\" is not a property of this object")
    }

    /// Reports `null` members and returns the object without them, so later checks see only real values.
    mutating func withoutNulls(_ object: JSONObject, _ path: String) -> JSONObject {
        guard object.members.contains(where: { $0.value.isNull }) else { return object }
        var filtered: [JSONObject.Member] = []
        for member in object.members {
            if member.value.isNull {
                report(.nullValue, path + "." + member.key, "must not be null")
            } else {
                filtered.append(member)
            }
        }
        return JSONObject(filtered)
    }

    /// Checks an object's shape and returns its allowed, non-null members.
    mutating func members(_ value: JSONValue, _ path: String, allowed: Set<String>) -> JSONObject? {
        guard let object = asObject(value, path, allowed: allowed) else { return nil }
        return withoutNulls(object, path)
    }

    mutating func required(_ object: JSONObject, _ key: String, _ path: String) -> JSONValue? {
        if let value = object[key] { return value }
        if object.keys.contains(key) { return nil }  // present as null: already reported
        report(.missingProperty, path + "." + key, "is required")
        return nil
    }

    mutating func string(_ value: JSONValue, _ path: String) -> String? {
        guard case .string(let text) = value else {
            report(.wrongType, path, "must be a string, not \(value.typeName)")
            return nil
        }
        return text
    }

    mutating func number(_ value: JSONValue, _ path: String) -> JSONNumber? {
        guard case .number(let number) = value else {
            report(.wrongType, path, "must be a number, not \(value.typeName)")
            return nil
        }
        return number
    }

    mutating func boolean(_ value: JSONValue, _ path: String) {
        guard case .bool = value else {
            report(.wrongType, path, "must be a boolean, not \(value.typeName)")
            return
        }
    }

    mutating func array(_ value: JSONValue, _ path: String) -> [JSONValue]? {
        guard case .array(let elements) = value else {
            report(.wrongType, path, "must be an array, not \(value.typeName)")
            return nil
        }
        var present: [JSONValue] = []
        for (position, element) in elements.enumerated() {
            if element.isNull {
                report(.nullValue, path + "[\(position)]", "must not be null")
            } else {
                present.append(element)
            }
        }
        return elements.count == present.count ? elements : present
    }

    mutating func checkIRI(_ value: JSONValue, _ path: String, kind: String = "IRI") {
        guard let text = string(value, path) else { return }
        if !XAPIFormat.isIRI(text) {
            report(.invalidIRI, path, "must be an absolute \(kind) with a scheme, not \"\(text)\"")
        }
    }

    mutating func checkUUID(_ value: JSONValue, _ path: String) {
        guard let text = string(value, path) else { return }
        if !XAPIFormat.isUUID(text) {
            report(.invalidUUID, path, "must be a UUID in 8-4-4-4-12 hex form (RFC 4122 variant), not \"\(text)\"")
        }
    }

    mutating func checkLanguageMap(_ value: JSONValue, _ path: String) {
        guard case .object(let map) = value else {
            report(.wrongType, path, "must be a language map object, not \(value.typeName)")
            return
        }
        for member in map {
            let memberPath = path + "." + member.key
            if !LanguageTag.isWellFormed(member.key) {
                report(.invalidLanguageTag, memberPath, "\"\(member.key)\" is not an RFC 5646 language tag")
            }
            if member.value.isNull {
                report(.nullValue, memberPath, "must not be null")
            } else if member.value.stringValue == nil {
                report(.wrongType, memberPath, "must be a string, not \(member.value.typeName)")
            }
        }
    }

    mutating func checkExtensions(_ value: JSONValue, _ path: String) {
        guard case .object(let map) = value else {
            report(.wrongType, path, "must be an object, not \(value.typeName)")
            return
        }
        for member in map where !XAPIFormat.isIRI(member.key) {
            report(.invalidIRI, path + "." + member.key, "extension key must be an absolute IRI")
        }
    }
}
