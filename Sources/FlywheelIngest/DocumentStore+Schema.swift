import FlywheelStore

extension DocumentStore {
    /// The document store's schema history.
    ///
    /// One row per document. Columns a kind does not use hold `''` (an Activity Profile has no agent, an
    /// Agent Profile no activity, a State document without registration has `''`), so the five key columns
    /// form one primary key, whose prefixes serve the set look-ups. `kind` is the contract's `DocumentKey.Kind`
    /// number.
    static let migrations = [Migration(version: 1, name: "documents", sql: schemaVersion1)]

    /// The first version of the schema, as one script.
    static let schemaVersion1 = """
        CREATE TABLE documents (
            kind INTEGER NOT NULL,
            activity_id TEXT NOT NULL,
            agent_key TEXT NOT NULL,
            registration TEXT NOT NULL,
            document_id TEXT NOT NULL,
            content BLOB NOT NULL,
            content_type TEXT NOT NULL,
            etag TEXT NOT NULL,
            updated_micros INTEGER NOT NULL,
            PRIMARY KEY (kind, activity_id, agent_key, registration, document_id)
        ) STRICT;
        """
}
