import Foundation

/// The process's resident memory, read from `/proc/self/statm` (Linux).
public enum ResidentMemory {
    /// Resident set size in bytes, or nil where `/proc/self/statm` cannot be read.
    public static func currentBytes() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// Generates at least `statementCount` statements as NDJSON into `path` (e.g. `/dev/null`), sampling
    /// resident memory after every learner.
    /// - Parameters:
    ///   - configuration: The run; its learner count is raised if needed to reach the statement count.
    ///   - statementCount: How many statements to generate at least.
    ///   - path: Where the NDJSON goes.
    /// - Returns: The statements generated, the resident size before and the peak during the run, in bytes.
    /// - Throws: `SimulationError` when the file cannot be written.
    public static func measure(
        _ configuration: SimulationConfiguration, statementCount: Int, path: String = "/dev/null"
    ) throws(SimulationError) -> (statements: Int, startBytes: Int, peakBytes: Int) {
        var configuration = configuration
        configuration.learners = max(configuration.learners, statementCount / 100 + 1)
        let simulation = try Simulation(configuration: configuration)
        let output = try OutputFile(path: path)
        let startBytes = currentBytes() ?? 0
        var peak = startBytes
        var written = 0
        var learner = 0
        while written < statementCount && learner < configuration.learners {
            let statements = simulation.statements(forLearner: learner)
            var line: [UInt8] = []
            for statement in statements {
                line.removeAll(keepingCapacity: true)
                statement.write(into: &line)
                line.append(0x0A)
                try output.write(line)
            }
            written += statements.count
            learner += 1
            peak = max(peak, currentBytes() ?? 0)
        }
        try output.close()
        return (written, startBytes, peak)
    }
}
