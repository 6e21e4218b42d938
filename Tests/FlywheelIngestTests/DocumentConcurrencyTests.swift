import FlywheelContracts
import FlywheelIngest
import FlywheelRPC
import FlywheelXAPI
import Testing

@Suite("Document store under concurrent conditional writes")
struct DocumentConcurrencyTests {
    /// What one writer of a round saw.
    enum Outcome: Sendable, Equatable {
        case won(etag: String)
        case refused
        case failed(String)
    }

    @Test("many tasks writing one document with the same If-Match: exactly one wins each round")
    func oneWinnerPerRound() async throws {
        let fixture = try DocumentsFixture()
        let key = Keys.activityProfile("counter")
        var etag = try await fixture.put(key, #"{"round":0}"#.bytes).etag
        let writers = 12
        for round in 1...8 {
            let expected = etag
            let outcomes = await withTaskGroup(of: Outcome.self) { group in
                for writer in 0..<writers {
                    group.addTask {
                        do {
                            let content = #"{"round":\#(round),"writer":\#(writer)}"#.bytes
                            let put = try await fixture.put(key, content, ifMatch: expected)
                            return .won(etag: put.etag)
                        } catch let error as RPCError where error.code == .failedPrecondition {
                            return .refused
                        } catch {
                            return .failed("\(error)")
                        }
                    }
                }
                var outcomes: [Outcome] = []
                for await outcome in group { outcomes.append(outcome) }
                return outcomes
            }
            let winners = outcomes.compactMap { outcome -> String? in
                if case .won(let etag) = outcome { return etag }
                return nil
            }
            #expect(winners.count == 1, "round \(round): \(outcomes)")
            #expect(outcomes.filter { $0 == .refused }.count == writers - 1, "round \(round): \(outcomes)")
            let stored = try await fixture.get(key)
            #expect(stored.etag == winners.first)
            #expect(try JSONValue.parse(stored.content)["round"] == .number(JSONNumber(Int64(round))))
            etag = stored.etag
        }
        await fixture.close()
    }

    @Test("concurrent merges of distinct members into one document all land")
    func concurrentMerges() async throws {
        let fixture = try DocumentsFixture()
        let key = Keys.state("merged")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<20 {
                group.addTask {
                    try await fixture.put(key, #"{"k\#(index)":\#(index)}"#.bytes, mode: .merge)
                }
            }
            try await group.waitForAll()
        }
        let merged = try #require(try await fixture.json(key).objectValue)
        #expect(Set(merged.keys) == Set((0..<20).map { "k\($0)" }))
        await fixture.close()
    }
}
