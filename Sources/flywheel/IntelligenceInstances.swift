import FlywheelContracts
import FlywheelRPC
import FlywheelService

/// Every registered intelligence instance. Each owns its directory and segments, so a change made from the
/// CLI goes to each in turn; reads go to any one of them.
struct IntelligenceInstances {
    let mesh: MeshClient

    /// Calls `body` on each instance, printing one line per instance, and fails when any call failed.
    /// - Returns: The instances' answers, by instance id.
    @discardableResult
    func change<T: Sendable>(
        _ what: String, _ body: (IntelligenceV1.Intelligence.Client) async throws -> T, line: (T) -> String
    ) async throws -> [(String, T)] {
        let instances = try await mesh.registry.resolve(
            RegistryV1.ResolveRequest(service: "intelligence"), options: CallOptions(timeout: .seconds(5))
        ).instances
        guard !instances.isEmpty else {
            throw CommandError("no intelligence instance is registered; is the mesh up (flywheel status)?")
        }
        var answers: [(String, T)] = []
        var failures: [String] = []
        for instance in instances.sorted(by: { $0.instanceID < $1.instanceID }) {
            let channel = mesh.connector.channel(service: "intelligence", address: instance.address)
            defer { channel.close() }
            do {
                let answer = try await body(IntelligenceV1.Intelligence.Client(channel: channel))
                answers.append((instance.instanceID, answer))
                print("\(instance.instanceID): \(line(answer))")
            } catch let error as RPCError {
                failures.append("\(instance.instanceID): \(error.message) (\(error.code))")
            }
        }
        guard failures.isEmpty else {
            throw CommandError("\(what) failed on \(failures.count) of \(instances.count) instances:\n"
                + failures.joined(separator: "\n"))
        }
        return answers
    }
}

extension IntelligenceInstances {
    /// Runs one call to a single intelligence instance, turning its refusal into the CLI's error.
    static func call<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as RPCError {
            throw CommandError("intelligence: \(error.message) (\(error.code))")
        }
    }
}
