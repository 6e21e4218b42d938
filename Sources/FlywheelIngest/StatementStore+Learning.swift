import FlywheelStore
import FlywheelXAPI

extension StatementStore {
    /// The schema step that adds what statements teach: canonical Activity definitions and the Agents seen.
    ///
    /// `activity_definitions` holds one definition per Activity with the authority that set it;
    /// `agent_identities` the identifier each agent key was first seen with; `agent_names` every name seen
    /// for an agent key, in first-seen order. The step also learns from the statements already stored.
    static let learningMigration = Migration(version: 2, name: "activity definitions and agents") { connection in
        try connection.execute(
            """
            CREATE TABLE activity_definitions (
                activity_id TEXT PRIMARY KEY,
                authority_key TEXT NOT NULL,
                definition TEXT NOT NULL,
                updated_sequence INTEGER NOT NULL
            ) STRICT;
            CREATE TABLE agent_identities (
                agent_key TEXT PRIMARY KEY,
                identifier TEXT NOT NULL
            ) STRICT;
            CREATE TABLE agent_names (
                agent_key TEXT NOT NULL,
                name TEXT NOT NULL,
                UNIQUE (agent_key, name)
            ) STRICT;
            """)
        var stored: [(Int64, StatementFacts)] = []
        try connection.prepare("SELECT sequence, json FROM statements ORDER BY sequence").forEachRow { row in
            if let statement = row.withText(at: 1, { try? JSONValue.parse($0) }) {
                stored.append((row.int64(at: 0), StatementFacts(statement: statement)))
            }
        }
        for (sequence, facts) in stored {
            try learn(facts, sequence: sequence, connection: connection)
        }
    }

    /// Merges one new statement's facts into the learnt tables, inside the statement's write transaction.
    ///
    /// The first definition of an Activity becomes its canonical definition, owned by the statement's
    /// authority. A later definition under the same authority is merged in: its `name` and `description`
    /// entries replace those of the same language and add new languages; every other member it has
    /// replaces the old one whole. Definitions under any other authority leave the canonical one unchanged.
    static func learn(_ facts: StatementFacts, sequence: Int64, connection: Connection) throws {
        for item in facts.definitions {
            var existing: (authority: String, definition: JSONObject)?
            try connection.prepare("SELECT authority_key, definition FROM activity_definitions WHERE activity_id = ?")
                .forEachRow([.text(item.activityID)]) { row in
                    let definition = row.withText(at: 1) { try? JSONValue.parse($0) }?.objectValue ?? JSONObject()
                    existing = (row.string(at: 0) ?? "", definition)
                }
            let merged: JSONObject
            if let existing {
                guard existing.authority == facts.authorityKey else { continue }
                merged = mergedDefinition(existing.definition, with: item.definition)
                guard merged != existing.definition else { continue }
            } else {
                merged = item.definition
            }
            try connection.prepare(
                """
                INSERT INTO activity_definitions (activity_id, authority_key, definition, updated_sequence)
                VALUES (?, ?, ?, ?)
                ON CONFLICT (activity_id) DO UPDATE SET
                    definition = excluded.definition, updated_sequence = excluded.updated_sequence
                """
            ).run([
                .text(item.activityID), .text(facts.authorityKey), .text(JSONValue.object(merged).jsonString),
                .integer(sequence),
            ])
        }

        for sighting in facts.sightings {
            try connection.prepare(
                "INSERT INTO agent_identities (agent_key, identifier) VALUES (?, ?) ON CONFLICT DO NOTHING"
            ).run([.text(sighting.key), .text(JSONValue.object(sighting.identifier).jsonString)])
            if let name = sighting.name {
                try connection.prepare("INSERT INTO agent_names (agent_key, name) VALUES (?, ?) ON CONFLICT DO NOTHING")
                    .run([.text(sighting.key), .text(name)])
            }
        }
    }

    /// `old` updated by `new`: language maps merged per language, every other member replaced.
    static func mergedDefinition(_ old: JSONObject, with new: JSONObject) -> JSONObject {
        var merged = old
        for member in new {
            if ["name", "description"].contains(member.key), var map = old[member.key]?.objectValue,
                let update = member.value.objectValue
            {
                for entry in update { map[entry.key] = entry.value }
                merged[member.key] = .object(map)
            } else {
                merged[member.key] = member.value
            }
        }
        return merged
    }
}
