import CSQLite

extension Connection {
    /// Opens the writer connection: creates the file if needed, turns on WAL and applies `options`.
    ///
    /// - Throws: `DatabaseError` with code `notADatabase` when the file is not SQLite, `integrityCheckFailed`
    ///   when the requested quick check finds damage, or SQLite's error.
    static func openWriter(at location: Database.Location, options: Database.Options) throws -> Connection {
        let connection = try Connection(
            path: location.openPath, location: location.description,
            flags: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
            statementCacheCapacity: options.statementCacheCapacity)
        try connection.applyCommonSettings(options)

        // The first statement reads the file header, so a file that is not a database fails here.
        let journalMode: String
        do {
            journalMode = try connection.pragmaText(
                location.isMemory ? "PRAGMA journal_mode" : "PRAGMA journal_mode=WAL")
        } catch let error as DatabaseError where error.code == .notADatabase {
            throw DatabaseError(
                code: .notADatabase, extendedResultCode: error.extendedResultCode,
                message: "\(location) is not an SQLite database (its header is not SQLite's); refusing to open it",
                sql: error.sql)
        }
        if !location.isMemory, journalMode.lowercased() != "wal" {
            throw DatabaseError(
                code: .sqlite, extendedResultCode: SQLITE_ERROR,
                message: "could not switch \(location) to WAL journal mode (SQLite kept '\(journalMode)')")
        }

        try connection.execute(
            "PRAGMA synchronous=\(options.synchronous.pragmaValue); PRAGMA foreign_keys=ON;")
        if options.runsQuickCheckOnOpen {
            try connection.quickCheck()
        }
        return connection
    }

    /// Opens a read-only connection to a database the writer has already opened in WAL mode.
    ///
    /// - Throws: SQLite's error when the file cannot be opened.
    static func openReader(at location: Database.Location, options: Database.Options) throws -> Connection {
        let connection = try Connection(
            path: location.openPath, location: location.description, flags: SQLITE_OPEN_READONLY,
            statementCacheCapacity: options.statementCacheCapacity)
        try connection.applyCommonSettings(options)
        return connection
    }

    /// Sets what every connection shares: the busy timeout and the page cache size.
    private func applyCommonSettings(_ options: Database.Options) throws {
        let timeout = options.busyTimeout.components
        let milliseconds = timeout.seconds * 1000 + timeout.attoseconds / 1_000_000_000_000_000
        sqlite3_busy_timeout(handle, Int32(clamping: milliseconds))
        // A negative cache_size is a size in KiB rather than a page count.
        try execute("PRAGMA cache_size=-\(max(1, options.pageCacheKiB))")
    }

    /// Runs `PRAGMA quick_check` and throws when it reports anything but "ok".
    func quickCheck() throws {
        let problems: [String]
        do {
            problems = try query("PRAGMA quick_check").compactMap { $0[0].textValue }.filter { $0 != "ok" }
        } catch let error as DatabaseError {
            throw DatabaseError(
                code: .integrityCheckFailed, extendedResultCode: error.extendedResultCode,
                message: "quick_check of \(location) could not finish: \(error.message)", sql: "PRAGMA quick_check")
        }
        guard problems.isEmpty else {
            let shown = problems.prefix(3).joined(separator: "; ")
            throw DatabaseError(
                code: .integrityCheckFailed, extendedResultCode: SQLITE_CORRUPT,
                message: "quick_check of \(location) found \(problems.count) problem(s): \(shown)",
                sql: "PRAGMA quick_check")
        }
    }

    /// Runs a pragma and returns the first column of its first row as text ("" when there is none).
    func pragmaText(_ sql: String) throws -> String {
        try query(sql).first?[0].textValue ?? ""
    }

    /// The schema version kept in `PRAGMA user_version`.
    func userVersion() throws -> Int {
        Int(try query("PRAGMA user_version").first?[0].integerValue ?? 0)
    }
}
