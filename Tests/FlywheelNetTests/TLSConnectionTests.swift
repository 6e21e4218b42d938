import FlywheelNet
import Testing

@Suite("TLSConnection")
struct TLSConnectionTests {
    @Test("echoes a message over mutual TLS 1.3 and each side sees the other's identity")
    func echoRoundTrip() async throws {
        let fixture = try await ServerFixture()
        let server = fixture.server
        let (client, recorder) = try await fixture.connectRecording()
        client.write(Array("hello ledger".utf8))

        #expect(await eventually { recorder.byteCount == 12 })
        #expect(String(decoding: recorder.bytes, as: UTF8.self) == "hello ledger")
        #expect(client.peer == PeerIdentity(service: "ledger"))
        #expect(client.peer.dnsName == "ledger.mesh.flywheel")
        #expect(client.tlsVersion == "TLSv1.3")
        let accepted = try #require(server.connections.first?.0)
        #expect(accepted.peer.service == "billing")
        #expect(accepted.tlsVersion == "TLSv1.3")
        #expect(accepted.remoteAddress == client.localAddress)

        client.close()
        #expect(await eventually { recorder.closeCount == 1 && server.connections.first?.1.closeCount == 1 })
        #expect(recorder.closeError == nil)
        #expect(server.connections.first?.1.closeError == nil)
        await fixture.shutdown()
    }

    @Test("keeps bytes that arrive before start(handler:) and delivers them once started")
    func bytesBeforeStart() async throws {
        let certificates = try await CertificateFixture.shared()
        let group = try EventLoopGroup(loopCount: 2)
        let listener = try TCPListener(
            host: "127.0.0.1", port: 0, tls: try certificates.context("ledger"), group: group,
            onConnection: { connection in
                connection.write(Array("welcome".utf8))
                connection.start(handler: Recorder())
            },
            onRefusal: { _ in })
        let client = try await TLSConnection.connect(
            host: "127.0.0.1", port: listener.localPort, expectedService: "ledger",
            tls: try certificates.context("billing"), loop: group.next())
        // Give the greeting time to reach the client's socket before anyone reads it.
        try await Task.sleep(for: .milliseconds(100))

        let recorder = Recorder()
        client.start(handler: recorder)
        #expect(await eventually { recorder.byteCount == 7 })
        #expect(String(decoding: recorder.bytes, as: UTF8.self) == "welcome")
        await group.shutdown()
    }

    @Test("delivers an 8 MiB write intact however the reads split it")
    func largeWrite() async throws {
        let fixture = try await ServerFixture()
        let (client, recorder) = try await fixture.connectRecording()

        var generator = SystemRandomNumberGenerator()
        let size = 8 << 20
        var payload = [UInt8](repeating: 0, count: size)
        for index in stride(from: 0, to: size, by: 8) {
            withUnsafeBytes(of: generator.next() as UInt64) { word in
                for offset in 0..<8 { payload[index + offset] = word[offset] }
            }
        }
        // One huge write, then many small ones of odd sizes, all queued before the loop flushes.
        client.write(Array(payload[..<(size / 2)]))
        var offset = size / 2
        var chunk = 1
        while offset < size {
            let end = min(size, offset + chunk)
            client.write(Array(payload[offset..<end]))
            offset = end
            chunk = chunk * 7 % 65_521 + 1
        }

        #expect(await eventually(within: .seconds(60)) { recorder.byteCount >= size })
        #expect(recorder.byteCount == size)
        #expect(recorder.bytes == payload)
        #expect(await eventually { client.bufferedWriteBytes == 0 })
        await fixture.shutdown()
    }

    @Test("serves many connections at once, each getting its own bytes back")
    func manyConnections() async throws {
        let certificates = try await CertificateFixture.shared()
        let group = try EventLoopGroup(loopCount: 2)
        let server = try RecordingServer(tls: try certificates.context("ledger"), group: group)
        let clientTLS = try certificates.context("billing")
        let count = 64

        let results = try await withThrowingTaskGroup(of: Bool.self) { tasks in
            for index in 0..<count {
                tasks.addTask {
                    let client = try await TLSConnection.connect(
                        host: "127.0.0.1", port: server.port, expectedService: "ledger", tls: clientTLS,
                        loop: group.next())
                    let recorder = Recorder()
                    client.start(handler: recorder)
                    let message = Array("connection \(index) ".utf8) + [UInt8](repeating: UInt8(index), count: 5000)
                    client.write(message)
                    let echoed = await eventually { recorder.byteCount >= message.count }
                    client.close()
                    return echoed && recorder.bytes == message
                }
            }
            var results: [Bool] = []
            for try await result in tasks { results.append(result) }
            return results
        }
        #expect(results.count == count)
        #expect(results.allSatisfy { $0 })
        #expect(server.connections.count == count)
        #expect(server.refusals.isEmpty)
        await group.shutdown()
    }

