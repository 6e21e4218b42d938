import FlywheelSimulation
import FlywheelXAPI
import Foundation
import Testing

@Suite("Generated statements")
struct SimulationOutputTests {
    private func ndjson(seed: UInt64, learners: Int = 25, version: XAPIVersion = .v1_0_3) throws -> [UInt8] {
        let simulation = try Simulation(
            configuration: SimulationConfiguration(learners: learners, seed: seed, version: version))
        var bytes: [UInt8] = []
        simulation.forEachLearner { _, _, lines in bytes += lines }
        return bytes
    }

    @Test("the same seed gives byte-identical NDJSON and a different seed does not")
    func determinism() throws {
        let first = try ndjson(seed: 42)
        let again = try ndjson(seed: 42)
        let other = try ndjson(seed: 43)
        #expect(first.count > 10_000)
        #expect(first == again)
        #expect(first != other)
    }

    @Test("the NDJSON file written twice with one configuration is byte-identical")
    func fileDeterminism() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("simulate-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let simulation = try Simulation(configuration: SimulationConfiguration(learners: 12, seed: 5))
        let first = folder.appendingPathComponent("a.ndjson").path
        let second = folder.appendingPathComponent("b.ndjson").path
        let count = try simulation.writeNDJSON(to: first)
        try simulation.writeNDJSON(to: second)
        let firstBytes = try #require(FileManager.default.contents(atPath: first))
        #expect(count > 500)
        #expect(firstBytes == FileManager.default.contents(atPath: second))
        #expect(firstBytes.filter { $0 == 0x0A }.count == count)
    }

    @Test(
        "every statement parsed back from NDJSON passes the validator for its version",
        arguments: [
            XAPIVersion.v1_0_3, XAPIVersion.v2_0_0,
        ])
    func validity(version: XAPIVersion) throws {
        let bytes = try ndjson(seed: 9, learners: 20, version: version)
        let validator = StatementValidator(version: version)
        var checked = 0
        var failures: [String] = []
        for line in bytes.split(separator: 0x0A) {
            let statement = try JSONValue.parse(line)
            checked += 1
            if let problem = validator.violations(in: statement).first, failures.count < 5 {
                failures.append("\(problem)")
            }
            if version.isVersion2 { #expect(statement["version"] == "2.0.0") }
        }
        #expect(checked >= 2000)
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test("statements use ADL and video-profile verbs and carry registrations and context activities")
    func vocabulary() throws {
        let simulation = try Simulation(configuration: SimulationConfiguration(learners: 10, seed: 2))
        let statements = (0..<10).flatMap { simulation.statements(forLearner: $0) }
        let verbs = Set(statements.compactMap { $0["verb"]?["id"]?.stringValue })
        for name in [
            "launched", "initialized", "completed", "answered", "passed", "failed", "terminated", "progressed",
        ] {
            #expect(verbs.contains("http://adlnet.gov/expapi/verbs/" + name), "missing \(name)")
        }
        #expect(verbs.contains("https://w3id.org/xapi/video/verbs/played"))
        #expect(
            verbs.allSatisfy {
                $0.hasPrefix("http://adlnet.gov/expapi/verbs/") || $0.hasPrefix("https://w3id.org/xapi/video/verbs/")
            })
        let answered = statements.filter { $0["verb"]?["id"] == "http://adlnet.gov/expapi/verbs/answered" }
        let interactionTypes = Set(answered.compactMap { $0["object"]?["definition"]?["interactionType"]?.stringValue })
        #expect(
            interactionTypes.isSuperset(of: ["choice", "true-false", "sequencing", "matching", "fill-in", "numeric"]))
        #expect(answered.allSatisfy { $0["context"]?["registration"] != nil })
        #expect(answered.allSatisfy { $0["context"]?["contextActivities"]?["parent"] != nil })
        let names = answered.first?["object"]?["definition"]?["name"]?.objectValue?.keys ?? []
        #expect(names == ["en-US", "de-DE", "fr-FR"])
    }

    @Test("timestamps derive from the start date, not the clock")
    func timestampsFollowStart() throws {
        let start = try CalendarDate(parsing: "2024-03-04")
        let simulation = try Simulation(
            configuration: SimulationConfiguration(learners: 10, days: 30, seed: 4, start: start))
        let times = (0..<10).flatMap { simulation.statements(forLearner: $0) }.compactMap {
            $0["timestamp"]?.stringValue.flatMap { XAPITimestamp.parse($0) }?.epochSeconds
        }
        let first = Int64(start.epochDay) * 86_400
        #expect(!times.isEmpty)
        // Offices east of UTC start their first morning on the evening before in UTC.
        #expect(times.allSatisfy { $0 >= first - 86_400 && $0 < first + 31 * 86_400 })
    }

    @Test("a learner's statements are in time order")
    func timeOrder() throws {
        let simulation = try Simulation(configuration: SimulationConfiguration(learners: 5, seed: 8))
        for index in 0..<5 {
            let times = simulation.statements(forLearner: index).compactMap { $0["timestamp"]?.stringValue }
            #expect(times == times.sorted())
        }
    }
}
