import FlywheelStore
import Testing

@Suite("Statement binding and columns")
struct StatementTests {
    static let schema = "CREATE TABLE item (i INTEGER, r REAL, t TEXT, b BLOB, n)"

    @Test("round-trips every type bound by index")
    func roundTripByIndex() async throws {
        let database = try Database.inMemory()
        let text = "héllo\u{0}wörld 🎓"
        let rows = try await database.write { connection in
            try connection.execute(Self.schema)
            let insert = try connection.prepare("INSERT INTO item VALUES (?, ?, ?, ?, ?)")
            try insert.bind(Int64.max, at: 1)
            try insert.bind(3.25, at: 2)
            try insert.bind(text, at: 3)
            try insert.bind([0, 255, 0, 7] as [UInt8], at: 4)
            try insert.bindNull(at: 5)
            #expect(try insert.step() == false)
            return try connection.query("SELECT i, r, t, b, n FROM item")
        }
        let row = try #require(rows.first)
        #expect(rows.count == 1)
        #expect(row.values == [.integer(Int64.max), .real(3.25), .text(text), .blob([0, 255, 0, 7]), .null])
        #expect(row["t"]?.textValue?.utf8.count == text.utf8.count)
    }

    @Test("round-trips every type bound by name, including empty text and empty bytes")
    func roundTripByName() async throws {
        let database = try Database.inMemory()
        let values = try await database.write { connection -> [DatabaseValue] in
            try connection.execute(Self.schema)
            let insert = try connection.prepare("INSERT INTO item VALUES (:i, :r, @t, $b, :n)")
            try insert.bind(Int64.min, named: ":i")
            try insert.bind(-0.5, named: ":r")
            try insert.bind("", named: "@t")
            try insert.bind([] as [UInt8], named: "$b")
            try insert.bindNull(named: ":n")
            try insert.step()
            let row = try #require(try connection.query("SELECT * FROM item").first)
            return row.values
        }
        #expect(values == [.integer(Int64.min), .real(-0.5), .text(""), .blob([]), .null])
    }

    @Test("reads columns through typed accessors and lends text and bytes without copying")
    func typedAccessors() async throws {
        let database = try Database.inMemory()
        let payload: [UInt8] = Array(0...200)
        let observed = try await database.write { connection in
            try connection.execute(Self.schema)
            let insert = try connection.prepare("INSERT INTO item VALUES (?, ?, ?, ?, ?)")
            try payload.withUnsafeBytes { try insert.bind($0, at: 4) }
            try insert.bind(42, at: 1)
            try insert.bind(1.5, at: 2)
            try insert.bind("statement", at: 3)
            try insert.step()

            var observed: [String] = []
            try connection.prepare("SELECT i, r, t, b, n FROM item").forEachRow { row in
                observed.append("\(row.int64(at: 0)) \(row.int(at: 0)) \(row.double(at: 1))")
                observed.append(row.string(at: 2) ?? "nil")
                observed.append(row.withText(at: 2) { "\($0.count) bytes" })
                observed.append(row.withBytes(at: 3) { "\($0.count) \($0.last ?? 0)" })
                observed.append("\(row.bytes(at: 3) == payload) \(row.isNull(at: 4)) \(row.string(at: 4) == nil)")
                observed.append("\(row.columnType(at: 0)) \(row.columnType(at: 3)) \(row.columnName(at: 2))")
            }
            return observed
        }
        #expect(
            observed == [
                "42 42 1.5", "statement", "9 bytes", "201 200", "true true true", "integer blob t",
            ])
    }

    @Test("runs with literal arguments and reports rowid and change count")
    func runWithArguments() async throws {
        let database = try Database.inMemory()
        let (firstID, secondID, changed, rows) = try await database.write { connection in
            try connection.execute("CREATE TABLE learner (id INTEGER PRIMARY KEY, name TEXT, score REAL)")
            try connection.run("INSERT INTO learner (name, score) VALUES (?, ?)", "Ada", 9.5)
            let firstID = connection.lastInsertRowID
            try connection.run("INSERT INTO learner (name, score) VALUES (?, ?)", "Grace", nil)
            let secondID = connection.lastInsertRowID
            try connection.run("UPDATE learner SET score = 1.0")
            return (
                firstID, secondID, connection.changes, try connection.query("SELECT name FROM learner ORDER BY id")
            )
        }
        #expect(firstID == 1)
        #expect(secondID == 2)
        #expect(changed == 2)
        #expect(rows.map { $0["name"]?.textValue } == ["Ada", "Grace"])
    }

    @Test("caches prepared statements by SQL text and gives a fresh one while the cached one is mid-query")
    func statementCache() async throws {
        let database = try Database.inMemory()
        let (sameWhenIdle, sameWhenBusy, nestedCount) = try await database.write { connection in
            try connection.execute("CREATE TABLE n (v INTEGER); INSERT INTO n VALUES (1), (2), (3);")
            let sql = "SELECT v FROM n ORDER BY v"
            let first = try connection.prepare(sql)
            let sameWhenIdle = first === (try connection.prepare(sql))
            var sameWhenBusy = true
            var nestedCount = 0
            try first.forEachRow { _ in
                let inner = try connection.prepare(sql)
                sameWhenBusy = sameWhenBusy && inner === first
                nestedCount += try inner.query().count
            }
            return (sameWhenIdle, sameWhenBusy, nestedCount)
        }
        #expect(sameWhenIdle)
        #expect(!sameWhenBusy)
        #expect(nestedCount == 9)
    }

    @Test("refuses to prepare several statements, a wrong argument count and an unknown parameter name")
    func preparationErrors() async throws {
        let database = try Database.inMemory()
        let errors = try await database.write { connection -> [DatabaseError] in
            try connection.execute("CREATE TABLE n (v INTEGER)")
            var errors: [DatabaseError] = []
            for attempt in [
                { _ = try connection.prepare("SELECT 1; SELECT 2") },
                { try connection.prepare("INSERT INTO n VALUES (?)").run(1, 2) },
                { try connection.prepare("INSERT INTO n VALUES (:v)").bind(1, named: ":missing") },
                { _ = try connection.prepare("SELEC nonsense") },
            ] as [() throws -> Void] {
                do {
                    try attempt()
                } catch let error as DatabaseError {
                    errors.append(error)
                }
            }
            return errors
        }
        #expect(errors.map(\.code) == [.misuse, .misuse, .misuse, .sqlite])
        #expect(errors.last?.sql == "SELEC nonsense")
        #expect(errors.last?.message.contains("syntax error") == true)
    }

    @Test("reports a constraint violation with SQLite's primary and extended codes and the SQL")
    func constraintError() async throws {
        let database = try Database.inMemory()
        let error = await #expect(throws: DatabaseError.self) {
            try await database.write { connection in
                try connection.execute("CREATE TABLE k (v TEXT UNIQUE); INSERT INTO k VALUES ('a');")
                try connection.run("INSERT INTO k VALUES (?)", "a")
            }
        }
        #expect(error?.isConstraintViolation == true)
        #expect(error?.resultCode == 19)
        #expect(error?.extendedResultCode == 2067)
        #expect(error?.sql == "INSERT INTO k VALUES (?)")
        #expect(error?.message.contains("UNIQUE") == true)
    }
}