    @Test("tells a handler once the write buffer drains below the low-water mark")
    func writableNotification() async throws {
        let fixture = try await ServerFixture(echo: false)
        let server = fixture.server
        let (client, recorder) = try await fixture.connectRecording(lowWaterMark: 1024)
        client.write([UInt8](repeating: 7, count: 4 << 20))

        #expect(await eventually { recorder.state.withLock { $0.writableCount } == 1 })
        #expect(client.bufferedWriteBytes < 1024)
        #expect(await eventually { server.connections.first?.1.byteCount == 4 << 20 })
        await fixture.shutdown()
    }

    @Test("reports a refused TCP connection with the address")
    func connectionRefused() async throws {
        let certificates = try await CertificateFixture.shared()
        let group = try EventLoopGroup(loopCount: 1)
        // Bind a port, then close it, so that nothing listens there.
        let listener = try TCPListener(
            host: "127.0.0.1", port: 0, tls: try certificates.context("ledger"), group: group,
            onConnection: { _ in }, onRefusal: { _ in })
        let port = listener.localPort
        listener.close()
        #expect(await eventually { !portAcceptsConnections(port) })

        let error = await #expect(throws: NetError.self) {
            _ = try await TLSConnection.connect(
                host: "127.0.0.1", port: port, expectedService: "ledger", tls: try certificates.context("billing"),
                loop: group.next())
        }
        #expect(error?.code == .connectionRefused)
        #expect(error?.message == "connection refused by 127.0.0.1:\(port)")
        await group.shutdown()
    }

    @Test("times out connecting to a server that never answers the handshake")
    func connectTimeout() async throws {
        let certificates = try await CertificateFixture.shared()
        let group = try EventLoopGroup(loopCount: 1)
        // The kernel completes the TCP connect into the backlog, but nobody ever accepts or replies.
        let silent = try #require(SilentListener())
        defer { silent.close() }

        let error = await #expect(throws: NetError.self) {
            _ = try await TLSConnection.connect(
                host: "127.0.0.1", port: silent.port, expectedService: "ledger",
                tls: try certificates.context("billing"), loop: group.next(), timeout: .milliseconds(200))
        }
        #expect(error?.code == .timedOut)
        #expect(error?.message.hasPrefix("connecting to ledger at 127.0.0.1:\(silent.port) timed out") == true)
        await group.shutdown()
    }

    @Test("closes every connection with an error and stops the threads when the loops shut down")
    func shutdownClosesEverything() async throws {
        let certificates = try await CertificateFixture.shared()
        let serverGroup = try EventLoopGroup(loopCount: 2)
        let clientGroup = try EventLoopGroup(loopCount: 1)
        let server = try RecordingServer(tls: try certificates.context("ledger"), group: serverGroup)
        var clients: [Recorder] = []
        for _ in 0..<4 {
            let client = try await TLSConnection.connect(
                host: "127.0.0.1", port: server.port, expectedService: "ledger",
                tls: try certificates.context("billing"), loop: clientGroup.next())
            let recorder = Recorder()
            client.start(handler: recorder)
            clients.append(recorder)
        }
        #expect(await eventually { server.connections.count == 4 })

        await serverGroup.shutdown()

        let accepted = server.connections.map(\.1)
        #expect(accepted.allSatisfy { $0.closeCount == 1 })
        #expect(accepted.allSatisfy { $0.closeError?.code == .eventLoopShutdown })
        #expect(serverGroup.loops.allSatisfy { !$0.isRunning })
        #expect(serverGroup.loops.allSatisfy { !$0.execute {} })
        #expect(!portAcceptsConnections(server.port))
        // The clients' loop is still running, and sees each socket closed by the server's shutdown.
        #expect(await eventually { clients.allSatisfy { $0.closeCount == 1 } })
        #expect(clients.allSatisfy { $0.closeError?.code == .connectionReset })
        await clientGroup.shutdown()
        #expect(!clientGroup.loops[0].isRunning)
    }
}
