import FlywheelContracts
import FlywheelEcho
import FlywheelIngest
import FlywheelNet
import FlywheelRPC
import Foundation
import Synchronization

/// `flywheel bench [rpc]`: bounded benchmarks on loopback, printed as a table (and optionally Markdown).
/// `--grpc-baseline` adds gRPC C++'s figures for the same RPC measurements below each of ours.
struct BenchCommand {
    let options: CommandOptions
    let seconds: Double
    let statements: Int

    init(arguments: [String]) throws {
        options = try CommandOptions(arguments, values: ["seconds", "statements", "markdown"], booleans: ["grpc-baseline"])
        seconds = try options.number("seconds", default: 3, in: 0.1...3600)
        statements = try options.number("statements", default: 20_000, in: 100...50_000_000)
    }

    func run() async throws {
        let suites = options.positional.isEmpty ? ["rpc", "ingest", "analytics"] : options.positional
        var rows: [[String]] = [["benchmark", "result", "p50", "p99", "note"]]
        for suite in suites {
            switch suite {
            case "rpc":
                let ours = try await RPCBenchmark(seconds: seconds, certs: options.certs).run()
                if options.switches.contains("grpc-baseline") {
                    rows += try await GRPCBaseline(seconds: seconds, certs: options.certs).compare(with: ours)
                } else {
                    rows += ours
                }
            case "ingest":
                let store = try await IngestStoreBenchmark(statements: statements).run()
                rows += store.rows
                rows += try await GatewayBenchmark(certs: options.certs, statements: statements, rawBaseline: store.rawBaseline).run()
            case "analytics":
                rows += try await AnalyticsBenchmark(certs: options.certs, statements: statements).run()
            default: throw CommandError("unknown benchmark '\(suite)' (known: rpc, ingest, analytics)")
            }
        }
        let machine = Self.machine()
        print("machine: \(machine)")
        print(Table.render(rows))
        if let path = options.flags["markdown"] {
            var text = "Measured with `flywheel bench \(suites.joined(separator: " "))` on \(machine).\n\n"
            text += "| " + rows[0].joined(separator: " | ") + " |\n"
            text += "|" + rows[0].map { _ in "---" }.joined(separator: "|") + "|\n"
            for row in rows.dropFirst() { text += "| " + row.joined(separator: " | ") + " |\n" }
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            print("wrote \(path)")
        }
    }

    static func machine() -> String {
        let cpu = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("model name") }?
            .split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "unknown CPU"
        return "\(ProcessInfo.processInfo.activeProcessorCount) cores, \(cpu), \(ProcessInfo.processInfo.physicalMemory >> 30) GiB"
    }
}

/// Statements stored through ingest's RPC (in process) beside a raw SQLite batched insert of the same rows.
struct IngestStoreBenchmark {
    let statements: Int

    func run() async throws -> (rows: [[String]], rawBaseline: Double) {
        let results = try await IngestBenchmark.run(statements: statements)
        let baseline = results.first { $0.method.contains("raw") }?.statementsPerSecond ?? 0
        let rows = results.map { result in
            let ratio = baseline > 0 ? String(format: "%.2f× raw SQLite", result.statementsPerSecond / baseline) : "-"
            return [
                "ingest \(result.method), batch \(result.batch), \(result.callers) caller\(result.callers == 1 ? "" : "s")",
                "\(Int(result.statementsPerSecond)) statements/s", "-", "-",
                result.method.contains("raw") ? "baseline: one thread, same rows" : ratio,
            ]
        }
        return (rows, baseline)
    }
}

/// Unary and streaming RPC over real mutual TLS on loopback, server and client in this process.
struct RPCBenchmark {
    let seconds: Double
    let certs: String

    func run() async throws -> [[String]] {
        let serverTLS = try TLSConfiguration.mesh(directory: certs, service: "echo").makeContext()
        let clientTLS = try TLSConfiguration.mesh(directory: certs, service: "cli").makeContext()
        let serverGroup = try EventLoopGroup(loopCount: 1)
        let clientGroup = try EventLoopGroup(loopCount: 1)
        let server = RPCServer()
        server.register(EchoService(instanceID: "bench").rpcService)
        let listener = try TCPListener(
            host: "127.0.0.1", port: 0, tls: serverTLS, group: serverGroup,
            onConnection: { server.serve($0) }, onRefusal: { _ in })
        let connector = TLSConnector(context: clientTLS, group: clientGroup)
        let channel = connector.channel(service: "echo", address: "127.0.0.1:\(listener.localPort)")
        let client = EchoV1.Echo.Client(channel: channel)
        _ = try await client.say(EchoV1.EchoRequest(text: "warm-up"))

        var rows: [[String]] = []
        for (label, size) in [("100 B", 100), ("10 KB", 10_000)] {
            let payload = [UInt8](repeating: 0x5A, count: size)
            for concurrency in [1, 64] {
                let result = try await unary(client: client, payload: payload, concurrency: concurrency)
                rows.append([
                    "unary \(label), \(concurrency == 1 ? "1 call at a time" : "\(concurrency) concurrent")",
                    "\(Int(result.rate)) calls/s", Self.format(result.p50), Self.format(result.p99), "1 connection, mutual TLS 1.3",
                ])
            }
        }
        let streamed = try await streaming(client: client)
        rows.append(["server streaming 100 B", "\(Int(streamed)) messages/s", "-", "-", "1 call"])

        channel.close()
        listener.close()
        await clientGroup.shutdown()
        await serverGroup.shutdown()
        return rows
    }

