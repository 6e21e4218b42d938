import FlywheelSimulation
import Testing

@Suite("Planted effects")
struct PlantedEffectTests {
    @Test("planted pairs show their size, null pairs about zero, the confounded pair more than its cause")
    func effectsAreInTheData() async throws {
        let simulation = try Simulation(configuration: SimulationConfiguration(learners: 5000, seed: 2026))
        let tally = await StatementTally.of(simulation)
        for effect in simulation.configuration.catalogue.effects {
            let comparison = try #require(tally.comparisons[effect.id])
            let difference = comparison.differencePoints
            let error = comparison.standardErrorPoints
            let label = "\(effect.id): \(difference) ± \(error) (n=\(comparison.exposed)/\(comparison.unexposed))"
            #expect(comparison.exposed > 150 && comparison.unexposed > 150, "\(label)")
            switch effect.kind {
            case .causal, .null:
                // Within 3.5 standard errors of the planted size.
                #expect(abs(difference - effect.effectPoints) < 3.5 * error, "\(label)")
            case .confounded:
                #expect(difference > effect.effectPoints + 3 * error, "\(label)")
            }
        }
    }
}
