/// The non-time filters of a statement query, as the xAPI GET statements parameters define them.
struct StatementFilter: Sendable, Equatable {
    /// Canonical agent key, or nil for any.
    var agentKey: String?
    /// Match the agent anywhere (authority, instructor, team, context agents, sub-statement) rather than
    /// as actor or object only.
    var relatedAgents = false
    var verbID: String?
    /// Activity id, or nil for any.
    var activityID: String?
    /// Match the activity anywhere (context activities, sub-statement) rather than as the object only.
    var relatedActivities = false
    /// Registration UUID, lower-cased.
    var registration: String?

    /// True when the query filters on nothing but time and position.
    var isEmpty: Bool {
        agentKey == nil && verbID == nil && activityID == nil && registration == nil
    }

    /// The filter as SQL conditions on the `statements` row aliased `alias`, with their arguments in order.
    func conditions(on alias: String) -> (sql: [String], arguments: [SQLArgument]) {
        var sql: [String] = []
        var arguments: [SQLArgument] = []
        if let agentKey {
            let direct = relatedAgents ? "" : " AND x.direct = 1"
            sql.append(
                "EXISTS (SELECT 1 FROM statement_agents x WHERE x.agent_key = ? AND x.sequence = \(alias).sequence"
                    + direct + ")")
            arguments.append(.text(agentKey))
        }
        if let activityID {
            let direct = relatedActivities ? "" : " AND y.direct = 1"
            sql.append(
                "EXISTS (SELECT 1 FROM statement_activities y WHERE y.activity_id = ? "
                    + "AND y.sequence = \(alias).sequence" + direct + ")")
            arguments.append(.text(activityID))
        }
        if let verbID {
            sql.append("\(alias).verb_id = ?")
            arguments.append(.text(verbID))
        }
        if let registration {
            sql.append("\(alias).registration = ?")
            arguments.append(.text(registration))
        }
        return (sql, arguments)
    }
}

/// An argument bound to a query the store builds; converts to FlywheelStore's value type.
enum SQLArgument: Sendable, Equatable {
    case text(String)
    case integer(Int64)
}
