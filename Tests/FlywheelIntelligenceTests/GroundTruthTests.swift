import FlywheelContracts
import FlywheelIntelligence
import FlywheelSimulation
import FlywheelXAPI
import Foundation
import Testing

@Suite("Ground truth")
struct GroundTruthTests {
    @Test("recovers every planted effect of 10 points or more and reports no null pair as effective")
    func recoversPlantedEffects() async throws {
        let learners = Int(ProcessInfo.processInfo.environment["FLYWHEEL_TRUTH_LEARNERS"] ?? "") ?? 3200
        let simulation = try Simulation(configuration: SimulationConfiguration(learners: learners, days: 365, seed: 7))
        let store = try IntelligenceStore()
        // Only the statements the analysis reads (results and completions): the full statement path is covered
        // by the exactly-once tests, and this keeps a debug run well under a minute.
        try await SimulatedFeed.apply(simulation, to: store, verbs: ["passed", "failed", "completed"])

        var departments: [String: Set<String>] = [:]
        for index in 0..<learners {
            let learner = simulation.learner(at: index)
            departments[learner.department.name, default: []].insert(learner.employeeID)
        }
        let audiences = departments.keys.sorted().map {
            EffectivenessAnalysis.Audience(name: "department=\($0)", members: departments[$0] ?? [])
        }
        let (estimates, _) = try await EffectivenessAnalysis().estimate(
            store: store, contentID: nil, outcomeID: nil, audiences: audiences)

        let catalogue = simulation.configuration.catalogue
        var planted: [String: PlantedEffect] = [:]
        for effect in catalogue.effects {
            guard let video = catalogue.video(effect.videoSlug), let course = catalogue.course(effect.courseSlug)
            else { continue }
            let key = [catalogue.videoID(video), catalogue.assessmentID(course), "department=\(effect.segment.name)"]
            planted[key.joined(separator: " ")] = effect
        }
        var nullPairs = 0
        var falseReports: [String] = []
        for estimate in estimates {
            let key = [estimate.contentID, estimate.outcomeID, estimate.segment].joined(separator: " ")
            let truth = planted[key]?.effectPoints ?? 0
            if let effect = planted[key] {
                print(
                    "planted \(effect.id) \(effect.kind): \(truth) points; measured \(rounded(estimate.effectPoints)) "
                        + "[\(rounded(estimate.intervalLowPoints)), \(rounded(estimate.intervalHighPoints))], naive "
                        + "\(rounded(estimate.naiveEffectPoints)), n=\(estimate.exposed)+\(estimate.unexposed), "
                        + "\(estimate.verdict)")
            }
            if truth >= 10 {
                #expect(estimate.effectPoints > 0, "\(key): wrong sign")
                #expect(
                    estimate.intervalLowPoints <= truth && truth <= estimate.intervalHighPoints,
                    "\(key): \(truth) outside the interval")
                #expect(estimate.verdict == "improves", "\(key): \(estimate.verdict)")
            } else if truth == 0 {
                nullPairs += 1
                if estimate.verdict == "improves" || estimate.verdict == "worsens" {
                    falseReports.append("\(key): \(rounded(estimate.effectPoints)) \(estimate.verdict)")
                }
            }
        }
        print("null pairs: \(nullPairs), reported as effective: \(falseReports.count) \(falseReports)")
        for effect in catalogue.effects where effect.effectPoints >= 10 {
            #expect(
                estimates.contains { $0.segment == "department=\(effect.segment.name)" && $0.effectPoints > 0 },
                "\(effect.id) was not estimated")
        }
        #expect(nullPairs >= 20)
        #expect(falseReports.count * 20 <= nullPairs, "\(falseReports)")
        await store.close()
    }

    private func rounded(_ value: Double) -> String {
        String(format: "%.1f", value)
    }
}

/// Feeds a simulated organisation's statements into a store as the Feed would, without the RPC hop.
enum SimulatedFeed {
    /// Every statement of the run as Feed events, in learner order; with `verbs`, only statements whose verb IRI
    /// ends in one of them.
    static func events(_ simulation: Simulation, verbs: Set<String>? = nil) async -> [IngestV1.FeedEvent] {
        let learners = simulation.configuration.learners
        let halves = await withTaskGroup(of: (Int, [JSONValue]).self) { group in
            for half in 0..<2 {
                group.addTask {
                    var statements: [JSONValue] = []
                    for index in stride(from: half * learners / 2, to: (half + 1) * learners / 2, by: 1) {
                        statements += simulation.statements(forLearner: index).filter { statement in
                            guard let verbs else { return true }
                            let verb = statement["verb"]?["id"]?.stringValue?.split(separator: "/").last
                            return verb.map { verbs.contains(String($0)) } ?? false
                        }
                    }
                    return (half, statements)
                }
            }
            var halves: [(Int, [JSONValue])] = []
            for await half in group { halves.append(half) }
            return halves.sorted { $0.0 < $1.0 }.flatMap(\.1)
        }
        return IngestV1.FeedEvent.numbered(halves)
    }

    static func apply(_ simulation: Simulation, to store: IntelligenceStore, verbs: Set<String>? = nil) async throws {
        let events = await events(simulation, verbs: verbs)
        var start = 0
        while start < events.count {
            let end = min(events.count, start + 5000)
            try await store.apply(Array(events[start..<end]))
            start = end
        }
    }
}
