import CSQLite

/// One SQLite connection, owned by one store thread.
///
/// A `Connection` is handed to the closures given to ``Database`` and must not leave them: it is not
/// `Sendable`, and every call on it runs on the thread that owns it. Prepared statements are cached by
/// their SQL text, so preparing the same SQL again is cheap.
public final class Connection {
    /// The raw `sqlite3` handle.
    let handle: OpaquePointer
    /// Where the connection points, for error messages: a file path or "in-memory".
    let location: String

    private var statementCache: [String: Statement] = [:]
    private var statementCacheOrder: [String] = []
    private let statementCacheCapacity: Int
    private var isClosed = false

    /// Opens a connection.
    ///
    /// - Parameters:
    ///   - path: The file path, or ":memory:".
    ///   - location: The path as shown in error messages.
    ///   - flags: `SQLITE_OPEN_*` flags; no-mutex and extended result codes are always added.
    ///   - statementCacheCapacity: How many prepared statements to keep.
    /// - Throws: `DatabaseError` when SQLite cannot open the file.
    init(path: String, location: String, flags: Int32, statementCacheCapacity: Int) throws {
        var opened: OpaquePointer?
        let resultCode = sqlite3_open_v2(
            path, &opened, flags | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE, nil)
        guard resultCode == SQLITE_OK, let opened else {
            let error = DatabaseError(sqlite: resultCode, handle: opened, activity: "opening the database \(location)")
            sqlite3_close_v2(opened)
            throw error
        }
        sqlite3_extended_result_codes(opened, 1)
        self.handle = opened
        self.location = location
        self.statementCacheCapacity = max(0, statementCacheCapacity)
    }

    deinit {
        close()
    }

    /// Finalizes the cached statements and closes the connection; later calls fail.
    func close() {
        guard !isClosed else {
            return
        }
        isClosed = true
        statementCache.removeAll()
        statementCacheOrder.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs one or more SQL statements separated by semicolons, discarding any rows.
    ///
    /// Use it for schema scripts and pragmas; use ``prepare(_:)`` for anything with parameters.
    /// - Parameter sql: The SQL script.
    /// - Throws: `DatabaseError` naming the statement's failure.
    public func execute(_ sql: String) throws {
        var errorText: UnsafeMutablePointer<CChar>?
        let resultCode = sqlite3_exec(handle, sql, nil, nil, &errorText)
        defer { sqlite3_free(errorText) }
        guard resultCode == SQLITE_OK else {
            let explanation = errorText.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(resultCode))
            let code: DatabaseError.Code = (resultCode & 0xff) == SQLITE_NOTADB ? .notADatabase : .sqlite
            throw DatabaseError(
                code: code, extendedResultCode: sqlite3_extended_errcode(handle),
                message: "executing a script on \(location): \(explanation)", sql: sql)
        }
    }

    /// Returns a prepared statement for `sql`, from the cache when it was prepared before.
    ///
    /// The statement comes back reset with its parameters cleared. When the cached statement is still
    /// in the middle of returning rows, a fresh uncached statement is prepared instead, so nested
    /// queries with the same SQL do not disturb each other.
    /// - Parameter sql: Exactly one SQL statement.
    /// - Returns: The statement, ready to bind and step.
    /// - Throws: `DatabaseError` when the SQL does not compile or holds more than one statement.
    public func prepare(_ sql: String) throws -> Statement {
        if let cached = statementCache[sql] {
            if !cached.isBusy {
                cached.reset()
                return cached
            }
            return try Statement(connection: self, sql: sql, persistent: false)
        }

        let statement = try Statement(connection: self, sql: sql, persistent: true)
        guard statementCacheCapacity > 0 else {
            return statement
        }
        if statementCache.count >= statementCacheCapacity, !statementCacheOrder.isEmpty {
            // The oldest entry goes first; a caller still holding it keeps a valid statement.
            statementCache[statementCacheOrder.removeFirst()] = nil
        }
        statementCache[sql] = statement
        statementCacheOrder.append(sql)
        return statement
    }

    /// Prepares `sql` (cached), binds `arguments` and runs it to completion.
    ///
    /// - Parameters:
    ///   - sql: One SQL statement.
    ///   - arguments: One value per parameter, in order.
    /// - Throws: `DatabaseError` when preparing, binding or stepping fails.
    public func run(_ sql: String, _ arguments: DatabaseValue...) throws {
        try prepare(sql).run(arguments)
    }

    /// Prepares `sql` (cached), binds `arguments` and returns every result row.
    ///
    /// - Parameters:
    ///   - sql: One SQL statement.
    ///   - arguments: One value per parameter, in order.
    /// - Returns: The rows, copied out of SQLite.
    /// - Throws: `DatabaseError` when preparing, binding or stepping fails.
    public func query(_ sql: String, _ arguments: DatabaseValue...) throws -> [Row] {
        try prepare(sql).query(arguments)
    }

    /// The rowid of the most recent successful INSERT on this connection.
    public var lastInsertRowID: Int64 {
        sqlite3_last_insert_rowid(handle)
    }

    /// How many rows the most recent INSERT, UPDATE or DELETE on this connection changed.
    public var changes: Int {
        Int(sqlite3_changes64(handle))
    }

    /// True while a transaction is open on this connection.
    var isInTransaction: Bool {
        sqlite3_get_autocommit(handle) == 0
    }
}
