import FlywheelIngest
import Testing

@Suite("Ingest benchmark")
struct IngestBenchmarkTests {
    @Test("the benchmark measures the raw baseline and every batch and caller shape with the counts asked for")
    func smallRun() async throws {
        let results = try await IngestBenchmark.run(statements: 400, singleStatementLimit: 40)
        #expect(results.map(\.method).first == "raw sqlite3")
        #expect(results.count == 1 + IngestBenchmark.shapes.count)
        #expect(results.dropFirst().map(\.batch) == IngestBenchmark.shapes.map(\.batch))
        #expect(results.dropFirst().map(\.callers) == IngestBenchmark.shapes.map(\.callers))
        #expect(results.map(\.statements) == [400, 40, 400, 400, 400, 400])
        #expect(results.allSatisfy { $0.statementsPerSecond > 0 })
    }
}
