import FlywheelContracts
import FlywheelIngest
import FlywheelRPC
import FlywheelXAPI
import Testing

@Suite("Storing statements")
struct StoreStatementsTests {
    @Test("a batch is stored in order with strictly increasing sequences and stored times")
    func storesInOrder() async throws {
        let fixture = try IngestFixture()
        let statements = (0..<5).map { _ in Statements.make() }
        let answer = try await fixture.store(statements)

        #expect(answer.ids == statements.map { $0["id"]?.stringValue ?? "" })
        #expect(answer.storedCount == 5)
        var previous: IngestV1.StoredStatement?
        for id in answer.ids {
            let stored = try #require(try await fixture.gateway.getStatement(.init(id: id)).statement)
            if let previous {
                #expect(stored.sequence > previous.sequence)
                #expect(stored.storedMicros > previous.storedMicros)
            }
            previous = stored
        }
        #expect(previous?.sequence == answer.lastSequence)
        await fixture.close()
    }

    @Test("stored is set to microseconds matching stored_micros, and timestamp defaults to it")
    func storedAndTimestamp() async throws {
        let fixture = try IngestFixture()
        let withTime = Statements.make(extra: [("timestamp", "2026-01-02T03:04:05.678Z")])
        let withoutTime = Statements.make()
        let answer = try await fixture.store([withTime, withoutTime])

        let first = try #require(try await fixture.gateway.getStatement(.init(id: answer.ids[0])).statement)
        let second = try #require(try await fixture.gateway.getStatement(.init(id: answer.ids[1])).statement)
        let stored = try #require(second.parsed["stored"]?.stringValue)
        let parsedStored = try #require(XAPITimestamp.parse(stored))
        #expect(parsedStored.epochSeconds * 1_000_000 + Int64(parsedStored.nanoseconds / 1000) == second.storedMicros)
        #expect(second.parsed["timestamp"]?.stringValue == stored)
        #expect(first.parsed["timestamp"]?.stringValue == "2026-01-02T03:04:05.678Z")
        #expect(first.parsed["authority"] == Statements.agent("lrs-authority"))
        #expect(first.parsed["version"] == "1.0.0")
        await fixture.close()
    }

    @Test("an identical statement sent again is acknowledged and not stored twice")
    func idempotent() async throws {
        let fixture = try IngestFixture()
        let statement = Statements.make()
        let first = try await fixture.store([statement])
        let again = try await fixture.store([statement, Statements.make()])

        #expect(again.ids.first == first.ids.first)
        #expect(again.storedCount == 1)
        let stats = try await fixture.gateway.stats(.init())
        #expect(stats.statementCount == 2)
        let stored = try #require(try await fixture.gateway.getStatement(.init(id: first.ids[0])).statement)
        #expect(stored.sequence == first.lastSequence)
        await fixture.close()
    }

    @Test("a different statement under a stored id fails the whole batch with ALREADY_EXISTS naming the id")
    func conflictFailsBatch() async throws {
        let fixture = try IngestFixture()
        let id = Statements.newID()
        try await fixture.store([Statements.make(id: id, verb: Statements.completed)])
        let fresh = Statements.make()
        let freshID = try #require(fresh["id"]?.stringValue)

        await #expect {
            _ = try await fixture.store([fresh, Statements.make(id: id, verb: Statements.attempted)])
        } throws: { error in
            isRPCError(error, .alreadyExists) && (error as? RPCError)?.message.contains(id) == true
        }
        await #expect {
            _ = try await fixture.gateway.getStatement(.init(id: freshID))
        } throws: { isRPCError($0, .notFound) }
        #expect(try await fixture.gateway.stats(.init()).statementCount == 1)
        await fixture.close()
    }

    @Test("identical duplicates inside one batch are stored once; different ones are INVALID_ARGUMENT")
    func duplicatesInBatch() async throws {
        let fixture = try IngestFixture()
        let statement = Statements.make()
        let id = try #require(statement["id"]?.stringValue)
        let answer = try await fixture.store([statement, Statements.make(), statement])
        #expect(answer.ids.count == 3)
        #expect(answer.ids[0] == id && answer.ids[2] == id)
        #expect(answer.storedCount == 2)

        let other = Statements.newID()
        let bystander = Statements.make()
        await #expect {
            _ = try await fixture.store([
                bystander, Statements.make(id: other), Statements.make(id: other, verb: Statements.attempted),
            ])
        } throws: { isRPCError($0, .invalidArgument) }
        #expect(try await fixture.gateway.stats(.init()).statementCount == 2)
        await fixture.close()
    }

    @Test("bytes that are not a statement object with an id are INVALID_ARGUMENT naming their position")
    func malformed() async throws {
        let fixture = try IngestFixture()
        await #expect {
            _ = try await fixture.gateway.storeStatements(
                .init(statements: [Statements.make().serialized(), Array("{\"actor\":".utf8)]))
        } throws: { error in
            isRPCError(error, .invalidArgument) && (error as? RPCError)?.message.contains("statement 1") == true
        }
        await #expect {
            _ = try await fixture.gateway.storeStatements(.init(statements: [Array(#"{"verb":{}}"#.utf8)]))
        } throws: { isRPCError($0, .invalidArgument) }
        #expect(try await fixture.gateway.stats(.init()).statementCount == 0)
        await fixture.close()
    }

    @Test("concurrent small batches all commit, each acknowledged after its commit")
    func concurrentBatches() async throws {
        let fixture = try IngestFixture()
        let ids = try await withThrowingTaskGroup(of: [String].self) { group in
            for _ in 0..<20 {
                group.addTask {
                    var ids: [String] = []
                    for _ in 0..<10 { ids += try await fixture.store([Statements.make()]).ids }
                    return ids
                }
            }
            var all: [String] = []
            for try await ids in group { all += ids }
            return all
        }
        #expect(Set(ids).count == 200)
        let stats = try await fixture.gateway.stats(.init())
        #expect(stats.statementCount == 200)
        #expect(stats.lastSequence == 200)
        await fixture.close()
    }
}
