import FlywheelCalendar
import FlywheelContracts
import FlywheelRPC
import FlywheelService
import Foundation
import Synchronization

/// `flywheel up`: the whole mesh on 127.0.0.1 with embedded defaults, until Ctrl-C.
///
/// Creates `.flywheel/` (certificates, one data folder per service, one log file per process), starts the
/// registry and then every service, prints what runs where, with `--demo` fills it with a simulated
/// organisation, and on Ctrl-C or SIGTERM stops them all.
struct UpCommand {
    let options: CommandOptions
    let root: String
    let registryPort: Int

    /// The services `up` starts after the registry, with how many instances of each, in start order.
    static let services: [(name: String, instances: Int)] = [("ingest", 1), ("intelligence", 1), ("gateway", 1), ("echo", 2)]

    init(arguments: [String]) throws {
        options = try CommandOptions(arguments, values: ["data", "registry-port", "http"], booleans: ["demo"])
        root = options.flags["data"] ?? ".flywheel"
        guard let port = Int(options.flags["registry-port"] ?? "7400"), (1...65535).contains(port) else {
            throw CommandError("--registry-port must be a port number")
        }
        registryPort = port
    }

    func run() async throws -> Int32 {
        let certs = options.explicitCerts ?? "\(root)/certs"
        let logs = "\(root)/logs"
        for folder in [root, logs] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        try generateCertificates(into: certs)

        let binaries = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        let registryAddress = "127.0.0.1:\(registryPort)"
        var children: [Child] = []
        let common = ["--certs", certs, "--registry", registryAddress]

        children.append(try Child.start(
            name: "registry", executable: binaries.appendingPathComponent("flywheel-registry").path,
            arguments: common + ["--listen", registryAddress, "--data", "\(root)/data/registry", "--instance-id", "registry-1"],
            log: "\(logs)/registry.log"))
        try await waitForRegistry(certs: certs, address: registryAddress, child: children[0])

        let demo = try demoCredential()
        let httpAddress = options.flags["http"] ?? "127.0.0.1:8080"
        for service in Self.services {
            for number in 1...service.instances {
                var arguments = common + [
                    "--listen", "127.0.0.1:0", "--data", "\(root)/data/\(service.name)-\(number)",
                    "--instance-id", "\(service.name)-\(number)",
                ]
                if service.name == "gateway" {
                    arguments += [
                        "--http", httpAddress, "--demo-credential", "\(demo.key):\(demo.secret)",
                        "--dashboard-catalogue", "\(root)/demo/catalogue.json",
                    ]
                }
                children.append(try Child.start(
                    name: "\(service.name)-\(number)",
                    executable: binaries.appendingPathComponent("flywheel-\(service.name)").path,
                    arguments: arguments, log: "\(logs)/\(service.name)-\(number).log"))
            }
        }
        let expected = children.count
        let mesh = try CommandOptions(["--certs", certs, "--registry", registryAddress]).mesh()
        var registered: [RegistryV1.Instance] = []
        for _ in 0..<100 {
            registered = (try? await mesh.registry.list(RegistryV1.ListRequest(), options: CallOptions(timeout: .seconds(1))).instances) ?? []
            if registered.count >= expected { break }
            if let dead = children.first(where: { !$0.process.isRunning }) {
                stopAll(children)
                throw CommandError("\(dead.name) exited at start (status \(dead.process.terminationStatus)); see \(dead.log)")
            }
            try await Task.sleep(for: .milliseconds(100))
        }

        print("Flywheel mesh is up. Data, certificates and logs are in \(root)/.")
        print("")
        print(Table.render([["SERVICE", "INSTANCE", "ADDRESS", "LOG"]] + registered.map { instance in
            [instance.service, instance.instanceID, instance.address, "\(logs)/\(instance.instanceID.replacingOccurrences(of: "registry-1", with: "registry")).log"]
        }))
        print("")
        print("xAPI endpoint:  http://\(httpAddress)/xapi/   (X-Experience-API-Version: 1.0.3 or 2.0.0)")
        print("Dashboards:     http://\(httpAddress)/dashboards/   (sign in with the demo credential)")
        print("Demo credential (HTTP Basic, scope all):  key \(demo.key)  secret \(demo.secret)")
        print("")
        if options.switches.contains("demo") {
            do {
                try await loadDemo(http: httpAddress, demo: demo, certs: certs, registry: registryAddress)
            } catch {
                stopAll(children)
                throw error
            }
        }
        print("Try:  curl -u \(demo.key):\(demo.secret) -H 'X-Experience-API-Version: 1.0.3' http://\(httpAddress)/xapi/statements")
        print("      swift run -c release flywheel status")
        print("      swift run -c release flywheel call echo Say '{\"text\": \"hello\"}'")
        print("      swift run -c release flywheel call --list")
        print("Press Ctrl-C to stop the mesh.")
        fflush(nil)

        let signal = await StopSignal().wait()
        print("\nflywheel: \(signal) received, stopping the mesh...")
        stopAll(children)
        print("flywheel: stopped")
        return 0
    }

