public import FlywheelStore
import Synchronization

/// The intelligence service's own SQLite store: per-statement facts, the daily aggregates built from them,
/// the Feed checkpoint, the learner directory and the segments.
///
/// Every batch of Feed events commits its facts, aggregates and checkpoint in one transaction, so the
/// store always covers exactly the statements up to its checkpoint. The read RPCs scan ``FactTable``, the facts
/// held in memory, which the store loads when it opens and changes after each committed batch.
public final class IntelligenceStore: Sendable {
    /// The database; other services never read it.
    public let database: Database
    private let table: Mutex<FactTable>
    private let changeCount = Atomic<UInt64>(0)
    private let progress = Mutex(Progress())

    /// The last committed Feed sequence, and who waits for a later one.
    private struct Progress {
        var sequence: UInt64 = 0
        var nextWaiter = 0
        var waiters: [Int: (after: UInt64, continuation: CheckedContinuation<Void, Never>)] = [:]
        /// Waiters whose time ran out (or whose task was cancelled) before they started waiting.
        var released: Set<Int> = []
    }

    /// Opens (creating if needed) the store at `path` and loads its facts into memory.
    /// - Throws: `DatabaseError` when the file cannot be opened or migrated.
    public init(path: String) throws {
        database = try Database(path: path, migrations: Self.migrations)
        table = Mutex(try database.readBlocking { try Self.loadFacts($0) })
        try noteCommitted(database.readBlocking { try Self.checkpoint($0) }.sequence)
    }

    /// Opens a private in-memory store, for tests.
    /// - Throws: `DatabaseError` when the schema cannot be created.
    public init(inMemory: Void = ()) throws {
        database = try Database.inMemory(migrations: Self.migrations)
        table = Mutex(try database.readBlocking { try Self.loadFacts($0) })
    }

    /// A snapshot of the facts in memory: later batches do not change it.
    var facts: FactTable {
        table.withLock { $0 }
    }

    /// How many facts are held in memory.
    public var factCount: Int {
        table.withLock { $0.count }
    }

    /// Changes the facts in memory after a batch committed.
    func update(_ body: (inout FactTable) -> Void) {
        table.withLock { body(&$0) }
        noteChange()
    }

    /// Returns once a batch past `sequence` has committed, after `timeout`, or when the calling task is
    /// cancelled, whichever comes first.
    public func waitForBatch(after sequence: UInt64, timeout: Duration) async {
        let id = progress.withLock { state in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        let timer = Task { [weak self] in
            guard (try? await Task.sleep(for: timeout)) != nil else { return }
            self?.release(id)
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let ready = progress.withLock { state in
                    if state.sequence > sequence || state.released.remove(id) != nil { return true }
                    state.waiters[id] = (sequence, continuation)
                    return false
                }
                if ready { continuation.resume() }
            }
        } onCancel: {
            timer.cancel()
            release(id)
        }
        timer.cancel()
        progress.withLock { _ = $0.released.remove(id) }
    }

    /// Records a committed batch and wakes whoever waited for it.
    func noteCommitted(_ sequence: UInt64) {
        let ready = progress.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.sequence = max(state.sequence, sequence)
            let passed = state.waiters.filter { $0.value.after < state.sequence }
            for id in passed.keys { state.waiters[id] = nil }
            return passed.map(\.value.continuation)
        }
        for continuation in ready { continuation.resume() }
    }

    /// Ends one wait early: at once if it is waiting, or as soon as it starts.
    private func release(_ id: Int) {
        let waiting = progress.withLock { state in
            guard let waiter = state.waiters.removeValue(forKey: id) else {
                state.released.insert(id)
                return nil as CheckedContinuation<Void, Never>?
            }
            return waiter.continuation
        }
        waiting?.resume()
    }

    /// Counts a change to the facts, the directory or the segments: what cached answers compare.
    func noteChange() {
        changeCount.add(1, ordering: .releasing)
    }

    /// How many changes the store has seen since it opened; answers computed at an equal count are current.
    public var changes: UInt64 {
        changeCount.load(ordering: .acquiring)
    }

    /// Loads the facts in memory again from the database.
    func reloadFacts() async throws {
        let loaded = try await database.read { try Self.loadFacts($0) }
        table.withLock { $0 = loaded }
        noteChange()
    }

    private static func loadFacts(_ connection: Connection) throws -> FactTable {
        var table = FactTable()
        try connection.prepare(
            """
            SELECT learner, sequence, activity, activity_type, course, kind, verb, millis, day, score, time_ms
            FROM facts ORDER BY sequence
            """
        ).forEachRow { row in
            table.insert(
                learner: row.string(at: 0) ?? "", sequence: UInt64(row.int64(at: 1)), activity: row.string(at: 2) ?? "",
                activityType: row.string(at: 3) ?? "", course: row.string(at: 4) ?? "",
                kind: StatementFact.Kind(rawValue: row.string(at: 5) ?? "") ?? .part, verb: row.string(at: 6) ?? "",
                millis: row.int64(at: 7), day: row.int(at: 8), score: row.isNull(at: 9) ? nil : row.int64(at: 9),
                timeMillis: row.int64(at: 10))
        }
        return table
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
