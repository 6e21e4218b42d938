import FlywheelStore
import Synchronization
import Testing

@Suite("Migrations")
struct MigrationTests {
    /// Counts how often each migration's work ran.
    final class RunCounter: Sendable {
        private let runs = Mutex<[Int: Int]>([:])

        func record(_ version: Int) {
            runs.withLock { $0[version, default: 0] += 1 }
        }

        var counts: [Int: Int] {
            runs.withLock { $0 }
        }
    }

    static func history(counting counter: RunCounter) -> [Migration] {
        [
            Migration(version: 1, name: "create statements") { connection in
                counter.record(1)
                try connection.execute("CREATE TABLE statement (id INTEGER PRIMARY KEY, body TEXT)")
            },
            Migration(version: 2, name: "index bodies") { connection in
                counter.record(2)
                try connection.execute("CREATE INDEX statement_body ON statement (body)")
            },
        ]
    }

    static func tableNames(_ database: Database) async throws -> [String] {
        try await database.read { connection in
            try connection.query("SELECT name FROM sqlite_schema ORDER BY name").compactMap { $0[0].textValue }
        }
    }

    @Test("runs each migration once and records the schema version")
    func runsOnce() async throws {
        let scratch = try ScratchDirectory()
        let counter = RunCounter()
        let path = scratch.file("store.sqlite")

        let first = try Database(path: path, migrations: Self.history(counting: counter))
        #expect(try await first.schemaVersion() == 2)
        #expect(try await Self.tableNames(first) == ["statement", "statement_body"])
        #expect(try await first.migrate(Self.history(counting: counter)) == [])
        await first.close()

        let reopened = try Database(path: path, migrations: Self.history(counting: counter))
        #expect(try await reopened.schemaVersion() == 2)
        #expect(counter.counts == [1: 1, 2: 1])
    }

    @Test("applies only the migrations newer than the file's version, in version order")
    func appliesPendingOnly() async throws {
        let scratch = try ScratchDirectory()
        let counter = RunCounter()
        let database = try Database(path: scratch.file("store.sqlite"))
        let history = Self.history(counting: counter)
        #expect(try await database.migrate([history[0]]) == [1])
        let later = Migration(version: 3, name: "add verbs", sql: "CREATE TABLE verb (iri TEXT PRIMARY KEY)")
        #expect(try await database.migrate([later, history[1], history[0]]) == [2, 3])
        #expect(try await database.schemaVersion() == 3)
        #expect(counter.counts == [1: 1, 2: 1])
    }

    @Test("refuses a database whose schema is newer than the migrations this build knows")
    func refusesNewerSchema() async throws {
        let scratch = try ScratchDirectory()
        let counter = RunCounter()
        let path = scratch.file("store.sqlite")
        let newer = try Database(path: path, migrations: Self.history(counting: counter))
        await newer.close()

        let error = #expect(throws: DatabaseError.self) {
            _ = try Database(path: path, migrations: [Self.history(counting: counter)[0]])
        }
        #expect(error?.code == .schemaTooNew)
        #expect(error?.message.contains("schema version 2") == true)
        #expect(error?.message.contains("up to 1") == true)
    }

    @Test("rolls back a failing migration and keeps the earlier ones")
    func failingMigration() async throws {
        let scratch = try ScratchDirectory()
        let counter = RunCounter()
        let database = try Database(path: scratch.file("store.sqlite"))
        let broken = Migration(version: 3, name: "broken step") { connection in
            try connection.execute("CREATE TABLE half_done (v INTEGER)")
            try connection.execute("CREATE TABLE statement (duplicate INTEGER)")
        }
        let error = await #expect(throws: DatabaseError.self) {
            try await database.migrate(Self.history(counting: counter) + [broken])
        }
        #expect(error?.message.contains("migration 3 'broken step' failed") == true)
        #expect(try await database.schemaVersion() == 2)
        #expect(try await Self.tableNames(database) == ["statement", "statement_body"])
    }

    @Test("refuses two migrations with the same version")
    func duplicateVersions() async throws {
        let database = try Database.inMemory()
        let error = await #expect(throws: DatabaseError.self) {
            try await database.migrate([
                Migration(version: 1, name: "one", sql: "CREATE TABLE a (v)"),
                Migration(version: 1, name: "also one", sql: "CREATE TABLE b (v)"),
            ])
        }
        #expect(error?.code == .misuse)
        #expect(try await database.schemaVersion() == 0)
    }
}
