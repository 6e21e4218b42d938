import FlywheelNet

/// A recording server with one service's certificate on an event loop group of its own, and clients of it
/// that expect the "ledger" service.
struct ServerFixture {
    let certificates: CertificateFixture
    let group: EventLoopGroup
    let server: RecordingServer

    init(
        service: String = "ledger", loops: Int = 2, echo: Bool = true, handshakeTimeout: Duration = .seconds(10)
    ) async throws {
        certificates = try await CertificateFixture.shared()
        group = try EventLoopGroup(loopCount: loops)
        server = try RecordingServer(
            tls: try certificates.context(service), group: group, echo: echo, handshakeTimeout: handshakeTimeout)
    }

    /// Connects with a service's certificate or, given `leaf`, one of the fixture's special leaves.
    func connect(as service: String = "billing", leaf: String? = nil) async throws -> TLSConnection {
        let tls = try leaf.map { try certificates.context(leaf: $0) } ?? certificates.context(service)
        return try await TLSConnection.connect(
            host: "127.0.0.1", port: server.port, expectedService: "ledger", tls: tls, loop: group.next())
    }

    /// Connects as "billing" and records what the connection reads.
    func connectRecording(lowWaterMark: Int = 64 * 1024) async throws -> (TLSConnection, Recorder) {
        let client = try await connect()
        let recorder = Recorder()
        client.start(handler: recorder, lowWaterMark: lowWaterMark)
        return (client, recorder)
    }

    func shutdown() async {
        await group.shutdown()
    }
}
