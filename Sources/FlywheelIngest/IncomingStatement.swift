import FlywheelXAPI

/// A statement of a StoreStatements batch, parsed and indexed before it reaches the writer, so the
/// transaction itself only compares, splices and inserts.
struct IncomingStatement: Sendable {
    /// The statement id, lower-cased.
    let id: String
    /// The statement as received, without `stored`.
    let statement: JSONValue
    /// Compact JSON of `statement`; the writer adds `stored` (and `timestamp` when absent) before its last `}`.
    let body: [UInt8]
    /// Whether the statement carries its own `timestamp`.
    let hasTimestamp: Bool
    let actorKey: String?
    let verbID: String
    let objectKind: String
    let objectID: String?
    let registration: String?
    /// The id a StatementRef object points at.
    let referencedID: String?
    /// The id this statement voids, when it is a voiding statement.
    let voidedTargetID: String?
    /// Agent keys with whether the plain `agent` filter matches them.
    let agents: [(key: String, direct: Bool)]
    /// Activity ids with whether the plain `activity` filter matches them.
    let activities: [(id: String, direct: Bool)]
    /// The Activity definitions and Agents the statement teaches.
    let facts: StatementFacts

    /// Parses and indexes one statement of a batch.
    /// - Parameters:
    ///   - bytes: Compact JSON of a validated statement with its id set.
    ///   - position: Its place in the batch, for error messages.
    /// - Throws: `IngestError` with code `malformedStatement` when it is not a JSON object with a string id.
    init(bytes: [UInt8], position: Int) throws(IngestError) {
        let parsed: JSONValue
        do {
            parsed = try JSONValue.parse(bytes)
        } catch {
            throw IngestError(.malformedStatement, "statement \(position) is not valid JSON: \(error)")
        }
        guard var object = parsed.objectValue else {
            throw IngestError(.malformedStatement, "statement \(position) is a JSON \(parsed.typeName), not an object")
        }
        guard let id = object["id"]?.stringValue, !id.isEmpty else {
            throw IngestError(.malformedStatement, "statement \(position) has no string \"id\" (the gateway sets it)")
        }
        // The store assigns `stored`; whatever arrived in its place is dropped.
        object["stored"] = nil
        let statement = JSONValue.object(object)
        let index = StatementIndex(statement: statement)

        self.id = id.lowercased()
        self.statement = statement
        self.body = statement.serialized()
        self.hasTimestamp = object["timestamp"] != nil
        self.actorKey = index.actorKey
        self.verbID = index.verbID ?? ""
        self.objectKind = index.objectKind?.rawValue ?? StatementIndex.ObjectKind.activity.rawValue
        self.objectID = index.objectID
        self.registration = index.registration
        self.referencedID = index.objectKind == .statementRef ? index.objectID : nil
        self.voidedTargetID = index.voidedStatementID
        self.agents = Self.agentKeys(of: statement, related: index.relatedAgentKeys)
        let directActivity = index.objectKind == .activity ? index.objectID : nil
        var activities = index.relatedActivityIDs.map { (id: $0, direct: $0 == directActivity) }
        if let directActivity, !index.relatedActivityIDs.contains(directActivity) {
            activities.append((directActivity, true))
        }
        self.activities = activities
        self.facts = StatementFacts(statement: statement)
    }

    /// The statement's JSON as stored: the received body with `stored` (and `timestamp`) appended.
    func storedJSON(storedText: String) -> [UInt8] {
        var json = body
        // A serialized object always ends with `}`; the new members go just before it.
        json.removeLast()
        json.append(contentsOf: Array(#","stored":""#.utf8) + Array(storedText.utf8) + [UInt8(ascii: "\"")])
        if !hasTimestamp {
            json.append(contentsOf: Array(#","timestamp":""#.utf8) + Array(storedText.utf8) + [UInt8(ascii: "\"")])
        }
        json.append(UInt8(ascii: "}"))
        return json
    }

    /// Every related agent key, marking as direct the actor, the object, and the members of either when it
    /// is a Group: a Group matches the `agent` filter through its members, as the specification asks.
    private static func agentKeys(of statement: JSONValue, related: [String]) -> [(key: String, direct: Bool)] {
        var direct: Set<String> = []
        for role in ["actor", "object"] {
            guard let party = statement[role] else { continue }
            if role == "object", let kind = party["objectType"]?.stringValue, kind != "Agent", kind != "Group" {
                continue
            }
            if role == "object", party["objectType"] == nil { continue }
            if let identifier = AgentIdentifier(party) { direct.insert(identifier.key) }
            for member in party["member"]?.arrayValue ?? [] {
                if let identifier = AgentIdentifier(member) { direct.insert(identifier.key) }
            }
        }
        var keys = related.map { (key: $0, direct: direct.contains($0)) }
        for key in direct where !related.contains(key) {
            keys.append((key, true))
        }
        return keys
    }
}
