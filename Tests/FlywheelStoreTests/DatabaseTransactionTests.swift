import Dispatch
import Foundation
import Testing

@testable import FlywheelStore

@Suite("Database transactions and threads")
struct DatabaseTransactionTests {
    static func openStatements(in scratch: ScratchDirectory) async throws -> Database {
        let database = try Database(path: scratch.file("store.sqlite"))
        try await database.write { connection in
            try connection.execute("CREATE TABLE statement (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
        }
        return database
    }

    static func count(_ connection: Connection) throws -> Int64 {
        try connection.query("SELECT count(*) FROM statement").first?[0].integerValue ?? -1
    }

    @Test("keeps nothing of a write whose closure throws, and rethrows the closure's own error")
    func rollbackOnThrow() async throws {
        let scratch = try ScratchDirectory()
        let database = try await Self.openStatements(in: scratch)
        try await database.write { connection in try connection.run("INSERT INTO statement (body) VALUES ('kept')") }

        let error = await #expect(throws: PlannedFailure.self) {
            try await database.write { connection in
                try connection.run("INSERT INTO statement (body) VALUES ('dropped')")
                try connection.run("INSERT INTO statement (body) VALUES ('dropped too')")
                throw PlannedFailure(tag: 7)
            }
        }
        #expect(error == PlannedFailure(tag: 7))
        let bodies = try await database.read { connection in
            try connection.query("SELECT body FROM statement").compactMap { $0[0].textValue }
        }
        #expect(bodies == ["kept"])
    }

    @Test("commits a write so that readers and a reopened file see it")
    func commitIsVisible() async throws {
        let scratch = try ScratchDirectory()
        let database = try await Self.openStatements(in: scratch)
        let rowID = try await database.write { connection in
            try connection.run("INSERT INTO statement (body) VALUES (?)", "first")
            return connection.lastInsertRowID
        }
        #expect(try await database.read { try Self.count($0) } == 1)
        await database.close()

        let reopened = try Database(path: scratch.file("store.sqlite"))
        let body = try reopened.readBlocking { connection in
            try connection.query("SELECT body FROM statement WHERE id = ?", .integer(rowID)).first?[0].textValue
        }
        #expect(body == "first")
        let journalMode = try reopened.readBlocking { try $0.query("PRAGMA journal_mode").first?[0].textValue }
        #expect(journalMode == "wal")
    }

    @Test("gives a reader one consistent snapshot while a writer commits")
    func snapshotIsolation() async throws {
        let scratch = try ScratchDirectory()
        let database = try await Self.openStatements(in: scratch)
        try await database.write { connection in
            for number in 0..<10 {
                try connection.run("INSERT INTO statement (body) VALUES (?)", .text("row \(number)"))
            }
        }

        let (snapshotTaken, snapshotSignal) = AsyncStream.makeStream(of: Void.self)
        let writerCommitted = DispatchSemaphore(value: 0)
        async let readerCounts = database.read { connection -> (Int64, Int64, Bool) in
            let before = try Self.count(connection)
            snapshotSignal.yield()
            // Bounded: a missing signal fails the test instead of hanging it.
            let waited = writerCommitted.wait(timeout: .now() + 30) == .success
            let after = try Self.count(connection)
            return (before, after, waited)
        }

        for await _ in snapshotTaken {
            break
        }
        try await database.write { connection in
            for number in 10..<15 {
                try connection.run("INSERT INTO statement (body) VALUES (?)", .text("row \(number)"))
            }
        }
        let concurrentCount = try await database.read { try Self.count($0) }
        writerCommitted.signal()

        let (before, after, waited) = try await readerCounts
        #expect(waited)
        #expect(before == 10)
        #expect(after == 10)
        #expect(concurrentCount == 15)
        #expect(try await database.read { try Self.count($0) } == 15)
    }

    @Test("runs every closure on the store's own threads, never on the calling task's thread")
    func storeThreadsOnly() async throws {
        let scratch = try ScratchDirectory()
        let database = try await Self.openStatements(in: scratch)
        let migration = Migration(version: 1, name: "check thread") { connection in
            #expect(database.writer.isCurrentThreadInPool)
            try connection.execute("CREATE TABLE seen (v INTEGER)")
        }
        try await database.migrate([migration])
        #expect(!database.writer.isCurrentThreadInPool)
        #expect(database.readers?.isCurrentThreadInPool == false)

        for _ in 0..<10 {
            let caller = pthread_self()
            let written = try await database.write { connection in
                try connection.run("INSERT INTO statement (body) VALUES ('x')")
                return (pthread_self(), database.writer.isCurrentThreadInPool)
            }
            let batched = try await database.writeBatched { connection in
                try connection.run("INSERT INTO statement (body) VALUES ('y')")
                return (pthread_self(), database.writer.isCurrentThreadInPool)
            }
            let read = try await database.read { connection in
                _ = try Self.count(connection)
                return (pthread_self(), database.readers?.isCurrentThreadInPool == true)
            }
            #expect(pthread_equal(caller, written.0) == 0)
            #expect(pthread_equal(caller, batched.0) == 0)
            #expect(pthread_equal(caller, read.0) == 0)
            #expect(written.1)
            #expect(batched.1)
            #expect(read.1)
        }
    }

    @Test("refuses a blocking write from inside a write instead of deadlocking")
    func nestedBlockingWrite() async throws {
        let database = try Database.inMemory()
        let error = await #expect(throws: DatabaseError.self) {
            try await database.write { _ in
                try database.writeBlocking { _ in 1 }
            }
        }
        #expect(error?.code == .misuse)
    }

    @Test("refuses a closure that commits the store's transaction itself")
    func closureEndsTransaction() async throws {
        let database = try Database.inMemory()
        let error = await #expect(throws: DatabaseError.self) {
            try await database.write { connection in try connection.execute("COMMIT") }
        }
        #expect(error?.code == .misuse)
        #expect(try await database.write { _ in 5 } == 5)
    }

    @Test("refuses a write to a read connection")
    func readsAreReadOnly() async throws {
        let scratch = try ScratchDirectory()
        let database = try await Self.openStatements(in: scratch)
        let error = await #expect(throws: DatabaseError.self) {
            try await database.read { connection in
                try connection.run("INSERT INTO statement (body) VALUES ('sneaky')")
            }
        }
        #expect(error?.resultCode == 8)
    }

    @Test("fails calls made after close with a closed error")
    func callsAfterClose() async throws {
        let scratch = try ScratchDirectory()
        let database = try await Self.openStatements(in: scratch)
        await database.close()
        let writeError = await #expect(throws: DatabaseError.self) {
            try await database.write { _ in 1 }
        }
        let batchedError = await #expect(throws: DatabaseError.self) {
            try await database.writeBatched { _ in 1 }
        }
        let readError = #expect(throws: DatabaseError.self) {
            try database.readBlocking { _ in 1 }
        }
        #expect(writeError?.code == .closed)
        #expect(batchedError?.code == .closed)
        #expect(readError?.code == .closed)
    }
}