    /// Fills a fresh mesh with a small simulated organisation (once per data folder): its statements go in
    /// through the xAPI API like any client's, its directory into intelligence, and a few segments.
    private func loadDemo(http: String, demo: (key: String, secret: String), certs: String, registry: String) async throws {
        let folder = "\(root)/demo"
        let marker = "\(folder)/loaded"
        if FileManager.default.fileExists(atPath: marker) {
            print("Demo data: already loaded (\(folder)); delete \(root) to start afresh.")
            print("")
            return
        }
        // The simulated quarter ends yesterday, so the dashboards' "last 7/28/90 days" ranges show it.
        let today = CivilDay.epochDay(secondsSince1970: Date().timeIntervalSince1970)
        let start = CivilDay(epochDay: today - 91)
        print("Demo data: simulating 300 learners over the 90 days from \(start) and sending them through the xAPI API...")
        fflush(nil)
        let connection = ["--certs", certs, "--registry", registry]
        try runSelf([
            "simulate", "--learners", "300", "--days", "90", "--seed", "2026", "--start", start.description,
            "--to", "http://\(http)/xapi/", "--key", demo.key, "--secret", demo.secret, "--data", folder,
        ], log: "\(root)/logs/demo-simulate.log")
        try runSelf(["learners", "import", "\(folder)/directory.csv"] + connection, log: "\(root)/logs/demo-learners.log")
        for (name, filter) in [("sales", "department=Sales"), ("engineering", "department=Engineering"), ("new-joiners", "tenure<1y")] {
            try runSelf(["segments", "define", name, filter] + connection, log: "\(root)/logs/demo-segments.log")
        }
        _ = FileManager.default.createFile(atPath: marker, contents: nil)
        print("Demo data: loaded. Ground truth of the planted effects: \(folder)/ground-truth.json")
        print("           Segments: sales, engineering, new-joiners. Try:")
        print("           swift run -c release flywheel call intelligence GetEffectiveness '{}'")
        print("")
    }

    /// Runs this executable with other arguments, its output appended to `log`.
    private func runSelf(_ arguments: [String], log: String) throws {
        if !FileManager.default.fileExists(atPath: log) { _ = FileManager.default.createFile(atPath: log, contents: nil) }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        handle.seekToEndOfFile()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        process.arguments = arguments
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CommandError("demo step 'flywheel \(arguments.prefix(2).joined(separator: " "))' failed; see \(log)")
        }
    }

    /// The demo credential: made once per data folder, kept in `<data>/demo-credential`.
    private func demoCredential() throws -> (key: String, secret: String) {
        let path = "\(root)/demo-credential"
        if let text = try? String(contentsOfFile: path, encoding: .utf8) {
            let parts = text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ":", maxSplits: 1)
            if parts.count == 2 { return (String(parts[0]), String(parts[1])) }
        }
        func random(_ count: Int) -> String {
            let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
            var generator = SystemRandomNumberGenerator()
            return String((0..<count).map { _ in alphabet.randomElement(using: &generator)! })
        }
        let credential = (key: "demo-" + random(12), secret: random(40))
        try "\(credential.key):\(credential.secret)\n".write(toFile: path, atomically: true, encoding: .utf8)
        _ = chmod(path, 0o600)
        return credential
    }

    private func generateCertificates(into certs: String) throws {
        let script = "ops/certs/generate-certs.sh"
        guard FileManager.default.isExecutableFile(atPath: script) else {
            throw CommandError("\(script) not found: run flywheel up from the Flywheel checkout")
        }
        var names = ["registry", "cli"]
        for service in Self.services.map(\.name) where !names.contains(service) { names.append(service) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: script)
        process.arguments = [certs] + names
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw CommandError("certificate generation failed: \(text)")
        }
    }

    private func waitForRegistry(certs: String, address: String, child: Child) async throws {
        let mesh = try CommandOptions(["--certs", certs, "--registry", address]).mesh()
        for _ in 0..<100 {
            if (try? await mesh.registry.list(RegistryV1.ListRequest(), options: CallOptions(timeout: .seconds(1)))) != nil { return }
            if !child.process.isRunning {
                throw CommandError("the registry exited at start (status \(child.process.terminationStatus)); see \(child.log)")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw CommandError("the registry did not answer within 10 s; see \(child.log)")
    }

    private func stopAll(_ children: [Child]) {
        // Services first, registry last, so deregistrations reach it.
        for child in children.reversed() where child.process.isRunning {
            child.process.terminate()
            child.process.waitUntilExit()
        }
    }
}

/// A service process started by `flywheel up`.
struct Child {
    let name: String
    let process: Process
    let log: String

    static func start(name: String, executable: String, arguments: [String], log: String) throws -> Child {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw CommandError("\(executable) not found: build first with 'swift build'")
        }
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return Child(name: name, process: process, log: log)
    }
}
