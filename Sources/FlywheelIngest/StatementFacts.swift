import FlywheelXAPI

/// What a statement teaches the LRS beyond itself: the Activity definitions it carries, under whose
/// authority, and every Agent it names with the name it gives them.
///
/// Built before a batch reaches the writer; the write transaction only merges these into the
/// `activity_definitions`, `agent_identities` and `agent_names` tables.
struct StatementFacts: Sendable {
    /// An Activity that carries a definition.
    struct Definition: Sendable {
        let activityID: String
        let definition: JSONObject
    }

    /// One Agent named by the statement.
    struct Sighting: Sendable {
        /// The canonical agent key.
        let key: String
        /// The Agent's inverse functional identifier as an object with its one member (`{"mbox": ...}`).
        let identifier: JSONObject
        let name: String?
    }

    /// The key of the statement's authority: its agent key, or for a Group authority without one the
    /// sorted keys of its members joined by `+`; empty when the statement has none.
    let authorityKey: String
    let definitions: [Definition]
    let sightings: [Sighting]

    /// Reads the facts of one statement: the Activities (object, context activities, and those of a
    /// SubStatement) and the Agents (actor, object, instructor, team, context agents and groups, authority,
    /// and the members of every Group).
    init(statement: JSONValue) {
        var collector = Collector()
        collector.visit(statement: statement)
        if let authority = statement["authority"] { collector.visit(actor: authority) }
        definitions = collector.definitions
        sightings = collector.sightings
        authorityKey = statement["authority"].map(Self.authorityKey(of:)) ?? ""
    }

    private static func authorityKey(of authority: JSONValue) -> String {
        if let identifier = AgentIdentifier(authority) { return identifier.key }
        let members = (authority["member"]?.arrayValue ?? []).compactMap { AgentIdentifier($0)?.key }
        return members.sorted().joined(separator: "+")
    }

    private struct Collector {
        var definitions: [Definition] = []
        var sightings: [Sighting] = []

        mutating func visit(statement: JSONValue) {
            if let actor = statement["actor"] { visit(actor: actor) }
            if let object = statement["object"] {
                switch object["objectType"]?.stringValue {
                case "Agent", "Group": visit(actor: object)
                case "SubStatement": visit(statement: object)
                case "StatementRef": break
                default: visit(activity: object)
                }
            }
            guard let context = statement["context"] else { return }
            if let instructor = context["instructor"] { visit(actor: instructor) }
            if let team = context["team"] { visit(actor: team) }
            for entry in context["contextAgents"]?.arrayValue ?? [] {
                if let agent = entry["agent"] { visit(actor: agent) }
            }
            for entry in context["contextGroups"]?.arrayValue ?? [] {
                if let group = entry["group"] { visit(actor: group) }
            }
            for member in context["contextActivities"]?.objectValue ?? JSONObject() {
                for activity in member.value.arrayValue ?? [member.value] {
                    visit(activity: activity)
                }
            }
        }

        mutating func visit(activity: JSONValue) {
            guard let id = activity["id"]?.stringValue, let definition = activity["definition"]?.objectValue else {
                return
            }
            definitions.append(Definition(activityID: id, definition: definition))
        }

        /// An Agent is recorded; a Group is not a person, so only its members are.
        mutating func visit(actor: JSONValue) {
            if actor["objectType"]?.stringValue == "Group" {
                for member in actor["member"]?.arrayValue ?? [] {
                    visit(actor: member)
                }
                return
            }
            guard let identifier = AgentIdentifier(actor), let value = actor[identifier.kind.rawValue] else { return }
            sightings.append(
                Sighting(
                    key: identifier.key, identifier: JSONObject([.init(key: identifier.kind.rawValue, value: value)]),
                    name: actor["name"]?.stringValue))
        }
    }
}
