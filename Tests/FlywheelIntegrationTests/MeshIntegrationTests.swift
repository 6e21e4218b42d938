import FlywheelContracts
import FlywheelHTTP
import FlywheelNet
import FlywheelRPC
import FlywheelService
import Foundation
import Synchronization
import Testing

/// The registry and two echo instances as real processes on loopback, talking mutual TLS.
@Suite("Local mesh", .serialized)
struct MeshIntegrationTests {
    @Test("calls balance across two instances, survive SIGKILL of one, and SIGTERM drains an in-flight call")
    func balancingFailoverAndDrain() async throws {
        let mesh = try LocalMesh()
        defer { mesh.stop() }
        try mesh.startRegistry()
        let first = try mesh.start("flywheel-echo", instance: "echo-1", arguments: ["--lease-ttl", "3"])
        let second = try mesh.start("flywheel-echo", instance: "echo-2", arguments: ["--lease-ttl", "3"])
        let client = try mesh.client()
        _ = try await mesh.waitForInstances("echo", count: 2, mesh: client)
        let echo = EchoV1.Echo.Client(channel: client.channel(to: "echo"))

        // Balanced: both instances answer.
        var answeredBy: [String: Int] = [:]
        for number in 0..<40 {
            let response = try await echo.say(EchoV1.EchoRequest(text: "call \(number)"))
            #expect(response.text == "call \(number)")
            answeredBy[response.instanceID, default: 0] += 1
        }
        #expect(answeredBy["echo-1", default: 0] > 5, "answers: \(answeredBy)")
        #expect(answeredBy["echo-2", default: 0] > 5, "answers: \(answeredBy)")

        // SIGKILL one: every call still succeeds, on the other.
        first.kill()
        for number in 0..<40 {
            let response = try await echo.say(EchoV1.EchoRequest(text: "after kill \(number)"))
            #expect(response.instanceID == "echo-2")
        }
        // Its lease runs out and the registry drops it.
        _ = try await mesh.waitForInstances("echo", count: 1, mesh: client)

        // SIGTERM while a call is in flight: the call completes, the process exits 0 and deregisters.
        let slow = Task { try await echo.say(EchoV1.EchoRequest(text: "slow", delayMillis: 1500)) }
        try await Task.sleep(for: .milliseconds(300))
        second.signal(SIGTERM)
        let answer = try await slow.value
        #expect(answer.text == "slow")
        #expect(answer.instanceID == "echo-2")
        #expect(await second.waitForExit() == 0)
        #expect(second.logText.contains("msg=\"shutting down\" signal=SIGTERM calls=1"))
        _ = try await mesh.waitForInstances("echo", count: 0, mesh: client, timeout: .seconds(5))
    }

    @Test("over TLS, a caller acting for another service gets PERMISSION_DENIED and nothing is stored")
    func permissionDeniedOverTLS() async throws {
        let mesh = try LocalMesh()
        defer { mesh.stop() }
        try mesh.startRegistry()
        let client = try mesh.client(as: "gateway")
        _ = try await mesh.waitForInstances("registry", count: 1, mesh: client)
        await #expect {
            _ = try await client.registry.registerInstance(
                RegistryV1.RegisterRequest(service: "ingest", instanceID: "fake", address: "127.0.0.1:1"))
        } throws: { error in
            (error as? RPCError)?.code == .permissionDenied && "\(error)".contains("gateway")
        }
        let listed = try await client.registry.list(RegistryV1.ListRequest())
        #expect(!listed.instances.contains { $0.instanceID == "fake" })
    }

    @Test("garbage on an RPC connection closes only that connection, with a logged reason")
    func malformedFramesOverTLS() async throws {
        let mesh = try LocalMesh()
        defer { mesh.stop() }
        try mesh.startRegistry()
        let echo = try mesh.start("flywheel-echo", instance: "echo-1")
        let client = try mesh.client()
        let instance = try #require(try await mesh.waitForInstances("echo", count: 1, mesh: client).first)
        let healthy = EchoV1.Echo.Client(channel: client.channel(to: "echo"))
        _ = try await healthy.say(EchoV1.EchoRequest(text: "before"))

        // A raw TLS connection that speaks nonsense.
        let context = try TLSConfiguration.mesh(directory: mesh.certs, service: "cli").makeContext()
        let group = try EventLoopGroup(loopCount: 1)
        let port = Int(instance.address.split(separator: ":").last!)!
        let raw = try await TLSConnection.connect(host: "127.0.0.1", port: port, expectedService: "echo", tls: context, loop: group.next())
        let closed = ClosedFlag()
        raw.start(handler: closed)
        raw.write(Array(repeating: 0xEE, count: 64))
        #expect(await closed.wait(timeout: .seconds(5)), "the server should close a connection that sends garbage")
        #expect(await echo.waitForLog("protocol violation"))

        // The process and other connections carry on.
        #expect(try await healthy.say(EchoV1.EchoRequest(text: "after")).text == "after")
        await group.shutdown()
    }

    @Test("a service refuses to start on a port in use, naming the key; an unknown flag names the flag")
    func badConfiguration() async throws {
        let mesh = try LocalMesh()
        defer { mesh.stop() }
        try mesh.startRegistry()
        let client = try mesh.client()
        _ = try await mesh.waitForInstances("registry", count: 1, mesh: client)

        let clash = try mesh.start("flywheel-echo", instance: "echo-clash", arguments: ["--listen", mesh.registryAddress])
        #expect(await clash.waitForExit() == 1)
        #expect(clash.logText.contains("listen"))
        #expect(clash.logText.contains("in use"))

        let typo = try mesh.start("flywheel-echo", instance: "echo-typo", arguments: ["--lease-tll", "5"])
        #expect(await typo.waitForExit() == 1)
        #expect(typo.logText.contains("--lease-tll: unknown flag"))

        let noCerts = try MeshProcess(
            executable: LocalMesh.binaries.appendingPathComponent("flywheel-echo").path,
            arguments: ["--certs", mesh.folder.appendingPathComponent("nowhere").path],
            log: mesh.folder.appendingPathComponent("nocerts.log").path)
        #expect(await noCerts.waitForExit() == 1)
        #expect(noCerts.logText.contains("cannot read"))
        #expect(noCerts.logText.contains("echo.pem"))
    }

    @Test("a restarted registry keeps its entries and re-validates them")
    func registryRestart() async throws {
        let mesh = try LocalMesh()
        defer { mesh.stop() }
        try mesh.startRegistry()
        try mesh.start("flywheel-echo", instance: "echo-1", arguments: ["--lease-ttl", "30"])
        let client = try mesh.client()
        _ = try await mesh.waitForInstances("echo", count: 1, mesh: client)

        mesh.processes["registry-1"]?.kill()
        try mesh.startRegistry()
        let restored = try await mesh.waitForInstances("echo", count: 1, mesh: client)
        #expect(restored.first?.instanceID == "echo-1")
        #expect(await mesh.processes["registry-1"]!.waitForLog("restored instance verified"))
    }
}

