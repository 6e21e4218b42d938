import FlywheelNet
import Testing

@Suite("TransportBenchmark")
struct TransportBenchmarkTests {
    @Test("completes every ping-pong round trip it was asked for")
    func completesRoundTrips() async throws {
        let certificates = try await CertificateFixture.shared()
        let group = try EventLoopGroup(loopCount: 2)
        let result = try await TransportBenchmark.pingPong(
            roundTrips: 500, server: try certificates.context("ledger"), client: try certificates.context("billing"),
            serverService: "ledger", group: group)
        #expect(result.roundTrips == 500)
        #expect(result.payloadSize == 100)
        #expect(result.seconds > 0)
        await group.shutdown()
    }
}
