import FlywheelNet
import Testing

@Suite("TCPListener")
struct TCPListenerTests {
    @Test("refuses plain TCP sending an HTTP request and says so")
    func refusesPlainHTTP() async throws {
        let fixture = try await ServerFixture(loops: 1)
        let server = fixture.server

        #expect(await plainTCPExchange(port: server.port, sending: Array("GET / HTTP/1.1\r\n\r\n".utf8)))
        #expect(await eventually { server.refusals.count == 1 })
        let refusal = try #require(server.refusals.first)
        #expect(refusal.reason.contains("plain HTTP request"))
        #expect(refusal.error.code == .handshakeFailed)
        #expect(refusal.peerAddress.host == "127.0.0.1")
        #expect(server.connections.isEmpty)
        await fixture.shutdown()
    }

    @Test("refuses a client certificate issued by a foreign CA")
    func refusesForeignCA() async throws {
        let fixture = try await ServerFixture()
        let server = fixture.server

        let error = await #expect(throws: NetError.self) { _ = try await fixture.connect(leaf: "ledger-foreign") }
        #expect(error?.code == .handshakeFailed)
        #expect(error?.message.contains("our certificate was refused?") == true)
        #expect(await eventually { server.refusals.count == 1 })
        #expect(
            server.refusals.first?.reason
                == "client certificate verify failed: unable to get local issuer certificate"
                + " (not issued by the trusted mesh CA)")
        #expect(server.connections.isEmpty)
        await fixture.shutdown()
    }

    @Test("refuses an expired client certificate")
    func refusesExpiredCertificate() async throws {
        let fixture = try await ServerFixture()
        let server = fixture.server

        let error = await #expect(throws: NetError.self) { _ = try await fixture.connect(leaf: "ledger-expired") }
        #expect(error?.message.contains("server refused the handshake") == true)
        #expect(await eventually { server.refusals.count == 1 })
        #expect(server.refusals.first?.reason == "client certificate verify failed: certificate has expired")
        await fixture.shutdown()
    }

    @Test("refuses a client that presents no certificate")
    func refusesMissingCertificate() async throws {
        let certificates = try await CertificateFixture.shared()
        let group = try EventLoopGroup(loopCount: 1)
        let server = try RecordingServer(tls: try certificates.context("ledger"), group: group)

        // Our own client always presents a certificate, so OpenSSL's command-line client plays the part.
        let result = try await runProcess(
            "/usr/bin/openssl",
            [
                "s_client", "-connect", "127.0.0.1:\(server.port)", "-tls1_3", "-CAfile",
                "\(certificates.directory)/ca.pem", "-servername", "ledger.mesh.flywheel",
            ])
        #expect(result.output.contains("CONNECTED"))
        #expect(await eventually { server.refusals.count == 1 })
        #expect(server.refusals.first?.reason.hasPrefix("client sent no certificate") == true)
        #expect(server.connections.isEmpty)
        await group.shutdown()
    }

    @Test("a client refuses a server whose certificate names another service")
    func clientRefusesWrongService() async throws {
        let fixture = try await ServerFixture(service: "billing")
        let server = fixture.server

        let error = await #expect(throws: NetError.self) { _ = try await fixture.connect(as: "ledger") }
        #expect(error?.code == .handshakeFailed)
        #expect(
            error?.message == "server certificate verify failed: hostname mismatch (expected ledger.mesh.flywheel)")
        #expect(await eventually { server.refusals.count == 1 })
        #expect(server.refusals.first?.reason.hasPrefix("client aborted the handshake") == true)
        await fixture.shutdown()
    }

    @Test("a refused handshake leaves an established connection working")
    func refusalDoesNotDisturbOthers() async throws {
        let fixture = try await ServerFixture(loops: 1)
        let server = fixture.server
        let (client, recorder) = try await fixture.connectRecording()
        client.write(Array("before".utf8))
        #expect(await eventually { recorder.byteCount == 6 })

        #expect(await plainTCPExchange(port: server.port, sending: Array("\u{16}\u{03}\u{01}garbage".utf8)))
        _ = try? await fixture.connect(leaf: "ledger-expired")
        #expect(await eventually { server.refusals.count == 2 })

        client.write(Array("after".utf8))
        #expect(await eventually { recorder.byteCount == 11 })
        #expect(String(decoding: recorder.bytes, as: UTF8.self) == "beforeafter")
        #expect(recorder.closeCount == 0)
        #expect(server.connections.count == 1)
        await fixture.shutdown()
    }

    @Test("closes a peer that stays silent past the handshake timeout")
    func handshakeTimeout() async throws {
        let fixture = try await ServerFixture(loops: 1, handshakeTimeout: .milliseconds(200))
        let server = fixture.server

        #expect(await plainTCPExchange(port: server.port, sending: []))
        #expect(await eventually { server.refusals.count == 1 })
        #expect(server.refusals.first?.error.code == .timedOut)
        #expect(server.refusals.first?.reason.contains("TLS handshake with 127.0.0.1:") == true)
        await fixture.shutdown()
    }

    @Test("names the address when the port is already in use")
    func portInUse() async throws {
        let certificates = try await CertificateFixture.shared()
        let group = try EventLoopGroup(loopCount: 1)
        let tls = try certificates.context("ledger")
        let first = try TCPListener(
            host: "127.0.0.1", port: 0, tls: tls, group: group, onConnection: { _ in }, onRefusal: { _ in })

        let error = #expect(throws: NetError.self) {
            _ = try TCPListener(
                host: "127.0.0.1", port: first.localPort, tls: tls, group: group, onConnection: { _ in },
                onRefusal: { _ in })
        }
        #expect(error?.code == .addressInUse)
        #expect(error?.message == "cannot listen on 127.0.0.1:\(first.localPort): address already in use")
        #expect(first.localPort > 0)
        await group.shutdown()
    }
}
