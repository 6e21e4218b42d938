import FlywheelSimulation
import FlywheelXAPI
import Foundation
import Testing

@Suite("Seeded generator, calendar and progress line")
struct GeneratorTests {
    @Test("a seed always gives the same sequence and another seed a different one")
    func seeded() {
        var first = SeededGenerator(seed: 99)
        var again = SeededGenerator(seed: 99)
        var other = SeededGenerator(seed: 100)
        let a = (0..<8).map { _ in first.next() }
        #expect(a == (0..<8).map { _ in again.next() })
        #expect(a != (0..<8).map { _ in other.next() })
    }

    @Test("UUIDs drawn from the generator are valid version 4 UUIDs and do not repeat")
    func uuids() {
        var random = SeededGenerator(seed: 1)
        let ids = (0..<2000).map { _ in random.uuid() }
        #expect(ids.allSatisfy(XAPIFormat.isUUID))
        #expect(ids.allSatisfy { Array($0)[14] == "4" })
        #expect(Set(ids).count == ids.count)
    }

    @Test("uniform values average one half and normal values have unit spread")
    func distributions() {
        var random = SeededGenerator(seed: 7)
        let uniform = (0..<20_000).map { _ in random.unit() }
        let normal = (0..<20_000).map { _ in random.normal() }
        let mean = normal.reduce(0, +) / 20_000
        let variance = normal.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 20_000
        #expect(abs(uniform.reduce(0, +) / 20_000 - 0.5) < 0.01)
        #expect(uniform.allSatisfy { $0 >= 0 && $0 < 1 })
        #expect(abs(mean) < 0.03)
        #expect(abs(variance - 1) < 0.05)
    }

    @Test("start dates parse to the right epoch day and bad dates are refused")
    func calendar() throws {
        #expect(try CalendarDate(parsing: "1970-01-01").epochDay == 0)
        #expect(try CalendarDate(parsing: "2026-01-05").epochDay == 20_458)
        #expect(try CalendarDate(parsing: "2024-02-29").description == "2024-02-29")
        #expect(throws: SimulationError.self) { try CalendarDate(parsing: "2025-02-29") }
        #expect(throws: SimulationError.self) { try CalendarDate(parsing: "5 Jan 2026") }
    }

    @Test("the progress line shows percent, counts, rate and time left")
    func progressLine() {
        let line = RunProgress(learnersDone: 250, learnerTotal: 1000, statements: 48_000, elapsedSeconds: 10).bar(
            width: 20)
        #expect(line.hasPrefix("[#####---------------]  25%"))
        #expect(line.contains("250/1,000 learners"))
        #expect(line.contains("48,000 statements"))
        #expect(line.contains("4,800/s"))
        #expect(line.hasSuffix("ETA 0:30"))
    }

    @Test("a run's resident memory stays bounded while it streams")
    func memoryBound() throws {
        let result = try ResidentMemory.measure(SimulationConfiguration(seed: 5), statementCount: 60_000)
        #expect(result.statements >= 60_000)
        #expect(result.peakBytes > 0)
        // Generous: one learner's statements at a time should need far less than this.
        #expect(result.peakBytes - result.startBytes < 256 << 20)
    }
}
