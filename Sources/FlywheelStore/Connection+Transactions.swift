import CSQLite

extension Connection {
    /// How a transaction takes its locks.
    enum TransactionKind {
        /// Takes the write lock at once (`BEGIN IMMEDIATE`), so the commit cannot fail on a lock upgrade.
        case immediate
        /// Takes a read snapshot at the first read (`BEGIN DEFERRED`).
        case deferred

        var beginSQL: String {
            switch self {
            case .immediate: "BEGIN IMMEDIATE"
            case .deferred: "BEGIN DEFERRED"
            }
        }
    }

    /// Runs `body` inside a transaction: commits when it returns, rolls back when it throws.
    ///
    /// - Throws: What `body` threw (after rolling back), a `DatabaseError` when BEGIN or COMMIT fails, or a
    ///   `misuse` error when `body` ended the transaction itself.
    func inTransaction<T>(_ kind: TransactionKind, _ body: (Connection) throws -> T) throws -> T {
        try runControl(kind.beginSQL)

        let value: T
        do {
            value = try body(self)
        } catch {
            rollbackQuietly()
            throw error
        }

        guard isInTransaction else {
            throw DatabaseError.misuse(
                "the closure ended the store's transaction itself (COMMIT, ROLLBACK or END); "
                    + "the store commits and rolls back on its own")
        }
        do {
            try runControl("COMMIT")
        } catch {
            rollbackQuietly()
            throw error
        }
        return value
    }

    /// Runs a transaction-control statement through the statement cache.
    func runControl(_ sql: String) throws {
        try prepare(sql).run()
    }

    /// Rolls back the open transaction, if any, ignoring failures (the transaction is abandoned either way).
    func rollbackQuietly() {
        guard isInTransaction else {
            return
        }
        if (try? runControl("ROLLBACK")) == nil {
            sqlite3_exec(handle, "ROLLBACK", nil, nil, nil)
        }
    }
}