    private func unary(client: EchoV1.Echo.Client, payload: [UInt8], concurrency: Int) async throws -> (rate: Double, p50: Duration, p99: Duration) {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        let started = ContinuousClock.now
        let latencies = try await withThrowingTaskGroup(of: [Duration].self) { group in
            for _ in 0..<concurrency {
                group.addTask {
                    var samples: [Duration] = []
                    let request = EchoV1.EchoRequest(payload: payload)
                    while ContinuousClock.now < deadline {
                        let begin = ContinuousClock.now
                        _ = try await client.say(request)
                        samples.append(ContinuousClock.now - begin)
                    }
                    return samples
                }
            }
            var all: [Duration] = []
            for try await samples in group { all += samples }
            return all.sorted()
        }
        let elapsed = ContinuousClock.now - started
        let rate = Double(latencies.count) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        return (rate, latencies[latencies.count / 2], latencies[min(latencies.count - 1, latencies.count * 99 / 100)])
    }

    private func streaming(client: EchoV1.Echo.Client) async throws -> Double {
        let count: UInt32 = 200_000
        let started = ContinuousClock.now
        let received = try await client.expand(EchoV1.EchoRequest(payload: [UInt8](repeating: 1, count: 100), count: count)) { responses in
            var received = 0
            for try await _ in responses { received += 1 }
            return received
        }
        let elapsed = ContinuousClock.now - started
        return Double(received) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    static func format(_ duration: Duration) -> String {
        let micros = Double(duration.components.seconds) * 1e6 + Double(duration.components.attoseconds) / 1e12
        return micros < 1000 ? String(format: "%.0f µs", micros) : String(format: "%.2f ms", micros / 1000)
    }
}

/// The same RPC measurements made by gRPC C++ (ops/bench/grpc-baseline), built and run by its run.sh.
struct GRPCBaseline {
    let seconds: Double
    let certs: String

    /// Our rows, each followed by gRPC's row of the same name with the ratio ours/theirs as its note.
    func compare(with ours: [[String]]) async throws -> [[String]] {
        let theirs = try await run()
        var rows: [[String]] = []
        for row in ours {
            guard let other = theirs.first(where: { $0[0] == row[0] }) else {
                throw CommandError("the gRPC baseline printed no row '\(row[0])'")
            }
            var note = "ours/theirs: rate \(Self.ratio(row[1], other[1]))"
            if other[2] != "-" { note += ", p50 \(Self.ratio(row[2], other[2]))" }
            rows.append(row)
            rows.append(["\(other[0]) (gRPC C++)", other[1], other[2], other[3], note])
        }
        return rows
    }

    /// Runs the script on a queue of its own (it builds, then measures for several seconds).
    private func run() async throws -> [[String]] {
        let script = "ops/bench/grpc-baseline/run.sh"
        guard FileManager.default.isExecutableFile(atPath: script) else {
            throw CommandError("\(script) not found: run flywheel bench from the Flywheel checkout")
        }
        let arguments = [certs, String(seconds)]
        let (status, output) = try await withCheckedThrowingContinuation {
            (continuation: CheckedContinuation<(Int32, String), any Error>) in
            DispatchQueue(label: "flywheel.bench.grpc-baseline").async {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: script)
                process.arguments = arguments
                let rows = Pipe()
                process.standardOutput = rows
                do {
                    try process.run()
                } catch {
                    continuation.resume(throwing: error)
                    return
                }
                let data = rows.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                continuation.resume(returning: (process.terminationStatus, String(decoding: data, as: UTF8.self)))
            }
        }
        guard status == 0 else {
            throw CommandError("\(script) exited with status \(status); its messages are above")
        }
        let rows = output.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        guard !rows.isEmpty, rows.allSatisfy({ $0.count == 4 }) else {
            throw CommandError("\(script) printed lines that are not name, result, p50, p99:\n\(output)")
        }
        return rows
    }

    /// `ours / theirs` for two cells of one column, such as "1234 calls/s" or "85 µs" against "1.20 ms".
    static func ratio(_ ours: String, _ theirs: String) -> String {
        guard let mine = magnitude(ours), let other = magnitude(theirs), other > 0 else { return "n/a" }
        return String(format: "%.2f×", mine / other)
    }

    private static func magnitude(_ cell: String) -> Double? {
        let words = cell.split(separator: " ")
        guard let value = words.first.flatMap({ Double($0) }) else { return nil }
        return words.last == "ms" ? value * 1000 : value
    }
}