extension MeshIntegrationTests {
    @Test("a plain-TCP client and a client without a mesh certificate are refused, each with one log line")
    func refusalsAreLogged() async throws {
        let mesh = try LocalMesh()
        defer { mesh.stop() }
        try mesh.startRegistry()
        let echo = try mesh.start("flywheel-echo", instance: "echo-1")
        let client = try mesh.client()
        let instance = try #require(try await mesh.waitForInstances("echo", count: 1, mesh: client).first)
        let port = UInt16(instance.address.split(separator: ":").last!)!

        // Plain TCP speaking HTTP.
        let plain = try LoopbackClient(port: port)
        try plain.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(await echo.waitForLog("tls handshake refused"))
        plain.close()

        // A certificate from another CA.
        let foreign = Process()
        foreign.executableURL = URL(fileURLWithPath: "ops/certs/generate-certs.sh")
        foreign.arguments = [mesh.certs, "--foreign-ca", "cli"]
        foreign.standardOutput = FileHandle.nullDevice
        try foreign.run()
        foreign.waitUntilExit()
        let context = try TLSConfiguration(
            certificateChainPath: "\(mesh.certs)/cli-foreign.pem", privateKeyPath: "\(mesh.certs)/cli-foreign.key",
            trustedCAPath: "\(mesh.certs)/ca.pem").makeContext()
        let group = try EventLoopGroup(loopCount: 1)
        await #expect(throws: (any Error).self) {
            _ = try await TLSConnection.connect(host: "127.0.0.1", port: Int(port), expectedService: "echo", tls: context, loop: group.next())
        }
        await group.shutdown()
        let refusals = echo.logText.split(separator: "\n").filter { $0.contains("tls handshake refused") }
        #expect(refusals.count == 2, "log: \(echo.logText)")
        #expect(refusals.last?.contains("reason=") == true)
    }

    @Test("an instance registers again when a restarted registry has lost its store")
    func reRegistration() async throws {
        let mesh = try LocalMesh()
        defer { mesh.stop() }
        try mesh.startRegistry()
        let echo = try mesh.start("flywheel-echo", instance: "echo-1", arguments: ["--lease-ttl", "3"])
        let client = try mesh.client()
        _ = try await mesh.waitForInstances("echo", count: 1, mesh: client)

        mesh.processes["registry-1"]?.kill()
        try FileManager.default.removeItem(at: mesh.folder.appendingPathComponent("data-registry-1"))
        try mesh.startRegistry()
        let back = try await mesh.waitForInstances("echo", count: 1, mesh: client)
        #expect(back.first?.instanceID == "echo-1")
        #expect(await echo.waitForLog("registering again") || echo.logText.contains("registry reachable again"))
    }
}

/// Notes when a raw TLS connection closes.
final class ClosedFlag: TLSConnectionHandler {
    private let closed = Atomic(false)

    func received(_ bytes: UnsafeRawBufferPointer, on connection: TLSConnection) {}

    func closed(_ connection: TLSConnection, error: NetError?) {
        closed.store(true, ordering: .relaxed)
    }

    func wait(timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while !closed.load(ordering: .relaxed) && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        return closed.load(ordering: .relaxed)
    }
}
