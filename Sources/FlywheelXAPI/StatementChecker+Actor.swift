/// Where an Agent or Group appears, which decides what it may be.
enum ActorRole {
    /// `actor`, `context.instructor`: Agent (objectType optional) or Group.
    case actor
    /// `object`: Agent or Group, objectType required.
    case object
    /// A Group's `member` entry: an Agent only.
    case member
    /// `context.team`, a contextGroup's `group`: a Group only.
    case group
    /// A contextAgent's `agent`: an Agent only.
    case agent
}

/// The kinds of thing a statement's object can be.
enum ObjectKind {
    case activity, agent, group, statementRef, subStatement
}

extension StatementChecker {
    static let identifierKeys = ["mbox", "mbox_sha1sum", "openid", "account"]
    private static let agentKeys: Set<String> = ["objectType", "name", "mbox", "mbox_sha1sum", "openid", "account"]
    private static let groupKeys: Set<String> = [
        "objectType", "name", "member", "mbox", "mbox_sha1sum", "openid", "account",
    ]

    mutating func checkActor(_ value: JSONValue, _ path: String) {
        _ = checkAgentOrGroup(value, path, role: .actor)
    }

    /// Checks an Agent or Group and returns which it is, or nil when it is neither.
    @discardableResult
    mutating func checkAgentOrGroup(_ value: JSONValue, _ path: String, role: ActorRole) -> ObjectKind? {
        guard case .object(let object) = value else {
            report(.wrongType, path, "must be an Agent or Group object, not \(value.typeName)")
            return nil
        }
        let objectType = object["objectType"]
        var isGroup = false
        switch objectType {
        case nil:
            if role == .object {
                report(.missingProperty, path + ".objectType", "is required when the object is an Agent or Group")
                return nil
            }
            if role == .group {
                report(.missingProperty, path + ".objectType", "must be \"Group\"")
                return nil
            }
        case .string("Agent")?:
            if role == .group {
                report(.invalidValue, path + ".objectType", "must be \"Group\", not \"Agent\"")
                return nil
            }
        case .string("Group")?:
            if role == .member {
                report(.groupMembers, path, "a Group's members must be Agents, not Groups")
                return nil
            }
            if role == .agent {
                report(.invalidValue, path + ".objectType", "must be \"Agent\", not \"Group\"")
                return nil
            }
            isGroup = true
        case .string(let other)?:
            let expected = role == .member || role == .agent ? "\"Agent\"" : "\"Agent\" or \"Group\""
            report(.invalidValue, path + ".objectType", "must be \(expected), not \"\(other)\"")
            return nil
        case .null?:
            report(.nullValue, path + ".objectType", "must not be null")
            return nil
        case let other?:
            report(.wrongType, path + ".objectType", "must be a string, not \(other.typeName)")
            return nil
        }
        if isGroup {
            checkGroup(object, path)
            return .group
        }
        checkAgent(object, path)
        return .agent
    }

    private mutating func checkAgent(_ object: JSONObject, _ path: String) {
        guard let present = members(.object(object), path, allowed: Self.agentKeys) else { return }
        if let name = present["name"] { _ = string(name, path + ".name") }
        let count = checkIdentifiers(present, path)
        if count != 1 {
            report(
                .identifierCount, path,
                "an Agent must have exactly one of mbox, mbox_sha1sum, openid or account (found \(count))")
        }
    }

    private mutating func checkGroup(_ object: JSONObject, _ path: String) {
        guard let present = members(.object(object), path, allowed: Self.groupKeys) else { return }
        if let name = present["name"] { _ = string(name, path + ".name") }
        let count = checkIdentifiers(present, path)
        if count > 1 {
            report(
                .identifierCount, path,
                "a Group must have at most one of mbox, mbox_sha1sum, openid or account (found \(count))")
        }
        guard let memberValue = present["member"] else {
            if count == 0 && !object.keys.contains("member") {
                report(.groupMembers, path + ".member", "an anonymous Group (no identifier) must list its members")
            }
            return
        }
        guard let memberList = array(memberValue, path + ".member") else { return }
        for (position, member) in memberList.enumerated() {
            checkAgentOrGroup(member, path + ".member[\(position)]", role: .member)
        }
    }

    /// Checks each identifier present and returns how many there are.
    private mutating func checkIdentifiers(_ object: JSONObject, _ path: String) -> Int {
        var count = 0
        if let mbox = object["mbox"] {
            count += 1
            if let text = string(mbox, path + ".mbox"), !XAPIFormat.isMailtoIRI(text) {
                report(.invalidMailto, path + ".mbox", "must be a mailto: IRI with one e-mail address, not \"\(text)\"")
            }
        }
        if let sum = object["mbox_sha1sum"] {
            count += 1
            if let text = string(sum, path + ".mbox_sha1sum"), !XAPIFormat.isSHA1Hex(text) {
                report(.invalidHash, path + ".mbox_sha1sum", "must be a SHA-1 digest as 40 hex digits")
            }
        }
        if let openid = object["openid"] {
            count += 1
            checkIRI(openid, path + ".openid", kind: "URI")
        }
        if let account = object["account"] {
            count += 1
            checkAccount(account, path + ".account")
        }
        return count
    }

    private mutating func checkAccount(_ value: JSONValue, _ path: String) {
        guard let account = members(value, path, allowed: ["homePage", "name"]) else { return }
        if let homePage = required(account, "homePage", path) { checkIRI(homePage, path + ".homePage", kind: "IRL") }
        if let name = required(account, "name", path) { _ = string(name, path + ".name") }
    }

    mutating func checkAuthority(_ value: JSONValue, _ path: String) {
        guard let kind = checkAgentOrGroup(value, path, role: .actor), kind == .group else { return }
        let hasIdentifier = Self.identifierKeys.contains { value[$0] != nil }
        let memberCount = value["member"]?.arrayValue?.count ?? 0
        if hasIdentifier || memberCount != 2 {
            report(
                .authorityShape, path,
                "a Group authority must be an anonymous Group of exactly two Agents (OAuth consumer and user)")
        }
    }

    // MARK: Verb

    mutating func checkVerb(_ value: JSONValue, _ path: String) {
        guard let verb = members(value, path, allowed: ["id", "display"]) else { return }
        if let id = required(verb, "id", path) { checkIRI(id, path + ".id") }
        if let display = verb["display"] { checkLanguageMap(display, path + ".display") }
    }
}
