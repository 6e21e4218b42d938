import FlywheelContracts
import FlywheelEcho
import FlywheelNet
import FlywheelRPC
import Foundation
import Synchronization

/// `flywheel bench [rpc]`: bounded benchmarks on loopback, printed as a table (and optionally Markdown).
struct BenchCommand {
    let options: CommandOptions
    let seconds: Double

    init(arguments: [String]) throws {
        options = try CommandOptions(arguments)
        seconds = Double(options.flags["seconds"] ?? "3") ?? 3
    }

    func run() async throws {
        let suites = options.positional.isEmpty ? ["rpc"] : options.positional
        var rows: [[String]] = [["benchmark", "result", "p50", "p99", "note"]]
        for suite in suites {
            switch suite {
            case "rpc": rows += try await RPCBenchmark(seconds: seconds, certs: options.certs).run()
            default: throw CommandError("unknown benchmark '\(suite)' (known: rpc)")
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
