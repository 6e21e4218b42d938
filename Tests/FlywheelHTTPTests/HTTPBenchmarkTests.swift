import Testing

@testable import FlywheelHTTP

@Suite("Benchmark driver", .timeLimit(.minutes(1)))
struct HTTPBenchmarkTests {
    @Test("counts every request of every client as completed against a healthy server")
    func countsRequests() async throws {
        let result = try await HTTPBenchmark.run(clients: 3, requestsPerClient: 40)
        #expect(result.clients == 3)
        #expect(result.completedRequests == 120)
        #expect(result.failedRequests == 0)
        #expect(result.requestsPerSecond > 0)
    }
}
