import CSQLite

/// A failure reported by SQLite, or detected by the store, while opening, migrating or using a database.
///
/// `resultCode` and `extendedResultCode` carry SQLite's own numbers (for example 19 and 2067 for a
/// UNIQUE constraint). Failures the store detects itself use the closest SQLite code and a specific `code`.
public struct DatabaseError: Error, Hashable, CustomStringConvertible {
    /// The kind of failure; new kinds can be added without breaking a caller's `switch`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: Hashable, Sendable {
            case sqlite
            case notADatabase
            case integrityCheckFailed
            case schemaTooNew
            case misuse
            case closed
        }

        private let value: Value

        /// SQLite reported the failure; `resultCode` says which one.
        public static let sqlite = Code(value: .sqlite)
        /// The file exists but is not an SQLite database.
        public static let notADatabase = Code(value: .notADatabase)
        /// `PRAGMA quick_check` found damage when the database was opened.
        public static let integrityCheckFailed = Code(value: .integrityCheckFailed)
        /// The database's schema version is newer than the newest migration this build knows.
        public static let schemaTooNew = Code(value: .schemaTooNew)
        /// The store was used in a way that cannot work (a deadlocking call, a closure ending its transaction).
        public static let misuse = Code(value: .misuse)
        /// The database was closed before the call could run.
        public static let closed = Code(value: .closed)

        /// The code's name, as used in error descriptions.
        public var description: String {
            switch value {
            case .sqlite: "sqlite"
            case .notADatabase: "notADatabase"
            case .integrityCheckFailed: "integrityCheckFailed"
            case .schemaTooNew: "schemaTooNew"
            case .misuse: "misuse"
            case .closed: "closed"
            }
        }
    }

    /// The kind of failure.
    public var code: Code
    /// SQLite's primary result code (the low 8 bits of the extended code).
    public var resultCode: Int32
    /// SQLite's extended result code, which names the precise cause.
    public var extendedResultCode: Int32
    /// What failed, naming the operation and SQLite's explanation.
    public var message: String
    /// The SQL text being prepared or run when the failure happened, if any.
    public var sql: String?

    /// Creates an error from its parts.
    ///
    /// - Parameters:
    ///   - code: The kind of failure.
    ///   - extendedResultCode: SQLite's extended result code; the primary code is derived from it.
    ///   - message: What failed.
    ///   - sql: The SQL involved, if any.
    public init(code: Code, extendedResultCode: Int32, message: String, sql: String? = nil) {
        self.code = code
        self.resultCode = extendedResultCode & 0xff
        self.extendedResultCode = extendedResultCode
        self.message = message
        self.sql = sql
    }

    /// True when a constraint (UNIQUE, NOT NULL, CHECK, FOREIGN KEY…) rejected the statement.
    public var isConstraintViolation: Bool { resultCode == SQLITE_CONSTRAINT }

    /// True when the database stayed locked by another connection for longer than the busy timeout.
    public var isBusy: Bool { resultCode == SQLITE_BUSY }

    /// The code, SQLite's result codes, the message and the SQL on one line.
    public var description: String {
        var text = "DatabaseError(\(code), SQLite \(resultCode)/\(extendedResultCode)): \(message)"
        if let sql {
            text += " [SQL: \(sql)]"
        }
        return text
    }
}

extension DatabaseError {
    /// An error for a failed SQLite call, reading SQLite's message from the connection when there is one.
    ///
    /// - Parameters:
    ///   - resultCode: The (extended) code the call returned.
    ///   - handle: The connection, whose last error message explains the code.
    ///   - activity: What the store was doing, in words: "preparing a statement".
    ///   - sql: The SQL involved.
    init(sqlite resultCode: Int32, handle: OpaquePointer?, activity: String, sql: String? = nil) {
        let explanation: String
        if let handle, sqlite3_errcode(handle) != SQLITE_OK {
            explanation = String(cString: sqlite3_errmsg(handle))
        } else {
            explanation = String(cString: sqlite3_errstr(resultCode))
        }
        let code: Code = (resultCode & 0xff) == SQLITE_NOTADB ? .notADatabase : .sqlite
        self.init(code: code, extendedResultCode: resultCode, message: "\(activity): \(explanation)", sql: sql)
    }

    /// An error for a call the store refuses because it cannot work.
    static func misuse(_ message: String, sql: String? = nil) -> DatabaseError {
        DatabaseError(code: .misuse, extendedResultCode: SQLITE_MISUSE, message: message, sql: sql)
    }

    /// An error for a call made after the database was closed.
    static func closed(_ location: String) -> DatabaseError {
        DatabaseError(
            code: .closed, extendedResultCode: SQLITE_MISUSE,
            message: "the database \(location) is closed; no more reads or writes can run on it")
    }
}
