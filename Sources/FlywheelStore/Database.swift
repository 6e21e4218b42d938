import Dispatch

/// One service's SQLite store: a writer connection and a few read connections, each on its own thread.
///
/// Reads run on read-only connections in a snapshot transaction, several at once (WAL lets them read
/// while the writer commits). Writes run one at a time on the writer in `BEGIN IMMEDIATE` … `COMMIT` and
/// roll back when their closure throws. Async callers are suspended, never blocked: `sqlite3_step` runs
/// only on the store's threads.
/// - Note: An in-memory database has no read connections; its reads run on the writer's thread.
public final class Database: Sendable {
    /// The file path, or nil for an in-memory database.
    public let path: String?
    let options: Options
    let location: Location
    let writer: ConnectionPool
    /// Nil when reads go to the writer (in-memory databases, or zero read connections).
    let readers: ConnectionPool?
    let groupCommit = GroupCommitQueue()

    /// Opens (creating if needed) the database file at `path` and brings its schema up to date.
    ///
    /// Blocks the calling thread while it opens the file and runs migrations: call it from start-up code.
    /// - Parameters:
    ///   - path: The database file.
    ///   - options: How to open and tune it.
    ///   - migrations: The schema's history; pending ones run, each in its own transaction.
    /// - Throws: `DatabaseError` with code `notADatabase` for a file that is not SQLite,
    ///   `integrityCheckFailed` when the optional quick check finds damage, `schemaTooNew` when the file's
    ///   schema is newer than `migrations` know, or SQLite's error.
    public convenience init(path: String, options: Options = Options(), migrations: [Migration] = []) throws {
        try self.init(location: .file(path), options: options, migrations: migrations)
    }

    /// Opens a private in-memory database (for tests): no file, no WAL, reads share the writer's thread.
    ///
    /// - Parameters:
    ///   - options: How to tune it; `readConnectionCount` is ignored.
    ///   - migrations: The schema to create.
    /// - Throws: `DatabaseError` when a migration fails.
    public static func inMemory(options: Options = Options(), migrations: [Migration] = []) throws -> Database {
        try Database(location: .memory, options: options, migrations: migrations)
    }

    private init(location: Location, options: Options, migrations: [Migration]) throws {
        let writer = try ConnectionPool(
            name: "store.writer", threadCount: 1, location: location.description
        ) {
            try Connection.openWriter(at: location, options: options)
        }
        do {
            if !migrations.isEmpty {
                _ = try writer.runBlocking { connection in try connection.migrate(migrations) }
            }
        } catch {
            writer.stop()
            throw error
        }

        var readers: ConnectionPool?
        if !location.isMemory, options.readConnectionCount > 0 {
            do {
                readers = try ConnectionPool(
                    name: "store.reader", threadCount: options.readConnectionCount,
                    location: location.description
                ) {
                    try Connection.openReader(at: location, options: options)
                }
            } catch {
                writer.stop()
                throw error
            }
        }

        self.path = if case .file(let path) = location { path } else { nil }
        self.options = options
        self.location = location
        self.writer = writer
        self.readers = readers
    }

    deinit {
        readers?.stop()
        writer.stop()
    }

    /// The pool that serves reads.
    private var readPool: ConnectionPool {
        readers ?? writer
    }

    /// Runs `body` on the writer inside `BEGIN IMMEDIATE` … `COMMIT`, rolling back when it throws.
    ///
    /// Writes run one at a time in the order they arrive. The calling task is suspended, not blocked.
    /// - Parameter body: The transaction's work; it must not keep the connection or its statements.
    /// - Returns: What `body` returned, once the transaction has committed.
    /// - Throws: What `body` threw (nothing it wrote is kept), or a `DatabaseError` from BEGIN or COMMIT.
    public func write<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async throws -> T {
        try await writer.run { connection in try connection.inTransaction(.immediate, body) }
    }

    /// Runs `body` on a read connection inside a read transaction, so it sees one consistent snapshot.
    ///
    /// The snapshot is the state as of the first read in `body`; writes that commit later are not seen.
    /// - Parameter body: The reads; the connection is read-only.
    /// - Returns: What `body` returned.
    /// - Throws: What `body` threw, or a `DatabaseError`.
    public func read<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async throws -> T {
        try await readPool.run { connection in try connection.inTransaction(.deferred, body) }
    }

    /// Like ``write(_:)`` but blocks the calling thread: for start-up code that is not async.
    ///
    /// - Throws: As ``write(_:)``; a `misuse` error when called from inside a write closure.
    public func writeBlocking<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) throws -> T {
        try writer.runBlocking { connection in try connection.inTransaction(.immediate, body) }
    }

    /// Like ``read(_:)`` but blocks the calling thread: for start-up code that is not async.
    ///
    /// - Throws: As ``read(_:)``; a `misuse` error when called from inside a closure on the same connections.
    public func readBlocking<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) throws -> T {
        try readPool.runBlocking { connection in try connection.inTransaction(.deferred, body) }
    }

    /// Runs `body` on the writer with no transaction around it, for the statements SQLite refuses inside
    /// one: `VACUUM`, `PRAGMA wal_checkpoint`, `PRAGMA optimize`.
    ///
    /// - Parameter body: The maintenance work; each statement in it commits on its own.
    /// - Returns: What `body` returned.
    /// - Throws: What `body` threw; nothing is rolled back for it.
    public func maintenance<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async throws -> T {
        try await writer.run(body)
    }

    /// Lets queued work finish, then closes every connection; later calls fail with a `closed` error.
    public func close() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            stopPools { continuation.resume() }
        }
    }

    /// Like ``close()`` but blocks the calling thread until every connection is closed.
    public func closeBlocking() {
        let finished = DispatchSemaphore(value: 0)
        stopPools { finished.signal() }
        finished.wait()
    }

    /// Stops the reader pool and the writer pool, calling `whenStopped` once both have ended.
    private func stopPools(whenStopped: @escaping @Sendable () -> Void) {
        guard let readers else {
            writer.stop(whenStopped: whenStopped)
            return
        }
        let remaining = LockedValue(2)
        let poolStopped: @Sendable () -> Void = {
            if remaining.withLock({ count -> Bool in
                count -= 1
                return count == 0
            }) {
                whenStopped()
            }
        }
        readers.stop(whenStopped: poolStopped)
        writer.stop(whenStopped: poolStopped)
    }
}
