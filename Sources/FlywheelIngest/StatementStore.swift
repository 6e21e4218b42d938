public import FlywheelContracts
public import FlywheelStore
import Synchronization

/// Flywheel's statement store: every statement the LRS accepted, in commit order, with the indexes the
/// xAPI statement queries need, voiding, and the Feed that downstream services follow.
///
/// One SQLite file in WAL mode with `synchronous = FULL`: a batch is acknowledged only after its COMMIT
/// reached the disk, and concurrent batches share commits (group commit). Reads run on read connections
/// and never wait for the writer.
public final class StatementStore: Sendable {
    /// How the store is tuned; every default is visible in the initializer.
    public struct Options: Sendable {
        /// The most statements one query page returns (a `limit` of 0 asks for this many).
        public var pageMaximum: Int
        /// How many statements one Feed read takes from the store before sending them.
        public var feedChunk: Int
        /// The SQLite settings.
        public var database: Database.Options

        /// Creates options.
        /// - Parameters:
        ///   - pageMaximum: 1000 statements per query page.
        ///   - feedChunk: 256 statements per Feed read.
        ///   - database: FlywheelStore's defaults: synchronous FULL, group commits of up to 256 batches.
        public init(pageMaximum: Int = 1000, feedChunk: Int = 256, database: Database.Options = Database.Options()) {
            self.pageMaximum = pageMaximum
            self.feedChunk = feedChunk
            self.database = database
        }
    }

    /// The SQLite file.
    public let path: String
    let options: Options
    let database: Database
    let clock: StoredClock
    let commits: CommitSignal
    /// Writes begun and not yet acknowledged; queries use it to report how current they are.
    let writesInFlight = Atomic<Int>(0)

    /// Opens (creating if needed) the store at `path`.
    ///
    /// Blocks while it opens the file and brings the schema up to date: call it from start-up code.
    /// - Parameters:
    ///   - path: The SQLite file.
    ///   - options: How to tune the store.
    /// - Throws: `DatabaseError` when the file cannot be opened or is not this store's.
    public init(path: String, options: Options = Options()) throws {
        let database = try Database(path: path, options: options.database, migrations: Self.migrations)
        let last = try database.readBlocking { connection in
            let row = try connection.query("SELECT max(sequence), max(stored_micros) FROM statements").first
            return (UInt64(row?[0].integerValue ?? 0), row?[1].integerValue ?? 0)
        }
        self.path = path
        self.options = options
        self.database = database
        self.clock = StoredClock(after: last.1)
        self.commits = CommitSignal(committed: last.0)
    }

    /// Ends every Feed wait, lets queued work finish, and closes the file.
    public func close() async {
        commits.finish()
        await database.close()
    }

    /// How many statements the store holds, how many of them are voided, and the last sequence.
    ///
    /// - Throws: `DatabaseError` when SQLite fails.
    public func stats() async throws -> IngestV1.StatsResponse {
        try await database.read { connection in
            let counts = try connection.query("SELECT statement_count, voided_count FROM store_counts").first
            let last = try connection.query("SELECT max(sequence) FROM statements").first
            return IngestV1.StatsResponse(
                statementCount: UInt64(counts?[0].integerValue ?? 0),
                lastSequence: UInt64(last?[0].integerValue ?? 0),
                voidedCount: UInt64(counts?[1].integerValue ?? 0))
        }
    }

    /// The statement with `id`.
    ///
    /// - Parameters:
    ///   - id: The statement id (any case).
    ///   - voided: False finds the statement only while it is not voided; true finds it only once it is
    ///     voided (the `voidedStatementId` look-up).
    /// - Returns: The stored statement.
    /// - Throws: `IngestError` with code `notFound` when no statement answers; `DatabaseError`.
    public func statement(id: String, voided: Bool) async throws -> IngestV1.StoredStatement {
        let key = id.lowercased()
        let found = try await database.read { connection -> IngestV1.StoredStatement? in
            var found: IngestV1.StoredStatement?
            try connection.prepare("SELECT \(Self.storedColumns) FROM statements s WHERE s.id = ? AND s.voided = ?")
                .forEachRow([.text(key), .integer(voided ? 1 : 0)]) { row in found = Self.storedStatement(row) }
            return found
        }
        guard let found else {
            let what = voided ? "no voided statement has id \(key)" : "no statement with id \(key) (or it is voided)"
            throw IngestError(.notFound, what)
        }
        return found
    }

    /// Up to `limit` statements stored after `sequence`, in sequence order, each with the id it voids.
    ///
    /// - Throws: `DatabaseError` when SQLite fails.
    public func feedEvents(after sequence: UInt64, limit: Int) async throws -> [IngestV1.FeedEvent] {
        try await database.read { connection in
            var events: [IngestV1.FeedEvent] = []
            // A voiding statement whose target is itself a voiding statement voids nothing.
            let sql = """
                SELECT \(Self.storedColumns),
                    CASE WHEN s.voids_id IS NOT NULL AND NOT EXISTS (
                        SELECT 1 FROM statements t WHERE t.id = s.voids_id AND t.voids_id IS NOT NULL)
                    THEN s.voids_id ELSE '' END
                FROM statements s WHERE s.sequence > ? ORDER BY s.sequence LIMIT ?
                """
            try connection.prepare(sql).forEachRow([.integer(Int64(sequence)), .integer(Int64(limit))]) { row in
                events.append(
                    IngestV1.FeedEvent(
                        statement: Self.storedStatement(row), voidedStatementID: row.string(at: 5) ?? ""))
            }
            return events
        }
    }

    /// Returns once a statement after `sequence` has committed.
    ///
    /// - Throws: `CancellationError` when the task is cancelled; `IngestError` (`storeClosed`) on close.
    public func waitForCommit(after sequence: UInt64) async throws {
        try await commits.wait(after: sequence)
    }

    /// The columns ``storedStatement(_:)`` reads, from a `statements` table aliased `s`.
    static let storedColumns = "s.sequence, s.id, s.json, s.voided, s.stored_micros"

    /// The current row of a query over ``storedColumns``.
    static func storedStatement(_ row: Statement) -> IngestV1.StoredStatement {
        IngestV1.StoredStatement(
            id: row.string(at: 1) ?? "", sequence: UInt64(row.int64(at: 0)), json: row.bytes(at: 2) ?? [],
            voided: row.int64(at: 3) != 0, storedMicros: row.int64(at: 4))
    }
}
