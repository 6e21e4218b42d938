import CSQLite
import Dispatch
import Foundation
import Synchronization

/// Measures insert throughput, for `flywheel bench`: raw SQLite on one thread against ``Database``.
///
/// Each run inserts 330-byte JSON text rows into a fresh WAL database file (synchronous FULL) in a
/// temporary directory, which is removed afterwards.
public enum StoreBenchmark {
    /// One measured way of inserting.
    public struct Throughput: Sendable, CustomStringConvertible {
        /// How the rows were inserted: "raw sqlite3", "Database.write", "Database.writeBatched".
        public let method: String
        /// Rows inserted.
        public let rows: Int
        /// Rows per transaction (for group commit: the largest batch allowed).
        public let batch: Int
        /// Tasks inserting at once.
        public let callers: Int
        /// Wall-clock time for all rows.
        public let duration: Duration

        /// Rows inserted per second.
        public var rowsPerSecond: Double {
            let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
            return seconds > 0 ? Double(rows) / seconds : 0
        }

        /// One line: method, batch, callers and rows per second.
        public var description: String {
            "\(method) batch=\(batch) callers=\(callers): \(Int(rowsPerSecond)) rows/s (\(rows) rows in \(duration))"
        }
    }

    /// Inserts `rows` rows three ways and reports each one's throughput.
    ///
    /// 1. raw sqlite3 on one thread, `batch` rows per transaction (the baseline);
    /// 2. `Database.write` from one task, `batch` rows per transaction;
    /// 3. `Database.writeBatched` from `batch` concurrent tasks inserting one row per call, with group
    ///    commit allowed up to `batch` writes per transaction.
    /// - Parameters:
    ///   - rows: Rows to insert in each run.
    ///   - batch: Rows per transaction (1, 100, 1000…).
    /// - Returns: The three measurements, in the order above.
    /// - Throws: `DatabaseError` when a database cannot be created or written.
    public static func batchedInsert(rows: Int, batch: Int) async throws -> [Throughput] {
        let batch = max(1, batch)
        let documents = (0..<rows).map(statementDocument)
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("flywheel-store-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        let raw = try await rawInsert(
            documents, batch: batch, path: directory.appendingPathComponent("raw.sqlite").path)
        let written = try await databaseInsert(
            documents, batch: batch, path: directory.appendingPathComponent("write.sqlite").path)
        let grouped = try await groupCommitInsert(
            documents, batch: batch, path: directory.appendingPathComponent("batched.sqlite").path)
        return [raw, written, grouped]
    }

    private static let createTable =
        "CREATE TABLE IF NOT EXISTS statements (id INTEGER PRIMARY KEY, body TEXT NOT NULL)"
    private static let insertRow = "INSERT INTO statements (body) VALUES (?)"

    /// An xAPI-like statement padded to exactly 330 bytes of JSON.
    static func statementDocument(_ number: Int) -> String {
        let head =
            #"{"id":"stmt-\#(number)","actor":{"mbox":"mailto:learner\#(number % 5000)@example.org"},"#
            + #""verb":{"id":"http://adlnet.gov/expapi/verbs/completed"},"#
            + #""object":{"id":"https://flywheel.example/activities/\#(number % 97)"},"#
            + #""timestamp":"2026-12-04T08:00:00Z","pad":""#
        let tail = #""}"#
        let padding = max(0, 330 - head.utf8.count - tail.utf8.count)
        return head + String(repeating: "x", count: padding) + tail
    }

