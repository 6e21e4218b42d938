public import FlywheelStore

/// The intelligence service's own SQLite store: per-statement facts, the daily aggregates built from them,
/// the Feed checkpoint, the learner directory and the segments.
///
/// Every batch of Feed events commits its facts, aggregates and checkpoint in one transaction, so the
/// store always covers exactly the statements up to its checkpoint.
public final class IntelligenceStore: Sendable {
    /// The database; other services never read it.
    public let database: Database

    /// Opens (creating if needed) the store at `path`.
    /// - Throws: `DatabaseError` when the file cannot be opened or migrated.
    public init(path: String) throws {
        database = try Database(path: path, migrations: Self.migrations)
    }

    /// Opens a private in-memory store, for tests.
    /// - Throws: `DatabaseError` when the schema cannot be created.
    public init(inMemory: Void = ()) throws {
        database = try Database.inMemory(migrations: Self.migrations)
    }

    /// Waits for queued work, then closes the store.
    public func close() async {
        await database.close()
    }

    /// The aggregate tables: what a rebuild from the Feed must reproduce exactly.
    public static let aggregateTables = ["checkpoint", "facts", "daily"]

    static let migrations: [Migration] = [
        Migration(
            version: 1, name: "facts, aggregates, directory",
            sql: """
                CREATE TABLE checkpoint (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    sequence INTEGER NOT NULL,
                    applied INTEGER NOT NULL,
                    voided INTEGER NOT NULL
                );
                INSERT INTO checkpoint VALUES (1, 0, 0, 0);
                CREATE TABLE facts (
                    statement_id TEXT PRIMARY KEY,
                    sequence INTEGER NOT NULL,
                    learner TEXT NOT NULL,
                    activity TEXT NOT NULL,
                    activity_type TEXT NOT NULL,
                    course TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    verb TEXT NOT NULL,
                    millis INTEGER NOT NULL,
                    day INTEGER NOT NULL,
                    score INTEGER,
                    success INTEGER,
                    time_ms INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE INDEX facts_course ON facts (course, learner);
                CREATE INDEX facts_learner ON facts (learner, millis);
                CREATE INDEX facts_activity ON facts (activity);
                CREATE TABLE daily (
                    learner TEXT NOT NULL,
                    activity TEXT NOT NULL,
                    day INTEGER NOT NULL,
                    course TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    statements INTEGER NOT NULL,
                    launches INTEGER NOT NULL,
                    completions INTEGER NOT NULL,
                    passes INTEGER NOT NULL,
                    failures INTEGER NOT NULL,
                    scored INTEGER NOT NULL,
                    score_sum INTEGER NOT NULL,
                    score_squares INTEGER NOT NULL,
                    time_ms INTEGER NOT NULL,
                    PRIMARY KEY (learner, activity, day)
                ) WITHOUT ROWID;
                CREATE INDEX daily_course ON daily (course, day);
                CREATE INDEX daily_activity ON daily (activity, day);
                CREATE TABLE learners (
                    employee_id TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    email TEXT NOT NULL,
                    department TEXT NOT NULL,
                    role TEXT NOT NULL,
                    location TEXT NOT NULL,
                    time_zone TEXT NOT NULL,
                    tenure_band TEXT NOT NULL,
                    manager_id TEXT NOT NULL,
                    is_manager INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE segments (
                    name TEXT PRIMARY KEY,
                    filter TEXT NOT NULL
                ) WITHOUT ROWID;
                """)
    ]
}
