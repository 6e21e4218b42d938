import CSQLite

extension Database {
    /// Brings the schema up to date: runs each migration newer than `PRAGMA user_version`, each in its own
    /// transaction that also records the new version.
    ///
    /// - Parameter migrations: The schema's whole history, in any order.
    /// - Returns: The versions that were applied now (empty when the schema was already current).
    /// - Throws: `DatabaseError` with code `schemaTooNew` when the file's version is newer than the newest
    ///   migration (it was written by a newer build), `misuse` for duplicate or non-positive versions, or
    ///   the failing migration's error (earlier migrations stay applied).
    @discardableResult
    public func migrate(_ migrations: [Migration]) async throws -> [Int] {
        try await writer.run { connection in try connection.migrate(migrations) }
    }

    /// Like ``migrate(_:)`` but blocks the calling thread: for start-up code that is not async.
    ///
    /// - Throws: As ``migrate(_:)``.
    @discardableResult
    public func migrateBlocking(_ migrations: [Migration]) throws -> [Int] {
        try writer.runBlocking { connection in try connection.migrate(migrations) }
    }

    /// The schema version recorded in the file (`PRAGMA user_version`).
    ///
    /// - Throws: `DatabaseError` when it cannot be read.
    public func schemaVersion() async throws -> Int {
        try await writer.run { connection in try connection.userVersion() }
    }
}

extension Connection {
    /// Applies the pending `migrations` on this (writer) connection.
    func migrate(_ migrations: [Migration]) throws -> [Int] {
        let ordered = migrations.sorted { $0.version < $1.version }
        for (earlier, later) in zip(ordered, ordered.dropFirst()) where earlier.version == later.version {
            throw DatabaseError.misuse(
                "migrations '\(earlier.name)' and '\(later.name)' both claim schema version \(later.version)")
        }
        if let first = ordered.first, first.version < 1 {
            throw DatabaseError.misuse("migration '\(first.name)' has version \(first.version); versions start at 1")
        }
        guard let newest = ordered.last?.version else {
            return []
        }

        let current = try userVersion()
        guard current <= newest else {
            throw DatabaseError(
                code: .schemaTooNew, extendedResultCode: SQLITE_ERROR,
                message: "\(location) has schema version \(current) but this build knows versions up to "
                    + "\(newest); refusing to use a database written by a newer release")
        }

        var applied: [Int] = []
        for migration in ordered where migration.version > current {
            let didApply = try inTransaction(.immediate) { connection -> Bool in
                // Another process may have migrated since the version was read; the write lock settles it.
                guard try connection.userVersion() < migration.version else {
                    return false
                }
                do {
                    try migration.apply(connection)
                } catch let error as DatabaseError {
                    var described = error
                    described.message = "migration \(migration.version) '\(migration.name)' failed: \(error.message)"
                    throw described
                }
                try connection.execute("PRAGMA user_version = \(migration.version)")
                return true
            }
            if didApply {
                applied.append(migration.version)
            }
        }
        return applied
    }
}