    /// The baseline: prepared-statement inserts through the C API on one dedicated thread.
    private static func rawInsert(_ documents: [String], batch: Int, path: String) async throws -> Throughput {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Throughput, any Error>) in
            let thread = Thread {
                Thread.current.name = "store.bench"
                continuation.resume(with: Result { try rawInsertBlocking(documents, batch: batch, path: path) })
            }
            thread.start()
        }
    }

    private static func rawInsertBlocking(_ documents: [String], batch: Int, path: String) throws -> Throughput {
        var handle: OpaquePointer?
        guard sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil) == SQLITE_OK,
            let handle
        else {
            sqlite3_close_v2(handle)
            throw DatabaseError(sqlite: SQLITE_CANTOPEN, handle: nil, activity: "opening the benchmark file \(path)")
        }
        defer { sqlite3_close_v2(handle) }
        try rawExecute(handle, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; \(createTable)")

        var insert: OpaquePointer?
        guard sqlite3_prepare_v2(handle, insertRow, -1, &insert, nil) == SQLITE_OK, let insert else {
            throw DatabaseError(sqlite: sqlite3_errcode(handle), handle: handle, activity: "preparing", sql: insertRow)
        }
        defer { sqlite3_finalize(insert) }

        let clock = ContinuousClock()
        let started = clock.now
        var index = 0
        while index < documents.count {
            try rawExecute(handle, "BEGIN IMMEDIATE")
            for document in documents[index..<min(index + batch, documents.count)] {
                var text = document
                let resultCode = text.withUTF8 { utf8 in
                    utf8.withMemoryRebound(to: CChar.self) { characters in
                        sqlite3_bind_text(
                            insert, 1, characters.baseAddress, Int32(characters.count), transientDestructor)
                    }
                }
                guard resultCode == SQLITE_OK, sqlite3_step(insert) == SQLITE_DONE else {
                    throw DatabaseError(sqlite: sqlite3_errcode(handle), handle: handle, activity: "inserting")
                }
                sqlite3_reset(insert)
            }
            try rawExecute(handle, "COMMIT")
            index += batch
        }
        return Throughput(
            method: "raw sqlite3", rows: documents.count, batch: batch, callers: 1, duration: clock.now - started)
    }

    private static func rawExecute(_ handle: OpaquePointer, _ sql: String) throws {
        let resultCode = sqlite3_exec(handle, sql, nil, nil, nil)
        guard resultCode == SQLITE_OK else {
            throw DatabaseError(sqlite: resultCode, handle: handle, activity: "executing", sql: sql)
        }
    }

    /// One task writing `batch` rows per `Database.write`.
    private static func databaseInsert(_ documents: [String], batch: Int, path: String) async throws -> Throughput {
        let database = try Database(path: path)
        try await database.write { connection in try connection.execute(createTable) }

        let clock = ContinuousClock()
        let started = clock.now
        var index = 0
        while index < documents.count {
            let chunk = Array(documents[index..<min(index + batch, documents.count)])
            try await database.write { connection in
                let insert = try connection.prepare(insertRow)
                for document in chunk {
                    try insert.run(.text(document))
                }
            }
            index += batch
        }
        let duration = clock.now - started
        await database.close()
        return Throughput(
            method: "Database.write", rows: documents.count, batch: batch, callers: 1, duration: duration)
    }

    /// `batch` tasks each inserting one row per `Database.writeBatched`, sharing transactions.
    private static func groupCommitInsert(_ documents: [String], batch: Int, path: String) async throws -> Throughput {
        let database = try Database(path: path, options: Database.Options(maximumBatchSize: batch))
        try await database.write { connection in try connection.execute(createTable) }
        let callers = min(batch, max(1, documents.count))
        let nextRow = RowCounter()

        let clock = ContinuousClock()
        let started = clock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<callers {
                group.addTask {
                    while let row = nextRow.claim(below: documents.count) {
                        let document = documents[row]
                        try await database.writeBatched { connection in
                            try connection.prepare(insertRow).run(.text(document))
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let duration = clock.now - started
        await database.close()
        return Throughput(
            method: "Database.writeBatched", rows: documents.count, batch: batch, callers: callers, duration: duration)
    }

    /// Hands out row numbers to concurrent inserting tasks.
    private final class RowCounter: Sendable {
        private let next = Atomic<Int>(0)

        func claim(below limit: Int) -> Int? {
            let row = next.wrappingAdd(1, ordering: .relaxed).oldValue
            return row < limit ? row : nil
        }
    }
}
