import FlywheelContracts
import FlywheelIngest
import FlywheelRPC
import FlywheelXAPI
import Testing

@Suite("Feed")
struct FeedTests {
    /// Follows the Feed from `after`, storing `live` once `before` events have arrived, until `total` arrived.
    private func follow(
        _ fixture: IngestFixture, after: UInt64, before: Int, live: [JSONValue], total: Int,
        as identity: String = "intelligence"
    ) async throws -> [IngestV1.FeedEvent] {
        // The deadline only turns a broken Feed into a failure instead of a hang.
        try await fixture.client(as: identity).feed(
            .init(afterSequence: after), options: CallOptions(timeout: .seconds(30))
        ) { stream in
            var seen: [IngestV1.FeedEvent] = []
            if before == 0 { try await fixture.store(live) }
            for try await event in stream {
                seen.append(event)
                if seen.count == before { try await fixture.store(live) }
                if seen.count == total { break }
            }
            return seen
        }
    }

    @Test("from 0 the Feed sends every stored statement in sequence order, then live ones as they commit")
    func fromStart() async throws {
        let fixture = try IngestFixture()
        let early = try await fixture.store((0..<10).map { _ in Statements.make() }).ids
        let live = (0..<3).map { _ in Statements.make() }
        let events = try await follow(fixture, after: 0, before: 10, live: live, total: 13)

        #expect(events.map { $0.statement?.sequence ?? 0 } == Array(1...13))
        #expect(events.map { $0.statement?.id ?? "" } == early + live.map { $0["id"]?.stringValue ?? "" })
        #expect(events.allSatisfy { !($0.statement?.json.isEmpty ?? true) })
        await fixture.close()
    }

    @Test("from a middle sequence the Feed starts right after it")
    func fromMiddle() async throws {
        let fixture = try IngestFixture()
        try await fixture.store((0..<10).map { _ in Statements.make() })
        let events = try await follow(fixture, after: 6, before: 4, live: [Statements.make()], total: 5, as: "cli")
        #expect(events.map { $0.statement?.sequence ?? 0 } == [7, 8, 9, 10, 11])
        await fixture.close()
    }

    @Test("a Feed waiting at the end wakes for a statement stored later")
    func waitsAtEnd() async throws {
        let fixture = try IngestFixture()
        let events = try await follow(fixture, after: 0, before: 0, live: [Statements.make()], total: 1, as: "gateway")
        #expect(events.map { $0.statement?.sequence ?? 0 } == [1])
        await fixture.close()
    }

    @Test("the Feed marks voiding statements with the id they void")
    func voiding() async throws {
        let fixture = try IngestFixture()
        let target = Statements.make()
        let targetID = try #require(target["id"]?.stringValue)
        let voiding = Statements.voiding(targetID)
        try await fixture.store([target])
        let events = try await follow(fixture, after: 0, before: 1, live: [voiding], total: 2)

        #expect(events.map(\.voidedStatementID) == ["", targetID])
        #expect(events[1].statement?.id == voiding["id"]?.stringValue)
        await fixture.close()
    }
}
