import CSQLite
import FlywheelContracts
import FlywheelRPC
import Foundation
import Synchronization

/// Measures how fast statements are stored through the ingest service, for `flywheel bench ingest`.
///
/// Each measurement stores fresh statements (about 450 bytes of JSON each) into a new store file in a
/// temporary folder (WAL, synchronous FULL), calling StoreStatements through an in-process RPC channel as
/// the gateway would. The baseline inserts the same rows (statement, agents, activities) with raw sqlite3
/// calls on one thread, 1000 per transaction, so the ratios show what the service adds over SQLite.
public enum IngestBenchmark {
    /// One measured way of storing.
    public struct Throughput: Sendable, CustomStringConvertible {
        /// "raw sqlite3" or "StoreStatements (in-process RPC)".
        public let method: String
        /// Statements stored.
        public let statements: Int
        /// Statements per call (per transaction for the baseline).
        public let batch: Int
        /// Tasks calling at once.
        public let callers: Int
        /// Wall-clock time for all statements.
        public let duration: Duration

        /// Statements stored per second.
        public var statementsPerSecond: Double {
            let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
            return seconds > 0 ? Double(statements) / seconds : 0
        }

        /// One line: method, batch, callers and statements per second.
        public var description: String {
            "\(method) batch=\(batch) callers=\(callers): \(Int(statementsPerSecond)) statements/s "
                + "(\(statements) in \(duration))"
        }
    }

    /// The (batch, callers) pairs measured through the service.
    public static let shapes: [(batch: Int, callers: Int)] = [(1, 1), (100, 1), (1000, 1), (1, 32), (100, 8)]

    /// Measures the raw baseline, then StoreStatements for every shape in ``shapes``.
    ///
    /// - Parameters:
    ///   - statements: Statements stored by each measurement; one caller sending batches of one stores at
    ///     most `singleStatementLimit` (each of its calls waits for its own fsync).
    ///   - singleStatementLimit: The cap for the one-caller, one-statement run.
    /// - Returns: The baseline first, then one entry per shape.
    /// - Throws: `DatabaseError`, `IngestError` or `RPCError` when a run fails.
    public static func run(statements: Int = 20_000, singleStatementLimit: Int = 2_000) async throws -> [Throughput] {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("flywheel-ingest-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        var results = [
            try await rawInsert(count: statements, path: directory.appendingPathComponent("raw.sqlite").path)
        ]
        for (index, shape) in shapes.enumerated() {
            let count = shape.batch == 1 && shape.callers == 1 ? min(statements, singleStatementLimit) : statements
            let path = directory.appendingPathComponent("service-\(index).sqlite").path
            results.append(
                try await serviceInsert(count: count, batch: shape.batch, callers: shape.callers, path: path))
        }
        return results
    }

    /// A statement as the gateway sends it, numbered so that agents, activities and registrations repeat.
    static func statementDocument(_ number: Int) -> [UInt8] {
        let id = UUID().uuidString.lowercased()
        let text =
            #"{"id":"\#(id)","actor":{"objectType":"Agent","mbox":"mailto:learner\#(number % 5000)@example.org","#
            + #""name":"Learner \#(number % 5000)"},"verb":{"id":"http://adlnet.gov/expapi/verbs/completed","#
            + #""display":{"en-US":"completed"}},"object":{"objectType":"Activity","#
            + #""id":"https://flywheel.example/activities/\#(number % 97)"},"context":{"registration":"#
            + #""00000000-0000-4000-8000-\#(String(format: "%012d", number % 300))","contextActivities":"#
            + #"{"parent":[{"id":"https://flywheel.example/courses/\#(number % 7)"}]}},"#
            + #""authority":{"objectType":"Agent","account":{"homePage":"https://flywheel.example","name":"gateway"}},"#
            + #""version":"1.0.0"}"#
        return Array(text.utf8)
    }

