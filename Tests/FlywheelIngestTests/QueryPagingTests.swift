import FlywheelContracts
import FlywheelIngest
import FlywheelRPC
import FlywheelXAPI
import Testing

@Suite("Query time bounds and paging")
struct QueryPagingTests {
    @Test("since is exclusive, until inclusive on stored; limit and ascending shape the page")
    func timeBounds() async throws {
        let fixture = try IngestFixture()
        var stored: [IngestV1.StoredStatement] = []
        for _ in 0..<10 {
            let id = try await fixture.store([Statements.make()]).ids[0]
            stored.append(try #require(try await fixture.gateway.getStatement(.init(id: id)).statement))
        }
        let ids = stored.map(\.id)

        let since = try await fixture.ids(.init(sinceMicros: stored[2].storedMicros, ascending: true))
        #expect(since == Array(ids[3...]))
        let until = try await fixture.ids(.init(untilMicros: stored[5].storedMicros, ascending: true))
        #expect(until == Array(ids[...5]))
        let between = try await fixture.ids(
            .init(sinceMicros: stored[2].storedMicros, untilMicros: stored[5].storedMicros))
        #expect(between == [ids[5], ids[4], ids[3]])
        let limited = try await fixture.ids(.init(limit: 3))
        #expect(limited == [ids[9], ids[8], ids[7]])
        let ascending = try await fixture.ids(.init(limit: 2, ascending: true))
        #expect(ascending == [ids[0], ids[1]])
        let empty = try await fixture.ids(.init(sinceMicros: stored[9].storedMicros))
        #expect(empty.isEmpty)
        await fixture.close()
    }

    @Test("a limit of 0 or above the maximum gives the server's maximum, with a cursor for the rest")
    func pageMaximum() async throws {
        let fixture = try IngestFixture(pageMaximum: 4)
        try await fixture.store((0..<10).map { _ in Statements.make() })
        let zero = try await fixture.gateway.queryStatements(.init())
        #expect(zero.statements.count == 4)
        #expect(!zero.nextCursor.isEmpty)
        #expect(try await fixture.gateway.queryStatements(.init(limit: 50)).statements.count == 4)
        #expect(try await fixture.allIDs(.init()).count == 10)
        await fixture.close()
    }

    @Test("walking cursors while statements arrive returns each statement present at the first page once")
    func cursorUnderConcurrentInserts() async throws {
        let fixture = try IngestFixture()
        // Every id stored so far, and whether its actor is "even".
        var stored: [(id: String, even: Bool)] = []
        for batch in 0..<6 {
            let statements = (0..<500).map { number in
                Statements.make(actor: Statements.agent(number % 2 == 0 ? "even" : "odd\(batch)"))
            }
            let ids = try await fixture.store(statements).ids
            stored += ids.enumerated().map { ($0.element, $0.offset % 2 == 0) }
        }

        for (ascending, agent) in [(false, ""), (true, ""), (false, Statements.agentKey("even"))] {
            let expected = Set(stored.filter { agent.isEmpty || $0.even }.map(\.id))
            var page = try await fixture.gateway.queryStatements(
                .init(agentKey: agent, limit: 97, ascending: ascending))
            let inserter = Task {
                var ids: [String] = []
                for _ in 0..<40 {
                    ids += try await fixture.store(
                        (0..<25).map { _ in Statements.make(actor: Statements.agent("even")) }
                    )
                    .ids
                }
                return ids
            }
            var seen = page.statements
            while !page.nextCursor.isEmpty {
                // One more batch between every two pages, so arrivals interleave with the walk for certain.
                let arrived = try await fixture.store([Statements.make(actor: Statements.agent("even"))]).ids
                stored += arrived.map { ($0, true) }
                page = try await fixture.gateway.queryStatements(.init(cursor: page.nextCursor))
                seen += page.statements
            }
            stored += try await inserter.value.map { ($0, true) }

            let seenIDs = seen.map(\.id)
            #expect(seenIDs.count == expected.count)
            #expect(Set(seenIDs).symmetricDifference(expected).isEmpty)
            let sequences = seen.map(\.sequence)
            #expect(sequences == (ascending ? sequences.sorted() : sequences.sorted(by: >)))
        }
        #expect(stored.count > 3000 + 3 * 1000)
        await fixture.close()
    }

    @Test("a cursor sent with other filters, or one this store never issued, is INVALID_ARGUMENT")
    func foreignCursor() async throws {
        let fixture = try IngestFixture()
        try await fixture.store((0..<5).map { _ in Statements.make() })
        let page = try await fixture.gateway.queryStatements(.init(verbID: Statements.completed, limit: 2))
        #expect(!page.nextCursor.isEmpty)

        let same = try await fixture.gateway.queryStatements(
            .init(verbID: Statements.completed, cursor: page.nextCursor))
        #expect(same.statements.count == 2)
        await #expect {
            _ = try await fixture.gateway.queryStatements(.init(verbID: Statements.attempted, cursor: page.nextCursor))
        } throws: { isRPCError($0, .invalidArgument) }
        await #expect {
            _ = try await fixture.gateway.queryStatements(.init(cursor: "not-a-cursor"))
        } throws: { isRPCError($0, .invalidArgument) }
        await fixture.close()
    }

    @Test("consistent_through is never before the newest visible statement's stored time")
    func consistentThrough() async throws {
        let fixture = try IngestFixture()
        let empty = try await fixture.gateway.queryStatements(.init())
        #expect(empty.consistentThroughMicros > 0)
        let id = try await fixture.store([Statements.make()]).ids[0]
        let stored = try #require(try await fixture.gateway.getStatement(.init(id: id)).statement)
        let answer = try await fixture.gateway.queryStatements(.init(verbID: "https://example.com/none"))
        #expect(answer.statements.isEmpty)
        #expect(answer.consistentThroughMicros >= stored.storedMicros)
        await fixture.close()
    }
}
