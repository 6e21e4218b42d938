import FlywheelXAPI
import Foundation

/// The progress file of a send: which run it belongs to and how many batches the LRS has acknowledged in order.
///
/// Batches may finish out of order; the file records the count of leading batches all acknowledged, so a rerun
/// regenerates the same statements and continues after them.
struct SendProgressFile {
    static let format = "flywheel.simulate-progress.v1"

    let path: String
    /// Identifies the run: every option that changes the statements or their batching.
    let run: String

    init(path: String, configuration: SimulationConfiguration, batchSize: Int) {
        self.path = path
        run =
            "seed=\(configuration.seed);learners=\(configuration.learners);days=\(configuration.days);"
            + "start=\(configuration.start);version=\(configuration.version);batch=\(batchSize)"
    }

    /// The acknowledged batch count recorded for this run, 0 when there is no file.
    /// - Throws: `SimulationError` `.progressMismatch` when the file belongs to another run or cannot be read.
    func acknowledgedBatches() throws(SimulationError) -> Int {
        guard FileManager.default.fileExists(atPath: path) else { return 0 }
        guard let bytes = FileManager.default.contents(atPath: path), let document = try? JSONValue.parse(bytes),
            document["format"]?.stringValue == Self.format, let recordedRun = document["run"]?.stringValue,
            let count = document["acknowledgedBatches"]?.numberValue?.integer
        else {
            throw SimulationError(code: .progressMismatch, message: "progress file \(path) is not readable")
        }
        guard recordedRun == run else {
            throw SimulationError(
                code: .progressMismatch,
                message: "progress file \(path) belongs to another run (\(recordedRun)); delete it to start over")
        }
        return Int(count)
    }

    /// Records `batches` leading batches and `statements` statements as acknowledged (atomically replaced).
    /// - Throws: `SimulationError` `.output` when the file cannot be written.
    func record(batches: Int, statements: Int) throws(SimulationError) {
        let document: JSONValue = [
            "format": .string(Self.format), "run": .string(run),
            "acknowledgedBatches": .number(JSONNumber(Int64(batches))),
            "acknowledgedStatements": .number(JSONNumber(Int64(statements))),
        ]
        do {
            try Data(document.serialized() + [0x0A]).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw SimulationError(code: .output, message: "cannot write progress file \(path): \(error)")
        }
    }
}
