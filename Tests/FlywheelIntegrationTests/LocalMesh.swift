import FlywheelContracts
import FlywheelNet
import FlywheelRPC
import FlywheelService
import Foundation
import Testing

/// Real service processes on 127.0.0.1 with real certificates, for integration tests.
///
/// Binaries come from `FLYWHEEL_BIN` (the test command sets it) or `.build/debug`; certificates from
/// `ops/certs/generate-certs.sh` into a scratch folder that the mesh removes when it stops.
final class LocalMesh: @unchecked Sendable {
    let folder: URL
    let certs: String
    let registryAddress: String
    private(set) var processes: [String: MeshProcess] = [:]

    static var binaries: URL {
        if let path = ProcessInfo.processInfo.environment["FLYWHEEL_BIN"] { return URL(fileURLWithPath: path) }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(".build/debug")
    }

    init(services: [String] = ["registry", "echo", "cli", "gateway", "ingest", "intelligence"]) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("flywheel-mesh-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        certs = folder.appendingPathComponent("certs").path
        let script = Process()
        script.executableURL = URL(fileURLWithPath: "ops/certs/generate-certs.sh")
        script.arguments = [certs] + services
        script.standardOutput = FileHandle.nullDevice
        try script.run()
        script.waitUntilExit()
        guard script.terminationStatus == 0 else { throw MeshError("certificate generation failed") }
        registryAddress = "127.0.0.1:\(LocalMesh.freePort())"
    }

    /// A port nothing listens on right now.
    static func freePort() -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Starts a service executable with the mesh's certificates and registry.
    @discardableResult
    func start(_ executable: String, instance: String, arguments: [String] = []) throws -> MeshProcess {
        let process = try MeshProcess(
            executable: Self.binaries.appendingPathComponent(executable).path,
            arguments: ["--certs", certs, "--registry", registryAddress, "--instance-id", instance,
                        "--data", folder.appendingPathComponent("data-\(instance)").path] + arguments,
            log: folder.appendingPathComponent("\(instance).log").path)
        processes[instance] = process
        return process
    }

    func startRegistry() throws {
        try start("flywheel-registry", instance: "registry-1", arguments: ["--listen", registryAddress])
    }

    /// A client that calls the mesh as `identity` (a certificate the mesh generated).
    func client(as identity: String = "cli") throws -> MeshClient {
        let context = try TLSConfiguration.mesh(directory: certs, service: identity).makeContext()
        return MeshClient(connector: TLSConnector(context: context, group: try EventLoopGroup(loopCount: 1)), registryAddress: registryAddress)
    }

    /// Waits until the registry resolves `count` instances of `service`.
    func waitForInstances(_ service: String, count: Int, mesh: MeshClient, timeout: Duration = .seconds(20)) async throws -> [RegistryV1.Instance] {
        let deadline = ContinuousClock.now + timeout
        var last: [RegistryV1.Instance] = []
        while ContinuousClock.now < deadline {
            if let answer = try? await mesh.registry.resolve(RegistryV1.ResolveRequest(service: service), options: CallOptions(timeout: .seconds(1))) {
                last = answer.instances
                if last.count == count { return last }
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw MeshError("expected \(count) instances of \(service), registry has \(last.map(\.instanceID)); logs in \(folder.path)")
    }

    func stop() {
        for process in processes.values { process.kill() }
        try? FileManager.default.removeItem(at: folder)
    }
}

/// One service process and its log file.
final class MeshProcess: @unchecked Sendable {
    let process = Process()
    let log: String

    init(executable: String, arguments: [String], log: String) throws {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw MeshError("\(executable) is missing: build with 'swift build' (or run the test command)")
        }
        self.log = log
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
    }

    var logText: String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }

    func signal(_ number: Int32) { Foundation.kill(process.processIdentifier, number) }

    func kill() {
        if process.isRunning { signal(SIGKILL) }
        process.waitUntilExit()
    }

    /// Waits for the process to exit and returns its status, or nil on timeout.
    func waitForExit(timeout: Duration = .seconds(15)) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// Waits until the log contains `text`.
    func waitForLog(_ text: String, timeout: Duration = .seconds(15)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if logText.contains(text) { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return false
    }
}

struct MeshError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
