import Dispatch
import Testing

@testable import FlywheelStore

@Suite("Group commit")
struct GroupCommitTests {
    enum Plan: Sendable {
        case insert
        case insertThenThrow
        case violateUniqueKey
    }

    static func plan(for caller: Int) -> Plan {
        switch caller % 10 {
        case 3: .insertThenThrow
        case 7: .violateUniqueKey
        default: .insert
        }
    }

    /// Waits (bounded) until `count` batched writes are queued behind the blocked writer.
    static func waitForPending(_ count: Int, in database: Database) async throws {
        for _ in 0..<3000 where database.groupCommit.pendingCount < count {
            try await Task.sleep(for: .milliseconds(10))
        }
        try #require(database.groupCommit.pendingCount == count)
    }

    /// Starts a write that holds the writer until `gate` is signalled, and returns once it runs.
    static func holdWriter(_ database: Database, until gate: DispatchSemaphore) async -> Task<Bool, any Error> {
        let (started, startedSignal) = AsyncStream.makeStream(of: Void.self)
        let holder = Task {
            defer { startedSignal.finish() }
            return try await database.write { _ in
                startedSignal.yield()
                return gate.wait(timeout: .now() + 30) == .success
            }
        }
        for await _ in started {
            break
        }
        return holder
    }

    @Test("gives each caller in one shared transaction its own result or error, and keeps the others' writes")
    func ownOutcomes() async throws {
        let scratch = try ScratchDirectory()
        let database = try Database(path: scratch.file("store.sqlite"))
        try await database.write { connection in
            try connection.execute("CREATE TABLE statement (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE)")
            try connection.run("INSERT INTO statement (key) VALUES ('taken')")
        }

        // Hold the writer so that every batched write queues up and lands in one batch.
        let gate = DispatchSemaphore(value: 0)
        let blocker = await Self.holdWriter(database, until: gate)
        let callers = 60
        let outcomes = try await withThrowingTaskGroup(of: (Int, Result<Int64, any Error>).self) { group in
            for caller in 0..<callers {
                group.addTask {
                    do {
                        let rowID = try await database.writeBatched { connection -> Int64 in
                            switch Self.plan(for: caller) {
                            case .insert:
                                try connection.run("INSERT INTO statement (key) VALUES (?)", .text("key-\(caller)"))
                            case .insertThenThrow:
                                try connection.run(
                                    "INSERT INTO statement (key) VALUES (?)", .text("partial-\(caller)"))
                                throw PlannedFailure(tag: caller)
                            case .violateUniqueKey:
                                try connection.run("INSERT INTO statement (key) VALUES ('taken')")
                            }
                            return connection.lastInsertRowID
                        }
                        return (caller, .success(rowID))
                    } catch {
                        return (caller, .failure(error))
                    }
                }
            }
            try await Self.waitForPending(callers, in: database)
            gate.signal()
            var outcomes: [Int: Result<Int64, any Error>] = [:]
            for try await (caller, outcome) in group {
                outcomes[caller] = outcome
            }
            return outcomes
        }
        #expect(try await blocker.value)

        let stored = try await database.read { connection -> [Int64: String] in
            var stored: [Int64: String] = [:]
            for row in try connection.query("SELECT id, key FROM statement") {
                stored[row[0].integerValue ?? -1] = row[1].textValue
            }
            return stored
        }
        var successes = 0
        for caller in 0..<callers {
            let outcome = try #require(outcomes[caller])
            switch (Self.plan(for: caller), outcome) {
            case (.insert, .success(let rowID)):
                successes += 1
                #expect(stored[rowID] == "key-\(caller)")
            case (.insertThenThrow, .failure(let error)):
                #expect(error as? PlannedFailure == PlannedFailure(tag: caller))
            case (.violateUniqueKey, .failure(let error)):
                #expect((error as? DatabaseError)?.isConstraintViolation == true)
            default:
                Issue.record("caller \(caller) got \(outcome)")
            }
        }
        #expect(successes == 48)
        #expect(stored.count == successes + 1)
        #expect(!stored.values.contains { $0.hasPrefix("partial-") })
    }

    @Test("commits every write when more callers arrive than one batch holds")
    func manyBatches() async throws {
        let scratch = try ScratchDirectory()
        let database = try Database(path: scratch.file("store.sqlite"), options: .init(maximumBatchSize: 4))
        try await database.write { connection in try connection.execute("CREATE TABLE n (v INTEGER NOT NULL)") }

        let gate = DispatchSemaphore(value: 0)
        let blocker = await Self.holdWriter(database, until: gate)
        let sum = try await withThrowingTaskGroup(of: Int.self) { group in
            for value in 1...30 {
                group.addTask {
                    try await database.writeBatched { connection in
                        try connection.run("INSERT INTO n VALUES (?)", .integer(Int64(value)))
                        return value
                    }
                }
            }
            try await Self.waitForPending(30, in: database)
            gate.signal()
            return try await group.reduce(0, +)
        }
        #expect(try await blocker.value)
        #expect(sum == 465)
        let stored = try await database.read { try $0.query("SELECT sum(v), count(*) FROM n").first?.values }
        #expect(stored == [.integer(465), .integer(30)])
        #expect(database.groupCommit.pendingCount == 0)
    }
}
