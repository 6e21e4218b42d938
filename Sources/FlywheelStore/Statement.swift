import CSQLite

/// A prepared SQL statement: bind parameters, step through rows, read columns.
///
/// Statements belong to the ``Connection`` that prepared them and share its thread. Parameter and
/// column indexes follow SQLite: parameters count from 1, columns from 0.
public final class Statement {
    /// The raw `sqlite3_stmt` handle.
    let handle: OpaquePointer
    /// The connection's handle, for error messages.
    let connectionHandle: OpaquePointer
    /// The SQL text this statement was prepared from.
    public let sql: String

    /// Compiles `sql`, which must hold exactly one statement.
    init(connection: Connection, sql: String, persistent: Bool) throws {
        var prepared: OpaquePointer?
        var trailingText = false
        let flags = persistent ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0
        let resultCode = sql.withCString { text -> Int32 in
            var tail: UnsafePointer<CChar>?
            let code = sqlite3_prepare_v3(connection.handle, text, -1, flags, &prepared, &tail)
            trailingText = tail.map(Statement.holdsMoreSQL) ?? false
            return code
        }
        guard resultCode == SQLITE_OK else {
            sqlite3_finalize(prepared)
            throw DatabaseError(
                sqlite: resultCode, handle: connection.handle,
                activity: "preparing a statement on \(connection.location)",
                sql: sql)
        }
        guard let prepared else {
            throw DatabaseError.misuse("the SQL holds no statement (only whitespace or comments)", sql: sql)
        }
        guard !trailingText else {
            sqlite3_finalize(prepared)
            throw DatabaseError.misuse(
                "prepare takes exactly one statement but the SQL holds more; use execute for scripts", sql: sql)
        }
        self.handle = prepared
        self.connectionHandle = connection.handle
        self.sql = sql
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// Whether the text after the first statement holds anything but whitespace and semicolons.
    private static func holdsMoreSQL(_ tail: UnsafePointer<CChar>) -> Bool {
        var cursor = tail
        while cursor.pointee != 0 {
            switch UInt8(bitPattern: cursor.pointee) {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: ";"):
                cursor += 1
            default:
                return true
            }
        }
        return false
    }

    /// True while the statement has returned rows but has neither finished nor been reset.
    var isBusy: Bool {
        sqlite3_stmt_busy(handle) != 0
    }

    /// Advances to the next result row.
    ///
    /// - Returns: True when a row is available to read, false when the statement has finished.
    /// - Throws: `DatabaseError` with SQLite's code, message and this statement's SQL.
    @discardableResult
    public func step() throws -> Bool {
        let resultCode = sqlite3_step(handle)
        switch resultCode {
        case SQLITE_ROW:
            return true
        case SQLITE_DONE:
            return false
        default:
            throw DatabaseError(
                sqlite: resultCode, handle: connectionHandle, activity: "running a statement", sql: sql)
        }
    }

    /// Rewinds the statement and clears every bound parameter back to NULL.
    public func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Binds `arguments` (when any are given) and runs the statement to completion, discarding rows.
    ///
    /// With no arguments, parameters bound beforehand with `bind` are used.
    /// - Parameter arguments: One value per parameter, in order.
    /// - Throws: `DatabaseError` when binding or stepping fails.
    public func run(_ arguments: DatabaseValue...) throws {
        try run(arguments)
    }

    /// Binds `arguments` (when any are given) and runs the statement to completion, discarding rows.
    ///
    /// - Parameter arguments: One value per parameter, in order.
    /// - Throws: `DatabaseError` when binding or stepping fails.
    public func run(_ arguments: [DatabaseValue]) throws {
        sqlite3_reset(handle)
        defer { sqlite3_reset(handle) }
        if !arguments.isEmpty {
            try bind(arguments)
        }
        while try step() {}
    }

    /// Binds `arguments` (when any are given) and returns every result row.
    ///
    /// - Parameter arguments: One value per parameter, in order.
    /// - Returns: The rows, copied out of SQLite.
    /// - Throws: `DatabaseError` when binding or stepping fails.
    public func query(_ arguments: DatabaseValue...) throws -> [Row] {
        try query(arguments)
    }

    /// Binds `arguments` (when any are given) and returns every result row.
    ///
    /// - Parameter arguments: One value per parameter, in order.
    /// - Returns: The rows, copied out of SQLite.
    /// - Throws: `DatabaseError` when binding or stepping fails.
    public func query(_ arguments: [DatabaseValue]) throws -> [Row] {
        let names = (0..<columnCount).map(columnName(at:))
        var rows: [Row] = []
        try forEachRow(arguments) { statement in
            rows.append(Row(columnNames: names, values: (0..<names.count).map(statement.value(at:))))
        }
        return rows
    }

    /// Binds `arguments` (when any are given) and calls `body` once per result row, without copying rows.
    ///
    /// Inside `body`, read columns straight from the statement (`int64(at:)`, `withText(at:_:)`…).
    /// - Parameters:
    ///   - arguments: One value per parameter, in order.
    ///   - body: Reads the current row; throwing stops the iteration.
    /// - Throws: `DatabaseError` when binding or stepping fails, or what `body` throws.
    public func forEachRow(_ arguments: [DatabaseValue] = [], _ body: (Statement) throws -> Void) throws {
        sqlite3_reset(handle)
        defer { sqlite3_reset(handle) }
        if !arguments.isEmpty {
            try bind(arguments)
        }
        while try step() {
            try body(self)
        }
    }
}
