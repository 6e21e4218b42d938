import FlywheelContracts
import FlywheelRPC
import FlywheelService
import Foundation

/// `flywheel segments define NAME 'FILTER'`, `segments list` and `segments remove NAME`: named filters over
/// learner attributes, kept by the intelligence service.
struct SegmentsCommand {
    let options: CommandOptions

    init(arguments: [String]) throws {
        options = try CommandOptions(arguments)
    }

    func run() async throws {
        let mesh = try options.mesh()
        let client = IntelligenceV1.Intelligence.Client(channel: mesh.channel(to: "intelligence"))
        // Every instance keeps its own segments: changes go to each.
        let instances = IntelligenceInstances(mesh: mesh)
        let timeout = CallOptions(timeout: .seconds(10))
        switch options.positional.first {
        case "define":
            guard options.positional.count == 3 else {
                throw CommandError("usage: flywheel segments define NAME 'department=Sales and tenure<1y'")
            }
            try await instances.change("define") { instance in
                try await instance.defineSegment(
                    IntelligenceV1.DefineSegmentRequest(name: options.positional[1], filter: options.positional[2]),
                    options: timeout)
            } line: { answer in
                let segment = answer.segment ?? IntelligenceV1.Segment()
                return "\(answer.replaced ? "redefined" : "defined") \(segment.name): \(segment.filter) "
                    + "(\(segment.learnerCount) learners)"
            }
        case "list":
            let answer = try await IntelligenceInstances.call { try await client.listSegments(IntelligenceV1.ListSegmentsRequest(), options: timeout) }
            var rows = [["SEGMENT", "LEARNERS", "FILTER"]]
            rows += answer.segments.map { [$0.name, "\($0.learnerCount)", $0.filter] }
            print(Table.render(rows))
            if answer.segments.isEmpty { print("(no segments defined)") }
        case "remove":
            guard options.positional.count == 2 else { throw CommandError("usage: flywheel segments remove NAME") }
            let name = options.positional[1]
            try await instances.change("remove") { instance in
                try await instance.removeSegment(IntelligenceV1.RemoveSegmentRequest(name: name), options: timeout)
            } line: { answer in
                answer.removed ? "removed \(name)" : "no segment named \(name)"
            }
        default:
            throw CommandError("usage: flywheel segments define NAME 'FILTER' | segments list | segments remove NAME")
        }
    }
}
