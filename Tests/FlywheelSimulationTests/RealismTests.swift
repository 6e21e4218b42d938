import FlywheelSimulation
import Testing

@Suite("Behaviour realism")
struct RealismTests {
    @Test("completion, first-attempt pass, scores, drop-off and weekend share fall in the configured ranges")
    func bands() async throws {
        let configuration = SimulationConfiguration(learners: 800, seed: 11)
        let tally = await StatementTally.of(try Simulation(configuration: configuration))
        let expected = configuration.behaviour.expected
        #expect(tally.enrolments > 2000)
        #expect(expected.courseCompletion.contains(tally.completionRate), "completion \(tally.completionRate)")
        #expect(expected.firstAttemptPass.contains(tally.firstAttemptPassRate), "pass \(tally.firstAttemptPassRate)")
        #expect(expected.assessmentScoreMean.contains(tally.scoreMean), "score mean \(tally.scoreMean)")
        #expect(expected.assessmentScoreDeviation.contains(tally.scoreDeviation), "score sd \(tally.scoreDeviation)")
        #expect(expected.dropOff.contains(tally.dropOffRate), "drop-off \(tally.dropOffRate)")
        #expect(expected.weekendShare.contains(tally.weekendShare), "weekend \(tally.weekendShare)")
    }

    @Test("more drop-off in the behaviour model lowers course completion")
    func dropOffMatters() async throws {
        var behaviour = BehaviourModel()
        behaviour.dropOffChance = 0.3
        let heavy = await StatementTally.of(
            try Simulation(configuration: SimulationConfiguration(learners: 200, seed: 11, behaviour: behaviour)))
        let standard = await StatementTally.of(
            try Simulation(configuration: SimulationConfiguration(learners: 200, seed: 11)))
        #expect(heavy.dropOffRate > standard.dropOffRate + 0.15)
        #expect(heavy.completionRate < standard.completionRate)
    }
}
