import FlywheelContracts
import FlywheelIngest
import FlywheelRPC
import FlywheelXAPI
import Testing

@Suite("Voiding")
struct VoidingTests {
    @Test("a voided statement leaves queries and Get, stays reachable by voided Get, and its voiding is returned")
    func voidingHidesTarget() async throws {
        let fixture = try IngestFixture()
        let target = Statements.make()
        let targetID = try #require(target["id"]?.stringValue)
        let keeper = Statements.make()
        try await fixture.store([target, keeper])
        let voiding = Statements.voiding(targetID)
        let voidingID = try #require(voiding["id"]?.stringValue)
        try await fixture.store([voiding])

        let all = try await fixture.ids(.init())
        #expect(all == [voidingID, keeper["id"]?.stringValue ?? ""])
        await #expect {
            _ = try await fixture.gateway.getStatement(.init(id: targetID))
        } throws: { isRPCError($0, .notFound) }
        let voided = try #require(try await fixture.gateway.getStatement(.init(id: targetID, voided: true)).statement)
        #expect(voided.voided)
        #expect(voided.id == targetID)
        await #expect {
            _ = try await fixture.gateway.getStatement(.init(id: voidingID, voided: true))
        } throws: { isRPCError($0, .notFound) }
        #expect(try await fixture.gateway.stats(.init()).voidedCount == 1)
        await fixture.close()
    }

    @Test("a voiding statement cannot itself be voided")
    func voidingCannotBeVoided() async throws {
        let fixture = try IngestFixture()
        let target = Statements.make()
        let targetID = try #require(target["id"]?.stringValue)
        let voiding = Statements.voiding(targetID)
        let voidingID = try #require(voiding["id"]?.stringValue)
        try await fixture.store([target, voiding])
        try await fixture.store([Statements.voiding(voidingID)])

        let stillThere = try await fixture.gateway.getStatement(.init(id: voidingID)).statement
        #expect(stillThere?.voided == false)
        #expect(try await fixture.gateway.stats(.init()).voidedCount == 1)
        await fixture.close()
    }

    @Test("voiding an already voided statement keeps it voided and counts it once")
    func voidingTwice() async throws {
        let fixture = try IngestFixture()
        let target = Statements.make()
        let targetID = try #require(target["id"]?.stringValue)
        try await fixture.store([target, Statements.voiding(targetID)])
        try await fixture.store([Statements.voiding(targetID)])
        #expect(try await fixture.gateway.getStatement(.init(id: targetID, voided: true)).statement?.voided == true)
        #expect(try await fixture.gateway.stats(.init()).voidedCount == 1)
        await fixture.close()
    }

    @Test("a voiding statement whose target is missing is accepted, and the target arrives voided")
    func missingTarget() async throws {
        let fixture = try IngestFixture()
        let targetID = Statements.newID()
        let voiding = try await fixture.store([Statements.voiding(targetID)])
        #expect(voiding.storedCount == 1)

        try await fixture.store([Statements.make(id: targetID)])
        let target = try #require(try await fixture.gateway.getStatement(.init(id: targetID, voided: true)).statement)
        #expect(target.voided)
        #expect(try await fixture.ids(.init()) == voiding.ids)
        await fixture.close()
    }

    @Test("a statement voided in the same batch that stores it is voided")
    func sameBatch() async throws {
        let fixture = try IngestFixture()
        let target = Statements.make()
        let targetID = try #require(target["id"]?.stringValue)
        try await fixture.store([Statements.voiding(targetID), target])
        #expect(try await fixture.gateway.getStatement(.init(id: targetID, voided: true)).statement?.voided == true)
        await fixture.close()
    }
}
