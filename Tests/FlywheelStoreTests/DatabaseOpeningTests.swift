import FlywheelStore
import Foundation
import Testing

@Suite("Opening and crash consistency")
struct DatabaseOpeningTests {
    @Test("refuses a file that is not a database with a clear error, leaving the file untouched")
    func refusesNonDatabase() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.file("notes.sqlite")
        let contents = Data(String(repeating: "these are meeting notes, not a database\n", count: 200).utf8)
        try contents.write(to: URL(fileURLWithPath: path))

        let error = #expect(throws: DatabaseError.self) {
            _ = try Database(path: path)
        }
        #expect(error?.code == .notADatabase)
        #expect(error?.resultCode == 26)
        #expect(error?.message.contains(path) == true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == contents)
    }

    @Test("keeps only committed data when the writing process dies in the middle of a transaction")
    func killedMidTransaction() async throws {
        let scratch = try ScratchDirectory()
        let path = scratch.file("store.sqlite")
        let crashed = scratch.file("crashed.sqlite")
        // A small page cache makes SQLite spill the open transaction's pages into the WAL file.
        let database = try Database(path: path, options: .init(pageCacheKiB: 64))
        try await database.write { connection in
            try connection.execute("CREATE TABLE statement (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
        }
        for number in 0..<10 {
            try await database.write { connection in
                try connection.run("INSERT INTO statement (body) VALUES (?)", .text("committed \(number)"))
            }
        }
        let walBeforeCrash = ScratchDirectory.size(of: path + "-wal")

        await #expect(throws: PlannedFailure.self) {
            try await database.write { connection in
                let insert = try connection.prepare("INSERT INTO statement (body) VALUES (?)")
                for _ in 0..<3000 {
                    try insert.run(.text(String(repeating: "u", count: 1000)))
                }
                // Killing the process now would leave exactly these files on disk: copy them as it would.
                try FileManager.default.copyItem(atPath: path, toPath: crashed)
                try FileManager.default.copyItem(atPath: path + "-wal", toPath: crashed + "-wal")
                throw PlannedFailure(tag: 0)
            }
        }
        let walAtCrash = ScratchDirectory.size(of: crashed + "-wal")
        #expect(walAtCrash > walBeforeCrash + 1_000_000, "the uncommitted rows must have reached the WAL file")

        let recovered = try Database(path: crashed, options: .init(runsQuickCheckOnOpen: true))
        let bodies = try await recovered.read { connection in
            try connection.query("SELECT body FROM statement ORDER BY id").compactMap { $0[0].textValue }
        }
        #expect(bodies == (0..<10).map { "committed \($0)" })
        #expect(try await database.read { try $0.query("SELECT count(*) FROM statement").first?[0] } == 10)
    }

    @Test("refuses a damaged file when the quick check on open is asked for")
    func quickCheckFindsDamage() async throws {
        let scratch = try ScratchDirectory()
        let path = scratch.file("store.sqlite")
        let database = try Database(path: path)
        try await database.write { connection in
            try connection.execute("CREATE TABLE statement (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
            try connection.execute("CREATE INDEX statement_body ON statement (body)")
            let insert = try connection.prepare("INSERT INTO statement (body) VALUES (?)")
            for number in 0..<2000 {
                try insert.run(.text("statement body number \(number)"))
            }
        }
        let checkpoint = try await database.maintenance { connection in
            try connection.query("PRAGMA wal_checkpoint(TRUNCATE)").first?.values
        }
        #expect(checkpoint?.first == .integer(0), "the checkpoint must not be blocked")
        await database.close()
        #expect(ScratchDirectory.size(of: path + "-wal") == 0)

        // Overwrite the middle of the file (b-tree pages, not the header) with garbage.
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        let size = try handle.seekToEnd()
        try handle.seek(toOffset: size / 2)
        handle.write(Data(repeating: 0xA5, count: 8192))
        try handle.close()

        let error = #expect(throws: DatabaseError.self) {
            _ = try Database(path: path, options: .init(runsQuickCheckOnOpen: true))
        }
        #expect(error?.code == .integrityCheckFailed)
        #expect(error?.message.contains("quick_check") == true)
    }
}
