import FlywheelContracts
import FlywheelRPC
import FlywheelService
import Foundation

/// `flywheel learners import FILE [--format csv|json]` and `flywheel learners list [--segment NAME] [--limit N]`:
/// the intelligence service's learner directory.
struct LearnersCommand {
    let options: CommandOptions
    let limit: UInt32

    init(arguments: [String]) throws {
        options = try CommandOptions(arguments, values: ["format", "limit", "segment"])
        limit = try options.number("limit", default: 50, in: 1...100_000)
    }

    func run() async throws {
        let mesh = try options.mesh()
        let client = IntelligenceV1.Intelligence.Client(channel: mesh.channel(to: "intelligence"))
        switch options.positional.first {
        case "import":
            guard options.positional.count == 2 else { throw CommandError("usage: flywheel learners import FILE") }
            let path = options.positional[1]
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CommandError("cannot read \(path)")
            }
            let format = options.flags["format"] ?? (path.hasSuffix(".json") ? "json" : path.hasSuffix(".csv") ? "csv" : "")
            // Every instance keeps its own directory: import into each.
            try await IntelligenceInstances(mesh: mesh).change("import") { instance in
                try await instance.importLearners(
                    IntelligenceV1.ImportLearnersRequest(content: Array(data), format: format),
                    options: CallOptions(timeout: .seconds(60)))
            } line: { answer in
                "imported \(path): \(answer.added) added, \(answer.updated) updated, \(answer.total) in the directory"
            }
        case "list":
            let answer = try await IntelligenceInstances.call {
                try await client.listLearners(
                    IntelligenceV1.ListLearnersRequest(segment: options.flags["segment"] ?? "", limit: limit),
                    options: CallOptions(timeout: .seconds(10)))
            }
            var rows = [["EMPLOYEE", "NAME", "DEPARTMENT", "ROLE", "LOCATION", "TENURE", "MANAGER"]]
            rows += answer.learners.map {
                [$0.employeeID, $0.name, $0.department, $0.role, $0.location, $0.tenureBand, $0.isManager ? "yes" : ""]
            }
            print(Table.render(rows))
            print("(\(answer.learners.count) of \(answer.total) learners)")
        default:
            throw CommandError(
                "usage: flywheel learners import FILE [--format csv|json] | learners list [--segment NAME] [--limit N]")
        }
    }
}
