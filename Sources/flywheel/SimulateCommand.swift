import FlywheelSimulation
import FlywheelXAPI
import Foundation
import Synchronization

/// `flywheel simulate`: a synthetic organisation's learning year with planted effects, written as NDJSON
/// (`--out FILE`) or sent to an LRS (`--to URL --key K --secret S`), plus the learner directory, catalogue and
/// ground truth in the data folder.
struct SimulateCommand {
    static let usage = """
        usage: flywheel simulate [--learners N] [--days D] [--seed S] [--start YYYY-MM-DD] [--xapi-version V]
                                 (--out FILE | --to URL --key K --secret S [--batch N] [--concurrency N])
                                 [--data DIR] [--report-memory]
        """

    let configuration: SimulationConfiguration
    let output: String?
    let endpoint: LRSEndpoint?
    let dataFolder: String
    let batchSize: Int
    let concurrency: Int
    let reportsMemory: Bool

    init(arguments: [String]) throws {
        let options = try CommandOptions(
            arguments,
            values: [
                "learners", "days", "seed", "start", "xapi-version", "out", "to", "key", "secret", "batch", "concurrency",
                "data",
            ],
            booleans: ["report-memory"])
        func number(_ name: String, _ fallback: Int) throws -> Int {
            try options.number(name, default: fallback, in: 1...Int.max)
        }
        let version: XAPIVersion
        do {
            version = try XAPIVersion(header: options.flags["xapi-version"] ?? "1.0.3")
        } catch {
            throw CommandError("--xapi-version: \(error.message)")
        }
        configuration = SimulationConfiguration(
            learners: try number("learners", 500), days: try number("days", 365),
            seed: try Self.seed(options.flags["seed"]),
            start: try CalendarDate(parsing: options.flags["start"] ?? "2026-01-05"), version: version)
        output = options.flags["out"]
        if let url = options.flags["to"] {
            guard let key = options.flags["key"], let secret = options.flags["secret"] else {
                throw CommandError("--to needs --key and --secret")
            }
            endpoint = try LRSEndpoint(base: url, key: key, secret: secret, version: version)
        } else {
            endpoint = nil
        }
        guard (output == nil) != (endpoint == nil) else {
            throw CommandError("give exactly one of --out FILE or --to URL\n\(Self.usage)")
        }
        let besideOutput = output.map { URL(fileURLWithPath: $0).deletingLastPathComponent().path }
        dataFolder = options.flags["data"] ?? (besideOutput.flatMap { $0.hasPrefix("/dev") ? nil : $0 } ?? "simulation")
        batchSize = try number("batch", 100)
        concurrency = try number("concurrency", 4)
        reportsMemory = options.switches.contains("report-memory")
    }

    private static func seed(_ text: String?) throws -> UInt64 {
        guard let text else { return 1 }
        guard let value = UInt64(text) else { throw CommandError("--seed needs a whole number from 0") }
        return value
    }

    func run() async throws {
        let simulation = try Simulation(configuration: configuration)
        let display = ProgressDisplay()
        display.stage("writing learner directory, catalogue and ground truth", ["folder": dataFolder])
        let files = try simulation.writeCompanions(in: dataFolder)
        display.stage("wrote companions", ["ground-truth": files.groundTruth, "directory": files.directoryCSV])

        let started = ContinuousClock.now
        let memoryBefore = ResidentMemory.currentBytes() ?? 0
        let peak = Mutex(memoryBefore)
        let onProgress: @Sendable (RunProgress) -> Void = { progress in
            if reportsMemory, let now = ResidentMemory.currentBytes() { peak.withLock { $0 = max($0, now) } }
            display.update(progress)
        }
        let count: Int
        if let endpoint {
            display.stage("sending statements", ["to": endpoint.statementsURL.absoluteString])
            let sender = StatementSender(endpoint: endpoint, batchSize: batchSize, concurrency: concurrency)
            let progressPath = URL(fileURLWithPath: dataFolder).appendingPathComponent("send-progress.json").path
            let summary = try await sender.send(simulation, progressPath: progressPath, onProgress: onProgress)
            count = summary.statementsSent
            display.stage(
                "sent",
                [
                    "batches": "\(summary.batchesSent)",
                    "skipped (already acknowledged)":
                        "\(summary.batchesSkipped)", "conflicts": "\(summary.conflicts)",
                ])
        } else if let output {
            display.stage("writing statements", ["out": output])
            count = try simulation.writeNDJSON(to: output, onProgress: onProgress)
        } else {
            count = 0
        }
        display.finish()
        let seconds = Double((ContinuousClock.now - started).components.seconds)
        display.stage("done", ["statements": "\(count)", "seconds": "\(Int(seconds))"])
        if reportsMemory {
            let peakBytes = peak.withLock { $0 }
            print("resident memory: start \(memoryBefore >> 20) MiB, peak \(peakBytes >> 20) MiB")
        }
    }
}

/// A progress bar with rate and ETA on a terminal; one line per stage otherwise.
final class ProgressDisplay: Sendable {
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private let lastDraw = Mutex<ContinuousClock.Instant?>(nil)

    func stage(_ message: String, _ details: [String: String] = [:]) {
        let fields = details.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        write("simulate: \(message)\(fields.isEmpty ? "" : " " + fields)\n")
    }

    func update(_ progress: RunProgress) {
        guard isTerminal else { return }
        let now = ContinuousClock.now
        let due = lastDraw.withLock { last in
            guard last.map({ now - $0 >= .milliseconds(200) }) ?? true else { return false }
            last = now
            return true
        }
        if due || progress.learnersDone == progress.learnerTotal { write("\r" + progress.bar() + "  ") }
    }

    func finish() {
        if isTerminal { write("\n") }
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