    private static func serviceInsert(count: Int, batch: Int, callers: Int, path: String) async throws -> Throughput {
        let documents = (0..<count).map(statementDocument)
        let store = try StatementStore(path: path)
        let server = RPCServer()
        server.register(IngestService(store: store).rpcService, policy: IngestService.accessPolicy)
        let client = IngestV1.Ingest.Client(channel: server.inProcessChannel(identity: "gateway"))
        let nextBatch = BatchCounter()

        let clock = ContinuousClock()
        let started = clock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<callers {
                group.addTask {
                    while true {
                        let first = nextBatch.claim(batch)
                        guard first < documents.count else { return }
                        let slice = Array(documents[first..<min(first + batch, documents.count)])
                        _ = try await client.storeStatements(IngestV1.StoreStatementsRequest(statements: slice))
                    }
                }
            }
            try await group.waitForAll()
        }
        let duration = clock.now - started
        server.closeAll()
        await store.close()
        return Throughput(
            method: "StoreStatements (in-process RPC)", statements: count, batch: batch, callers: callers,
            duration: duration)
    }

    /// The baseline: the same rows the service writes, through prepared sqlite3 statements on one thread.
    private static func rawInsert(count: Int, path: String) async throws -> Throughput {
        let rows = try (0..<count).map { number in
            try IncomingStatement(bytes: statementDocument(number), position: number)
        }
        return try await withCheckedThrowingContinuation {
            (continuation: CheckedContinuation<Throughput, any Error>) in
            let thread = Thread {
                continuation.resume(with: Result { try rawInsertBlocking(rows, path: path) })
            }
            thread.name = "ingest.bench"
            thread.start()
        }
    }

    private static func rawInsertBlocking(_ rows: [IncomingStatement], path: String) throws -> Throughput {
        var opened: OpaquePointer?
        guard sqlite3_open_v2(path, &opened, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil) == SQLITE_OK,
            let handle = opened
        else {
            sqlite3_close_v2(opened)
            throw IngestError(.storeClosed, "the benchmark could not create \(path)")
        }
        defer { sqlite3_close_v2(handle) }
        let raw = RawConnection(handle: handle)
        try raw.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;")
        try raw.execute(StatementStore.schemaVersion1)
        let insert = try raw.prepare(
            """
            INSERT INTO statements (id, json, stored_micros, actor_key, verb_id, object_kind, object_id,
                registration, ref_id, voids_id, voided) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, 0)
            """)
        let agent = try raw.prepare("INSERT INTO statement_agents (agent_key, sequence, direct) VALUES (?, ?, ?)")
        let activity = try raw.prepare(
            "INSERT INTO statement_activities (activity_id, sequence, direct) VALUES (?, ?, ?)")
        defer {
            for statement in [insert, agent, activity] { sqlite3_finalize(statement) }
        }
        let micros = StoredClock.nowMicros()
        let prepared = rows.enumerated().map { offset, row in
            (row, row.storedJSON(storedText: StoredClock.text(micros: micros + Int64(offset))))
        }

        let clock = ContinuousClock()
        let started = clock.now
        var index = 0
        while index < prepared.count {
            try raw.execute("BEGIN IMMEDIATE")
            for (offset, (row, json)) in prepared[index..<min(index + 1000, prepared.count)].enumerated() {
                raw.bind(insert, 1, row.id)
                json.withUnsafeBytes { bytes in
                    _ = sqlite3_bind_text(
                        insert, 2, bytes.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(bytes.count),
                        RawConnection.transient)
                }
                sqlite3_bind_int64(insert, 3, micros + Int64(index + offset))
                raw.bind(insert, 4, row.actorKey)
                raw.bind(insert, 5, row.verbID)
                raw.bind(insert, 6, row.objectKind)
                raw.bind(insert, 7, row.objectID)
                raw.bind(insert, 8, row.registration)
                try raw.step(insert)
                let sequence = sqlite3_last_insert_rowid(handle)
                for entry in row.agents {
                    raw.bind(agent, 1, entry.key)
                    sqlite3_bind_int64(agent, 2, sequence)
                    sqlite3_bind_int64(agent, 3, entry.direct ? 1 : 0)
                    try raw.step(agent)
                }
                for entry in row.activities {
                    raw.bind(activity, 1, entry.id)
                    sqlite3_bind_int64(activity, 2, sequence)
                    sqlite3_bind_int64(activity, 3, entry.direct ? 1 : 0)
                    try raw.step(activity)
                }
            }
            try raw.execute("COMMIT")
            index += 1000
        }
        return Throughput(
            method: "raw sqlite3", statements: rows.count, batch: 1000, callers: 1, duration: clock.now - started)
    }
}

/// Hands out the first statement of the next batch to concurrent callers.
private final class BatchCounter: Sendable {
    private let next = Atomic<Int>(0)

    func claim(_ batch: Int) -> Int {
        next.wrappingAdd(batch, ordering: .relaxed).oldValue
    }
}

/// The few sqlite3 calls the benchmark's baseline makes, with errors turned into `IngestError`s.
private struct RawConnection {
    static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
    let handle: OpaquePointer

    func execute(_ sql: String) throws {
        guard sqlite3_exec(handle, sql, nil, nil, nil) == SQLITE_OK else { throw failure("running \(sql.prefix(40))") }
    }

    func prepare(_ sql: String) throws -> OpaquePointer {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw failure("preparing \(sql.prefix(40))")
        }
        return statement
    }

    func bind(_ statement: OpaquePointer, _ index: Int32, _ text: String?) {
        guard let text else {
            sqlite3_bind_null(statement, index)
            return
        }
        sqlite3_bind_text(statement, index, text, -1, Self.transient)
    }

    func step(_ statement: OpaquePointer) throws {
        defer { sqlite3_reset(statement) }
        guard sqlite3_step(statement) == SQLITE_DONE else { throw failure("inserting a benchmark row") }
    }

    private func failure(_ activity: String) -> IngestError {
        IngestError(.storeClosed, "benchmark baseline failed \(activity): \(String(cString: sqlite3_errmsg(handle)))")
    }
}
