import FlywheelContracts
import FlywheelIngest
import FlywheelRPC
import FlywheelXAPI
import Foundation
import Testing

@Suite("Access policy and reopening")
struct AccessAndDurabilityTests {
    @Test("only the gateway may store; cli may read but not store; other services may only read Stats")
    func accessPolicy() async throws {
        let fixture = try IngestFixture()
        let cli = fixture.client(as: "cli")
        await #expect {
            _ = try await cli.storeStatements(.init(statements: [Statements.make().serialized()]))
        } throws: { isRPCError($0, .permissionDenied) }
        #expect(try await fixture.gateway.stats(.init()).statementCount == 0)

        let id = try await fixture.store([Statements.make()]).ids[0]
        #expect(try await cli.getStatement(.init(id: id)).statement?.id == id)
        #expect(try await cli.queryStatements(.init()).statements.count == 1)

        let intelligence = fixture.client(as: "intelligence")
        await #expect {
            _ = try await intelligence.queryStatements(.init())
        } throws: { isRPCError($0, .permissionDenied) }
        await #expect {
            _ = try await intelligence.storeStatements(.init(statements: [Statements.make().serialized()]))
        } throws: { isRPCError($0, .permissionDenied) }
        #expect(try await fixture.client(as: "notification").stats(.init()).statementCount == 1)
        await fixture.close()
    }

    @Test("a store reopened after close keeps every statement, its sequence, voiding, and counts")
    func reopen() async throws {
        let first = try IngestFixture()
        let ids = try await first.store((0..<50).map { _ in Statements.make() }).ids
        try await first.store([Statements.voiding(ids[3])])
        let before = try await first.allIDs(.init(ascending: true))
        let sequences = try await first.gateway.queryStatements(.init(ascending: true)).statements.map(\.sequence)
        let lastStored = try #require(try await first.gateway.getStatement(.init(id: ids[49])).statement)
        await first.close(removing: false)

        let second = try IngestFixture(folder: first.folder)
        #expect(try await second.allIDs(.init(ascending: true)) == before)
        #expect(
            try await second.gateway.queryStatements(.init(ascending: true)).statements.map(\.sequence) == sequences)
        let stats = try await second.gateway.stats(.init())
        #expect(stats.statementCount == 51)
        #expect(stats.voidedCount == 1)
        #expect(stats.lastSequence == 51)
        #expect(try await second.gateway.getStatement(.init(id: ids[3], voided: true)).statement?.voided == true)

        let next = try await second.store([Statements.make()]).ids[0]
        let added = try #require(try await second.gateway.getStatement(.init(id: next)).statement)
        #expect(added.sequence == 52)
        #expect(added.storedMicros > lastStored.storedMicros)
        await second.close()
    }
}
