import FlywheelXAPI
import Foundation

extension Simulation {
    /// The files written next to the statements.
    public struct CompanionFiles: Sendable {
        /// The learner directory as CSV.
        public let directoryCSV: String
        /// The learner directory as JSON.
        public let directoryJSON: String
        /// Every activity definition.
        public let catalogue: String
        /// The planted effects.
        public let groundTruth: String
    }

    /// The companion file paths inside `folder`.
    public func companionFiles(in folder: String) -> CompanionFiles {
        let base = URL(fileURLWithPath: folder)
        return CompanionFiles(
            directoryCSV: base.appendingPathComponent("directory.csv").path,
            directoryJSON: base.appendingPathComponent("directory.json").path,
            catalogue: base.appendingPathComponent("catalogue.json").path,
            groundTruth: base.appendingPathComponent("ground-truth.json").path)
    }

    /// Writes the learner directory (CSV and JSON), the catalogue and the ground truth into `folder`.
    /// - Returns: The paths written.
    /// - Throws: `SimulationError` `.output` when a file cannot be written.
    @discardableResult
    public func writeCompanions(in folder: String) throws(SimulationError) -> CompanionFiles {
        let files = companionFiles(in: folder)
        try LearnerDirectory.write(organisation, csvPath: files.directoryCSV, jsonPath: files.directoryJSON)
        try Self.writeDocument(CatalogueExport.document(self), to: files.catalogue)
        try Self.writeDocument(GroundTruth.document(self), to: files.groundTruth)
        return files
    }

    /// Writes every statement as NDJSON (one compact JSON statement per line), learner after learner.
    /// - Parameters:
    ///   - path: The output file (`/dev/null` works).
    ///   - onProgress: Called after each learner.
    /// - Returns: The number of statements written.
    /// - Throws: `SimulationError` `.output` when the file cannot be written.
    @discardableResult
    public func writeNDJSON(to path: String, onProgress: (RunProgress) -> Void = { _ in }) throws(SimulationError)
        -> Int
    {
        let output = try OutputFile(path: path)
        let clock = ContinuousClock.now
        var total = 0
        var buffer: [UInt8] = []
        for learner in 0..<configuration.learners {
            buffer.removeAll(keepingCapacity: true)
            let statements = statements(forLearner: learner)
            for statement in statements {
                statement.write(into: &buffer)
                buffer.append(0x0A)
            }
            try output.write(buffer)
            total += statements.count
            let elapsed = ContinuousClock.now - clock
            onProgress(
                RunProgress(
                    learnersDone: learner + 1, learnerTotal: configuration.learners, statements: total,
                    elapsedSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18))
        }
        try output.close()
        return total
    }

    private static func writeDocument(_ document: JSONValue, to path: String) throws(SimulationError) {
        let output = try OutputFile(path: path)
        try output.write(PrettyJSON.text(document) + "\n")
        try output.close()
    }
}
