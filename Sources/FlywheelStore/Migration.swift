/// One step of a schema's history, identified by the `PRAGMA user_version` it brings the database to.
public struct Migration: Sendable {
    /// The schema version after this step; versions start at 1 and increase.
    public let version: Int
    /// A short name for errors and logs ("create statements table").
    public let name: String
    /// The step's work, run inside the migration's transaction.
    let apply: @Sendable (Connection) throws -> Void

    /// Creates a migration that runs arbitrary work on the writer.
    ///
    /// - Parameters:
    ///   - version: The schema version after this step (1 or more).
    ///   - name: A short name for errors.
    ///   - apply: The work; the store sets `user_version` and commits after it.
    public init(version: Int, name: String, apply: @escaping @Sendable (Connection) throws -> Void) {
        self.version = version
        self.name = name
        self.apply = apply
    }

    /// Creates a migration that runs an SQL script.
    ///
    /// - Parameters:
    ///   - version: The schema version after this step (1 or more).
    ///   - name: A short name for errors.
    ///   - sql: Statements separated by semicolons.
    public init(version: Int, name: String, sql: String) {
        self.init(version: version, name: name) { connection in try connection.execute(sql) }
    }
}
