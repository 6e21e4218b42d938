/// What a storage layer indexes about one statement: identity, actor, verb, object and the related agents and
/// activities that the `related_agents` and `related_activities` query parameters search.
///
/// Built from a statement that already passed validation; values that are absent come back nil or empty.
public struct StatementIndex: Sendable, Equatable {
    /// The kind of thing a statement's object is.
    public enum ObjectKind: String, Sendable, Hashable {
        /// An Activity, indexed by its id IRI.
        case activity = "Activity"
        /// An Agent, indexed by its identifier key.
        case agent = "Agent"
        /// A Group, indexed by its identifier key (nil for an anonymous Group).
        case group = "Group"
        /// A reference to another statement, indexed by its id.
        case statementRef = "StatementRef"
        /// A SubStatement, which has no id of its own.
        case subStatement = "SubStatement"
    }

    /// The statement id, lower-cased, or nil when the statement has none yet.
    public let statementID: String?
    /// The actor's identifier key, or nil for an anonymous Group.
    public let actorKey: String?
    /// The verb id IRI.
    public let verbID: String?
    /// The kind of object.
    public let objectKind: ObjectKind?
    /// The activity id, agent or group key, or referenced statement id (lower-cased) of the object.
    public let objectID: String?
    /// The context registration, lower-cased.
    public let registration: String?
    /// The id of the statement this one voids, lower-cased, when the verb is `voided` and the object a StatementRef.
    public let voidedStatementID: String?
    /// Identifier keys of every agent and group the statement involves: actor, object, authority, instructor,
    /// team, 2.0 context agents and groups, group members, and the same inside a SubStatement. No duplicates,
    /// in document order.
    public let relatedAgentKeys: [String]
    /// Ids of every activity the statement involves: the object, all context activities, and the same inside
    /// a SubStatement. No duplicates, in document order.
    public let relatedActivityIDs: [String]

    /// Extracts the index of one statement.
    /// - Parameter statement: A validated statement.
    public init(statement: JSONValue) {
        statementID = statement["id"]?.stringValue?.lowercased()
        actorKey = statement["actor"].flatMap(AgentIdentifier.init)?.key
        verbID = statement["verb"]?["id"]?.stringValue
        registration = statement["context"]?["registration"]?.stringValue?.lowercased()

        let object = statement["object"]
        let kind = object.map(Self.kind(of:))
        objectKind = kind
        switch kind {
        case .activity?: objectID = object?["id"]?.stringValue
        case .agent?, .group?: objectID = object.flatMap(AgentIdentifier.init)?.key
        case .statementRef?: objectID = object?["id"]?.stringValue?.lowercased()
        case .subStatement?, nil: objectID = nil
        }
        voidedStatementID = verbID == voidedVerbID && kind == .statementRef ? objectID : nil

        var agents = OrderedKeys()
        var activities = OrderedKeys()
        Self.collect(statement, agents: &agents, activities: &activities, includeAuthority: true)
        relatedAgentKeys = agents.keys
        relatedActivityIDs = activities.keys
    }

    static func kind(of object: JSONValue) -> ObjectKind {
        switch object["objectType"]?.stringValue {
        case "Agent": .agent
        case "Group": .group
        case "StatementRef": .statementRef
        case "SubStatement": .subStatement
        default: .activity
        }
    }

    private static func collect(
        _ statement: JSONValue, agents: inout OrderedKeys, activities: inout OrderedKeys, includeAuthority: Bool
    ) {
        if let actor = statement["actor"] { collectActor(actor, into: &agents) }
        if let object = statement["object"] {
            switch kind(of: object) {
            case .activity:
                if let id = object["id"]?.stringValue { activities.insert(id) }
            case .agent, .group:
                collectActor(object, into: &agents)
            case .subStatement:
                collect(object, agents: &agents, activities: &activities, includeAuthority: false)
            case .statementRef:
                break
            }
        }
        if includeAuthority, let authority = statement["authority"] { collectActor(authority, into: &agents) }
        guard let context = statement["context"] else { return }
        if let instructor = context["instructor"] { collectActor(instructor, into: &agents) }
        if let team = context["team"] { collectActor(team, into: &agents) }
        for entry in context["contextAgents"]?.arrayValue ?? [] {
            if let agent = entry["agent"] { collectActor(agent, into: &agents) }
        }
        for entry in context["contextGroups"]?.arrayValue ?? [] {
            if let group = entry["group"] { collectActor(group, into: &agents) }
        }
        if let contextActivities = context["contextActivities"]?.objectValue {
            for member in contextActivities {
                let list = member.value.arrayValue ?? [member.value]
                for activity in list {
                    if let id = activity["id"]?.stringValue { activities.insert(id) }
                }
            }
        }
    }

    private static func collectActor(_ actor: JSONValue, into agents: inout OrderedKeys) {
        if let identifier = AgentIdentifier(actor) { agents.insert(identifier.key) }
        for member in actor["member"]?.arrayValue ?? [] {
            if let identifier = AgentIdentifier(member) { agents.insert(identifier.key) }
        }
    }
}

/// Strings in first-seen order without duplicates.
struct OrderedKeys {
    private(set) var keys: [String] = []
    private var seen: Set<String> = []

    mutating func insert(_ key: String) {
        if seen.insert(key).inserted { keys.append(key) }
    }
}
