import FlywheelStore
import FlywheelXAPI

extension StatementStore {
    /// The canonical Activity object for `id`, as learnt from stored statements.
    ///
    /// - Parameter id: The Activity id, compared exactly.
    /// - Returns: Compact JSON `{"objectType":"Activity","id":...,"definition":{...}}`; without `definition`
    ///   when no statement gave one under the owning authority.
    /// - Throws: `IngestError` with code `notFound` when no stored statement names the Activity;
    ///   `DatabaseError` when SQLite fails.
    public func activity(id: String) async throws -> [UInt8] {
        let found = try await database.read { connection -> (seen: Bool, definition: JSONValue?) in
            var definition: JSONValue?
            try connection.prepare("SELECT definition FROM activity_definitions WHERE activity_id = ?")
                .forEachRow([.text(id)]) { row in definition = row.withText(at: 0) { try? JSONValue.parse($0) } }
            if definition != nil { return (true, definition) }
            let rows = try connection.query(
                "SELECT 1 FROM statement_activities WHERE activity_id = ? LIMIT 1", .text(id))
            let seen = !rows.isEmpty
            return (seen, nil)
        }
        guard found.seen else {
            throw IngestError(.notFound, "no stored statement names activity \(id)")
        }
        var activity = JSONObject([.init(key: "objectType", value: "Activity"), .init(key: "id", value: .string(id))])
        if let definition = found.definition { activity["definition"] = definition }
        return JSONValue.object(activity).serialized()
    }

    /// The combined Person object for an agent key: every name seen for the agent in stored statements and
    /// its identifier.
    ///
    /// An agent no statement names still gets a Person object, holding only the identifier read from the key.
    /// Each Agent of a statement carries exactly one identifier, so the Person has one identifier list with
    /// one entry; names are listed in the order first seen.
    /// - Parameter agentKey: A canonical agent key (`mbox:mailto:...`, `mbox_sha1sum:...`, `openid:...`,
    ///   `account:<homePage>|<name>`).
    /// - Returns: Compact JSON `{"objectType":"Person","name":[...],"mbox":[...]}` (empty lists left out).
    /// - Throws: `IngestError` with code `invalidKey` when the key is none of those forms; `DatabaseError`.
    public func person(agentKey: String) async throws -> [UInt8] {
        let learnt = try await database.read { connection -> (identifier: JSONObject?, names: [String]) in
            var identifier: JSONObject?
            try connection.prepare("SELECT identifier FROM agent_identities WHERE agent_key = ?")
                .forEachRow([.text(agentKey)]) { row in
                    identifier = row.withText(at: 0) { try? JSONValue.parse($0) }?.objectValue
                }
            var names: [String] = []
            try connection.prepare("SELECT name FROM agent_names WHERE agent_key = ? ORDER BY rowid")
                .forEachRow([.text(agentKey)]) { row in names.append(row.string(at: 0) ?? "") }
            return (identifier, names)
        }
        guard let identifier = learnt.identifier ?? Self.identifier(fromKey: agentKey) else {
            throw IngestError(.invalidKey, "\(agentKey) is not an agent key")
        }
        var person = JSONObject([.init(key: "objectType", value: "Person")])
        if !learnt.names.isEmpty {
            person["name"] = .array(learnt.names.map(JSONValue.string))
        }
        for member in identifier {
            person[member.key] = .array([member.value])
        }
        return JSONValue.object(person).serialized()
    }

    /// The identifier object an agent key stands for, or nil when the key has no known form.
    ///
    /// An account key splits at its first `|`: a home page holding a bare `|` cannot be told apart.
    static func identifier(fromKey key: String) -> JSONObject? {
        guard let colon = key.firstIndex(of: ":") else { return nil }
        let kind = String(key[..<colon])
        let rest = String(key[key.index(after: colon)...])
        guard !rest.isEmpty else { return nil }
        switch kind {
        case "mbox", "mbox_sha1sum", "openid":
            return JSONObject([.init(key: kind, value: .string(rest))])
        case "account":
            guard let bar = rest.firstIndex(of: "|") else { return nil }
            let account: JSONValue = [
                "homePage": .string(String(rest[..<bar])), "name": .string(String(rest[rest.index(after: bar)...])),
            ]
            return JSONObject([.init(key: "account", value: account)])
        default:
            return nil
        }
    }
}
