import FlywheelStore

extension StatementStore {
    /// The store's schema history.
    ///
    /// `statements` holds one row per statement in commit order; `sequence` is the row id, so it only grows
    /// (rows are never deleted). `statement_agents` and `statement_activities` list every agent key and
    /// activity id a statement involves, `direct` marking the ones the plain `agent` / `activity` filters
    /// match (actor or object, and members of an actor or object Group; an Activity object). `ref_id` is the
    /// id a StatementRef object points at; `voids_id` is set on voiding statements only.
    /// Version 2 adds the learnt Activity definitions and Agents (see ``learningMigration``).
    static let migrations = [Migration(version: 1, name: "statements", sql: schemaVersion1), learningMigration]

    /// The first version of the schema, as one script.
    static let schemaVersion1 = """
        CREATE TABLE statements (
            sequence INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            json TEXT NOT NULL,
            stored_micros INTEGER NOT NULL,
            actor_key TEXT,
            verb_id TEXT NOT NULL,
            object_kind TEXT NOT NULL,
            object_id TEXT,
            registration TEXT,
            ref_id TEXT,
            voids_id TEXT,
            voided INTEGER NOT NULL DEFAULT 0
        ) STRICT;
        CREATE INDEX statements_by_stored ON statements (stored_micros);
        CREATE INDEX statements_by_verb ON statements (verb_id, sequence);
        CREATE INDEX statements_by_registration ON statements (registration, sequence)
            WHERE registration IS NOT NULL;
        CREATE INDEX statements_by_ref ON statements (ref_id, id) WHERE ref_id IS NOT NULL;
        CREATE INDEX statements_by_voided_target ON statements (voids_id) WHERE voids_id IS NOT NULL;
        CREATE TABLE statement_agents (
            agent_key TEXT NOT NULL,
            sequence INTEGER NOT NULL,
            direct INTEGER NOT NULL,
            PRIMARY KEY (agent_key, sequence)
        ) STRICT, WITHOUT ROWID;
        CREATE TABLE statement_activities (
            activity_id TEXT NOT NULL,
            sequence INTEGER NOT NULL,
            direct INTEGER NOT NULL,
            PRIMARY KEY (activity_id, sequence)
        ) STRICT, WITHOUT ROWID;
        CREATE TABLE store_counts (
            singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
            statement_count INTEGER NOT NULL,
            voided_count INTEGER NOT NULL
        ) STRICT;
        INSERT INTO store_counts (singleton, statement_count, voided_count) VALUES (1, 0, 0);
        """
}
