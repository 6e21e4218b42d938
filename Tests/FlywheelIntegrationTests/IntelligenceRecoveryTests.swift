import FlywheelContracts
import FlywheelRPC
import FlywheelService
import Foundation
import Testing

/// The intelligence service as a real process, following a real ingest while statements arrive.
@Suite("Intelligence recovery", .serialized)
struct IntelligenceRecoveryTests {
    @Test("SIGKILL while following the Feed, then restart: every aggregate equals a from-scratch rebuild")
    func sigkillEqualsRebuild() async throws {
        let lrs = try await StatementDurabilityTests.startLRS()
        defer { lrs.mesh.stop() }
        let mesh = lrs.mesh
        try mesh.start("flywheel-intelligence", instance: "intelligence-1", arguments: ["--feed-batch", "200"])
        let client = try mesh.client()
        _ = try await mesh.waitForInstances("intelligence", count: 1, mesh: client)

        let parts = StatementDurabilityTests.credential.split(separator: ":")
        let sender = try MeshProcess(
            executable: LocalMesh.binaries.appendingPathComponent("flywheel").path,
            arguments: ["simulate", "--learners", "60", "--days", "30", "--seed", "21", "--to", lrs.baseURL,
                        "--key", String(parts[0]), "--secret", String(parts[1]), "--batch", "50",
                        "--data", mesh.folder.appendingPathComponent("sent").path],
            log: mesh.folder.appendingPathComponent("simulate.log").path)

        // Kill the follower once it is part-way through, while statements are still arriving.
        let first = try await address(of: "intelligence-1", mesh: mesh, client: client)
        let firstClient = IntelligenceV1.Intelligence.Client(channel: client.connector.channel(service: "intelligence", address: first))
        var applied: UInt64 = 0
        for _ in 0..<400 where applied < 1000 {
            applied = (try? await firstClient.getStatus(IntelligenceV1.GetStatusRequest()).appliedSequence) ?? 0
            try await Task.sleep(for: .milliseconds(25))
        }
        #expect(applied >= 1000)
        mesh.processes["intelligence-1"]?.kill()
        try mesh.start("flywheel-intelligence", instance: "intelligence-1", arguments: ["--feed-batch", "200"])
        #expect(await sender.waitForExit(timeout: .seconds(120)) == 0, "\(sender.logText)")

        let ingest = IngestV1.Ingest.Client(channel: client.channel(to: "ingest"))
        let last = try await ingest.stats(IngestV1.StatsRequest()).lastSequence
        #expect(last > applied)

        // A second instance on an empty store rebuilds from the start of the Feed.
        try mesh.start("flywheel-intelligence", instance: "intelligence-2", arguments: ["--feed-batch", "1000"])
        _ = try await mesh.waitForInstances("intelligence", count: 2, mesh: client)
        let recovered = IntelligenceV1.Intelligence.Client(
            channel: client.connector.channel(service: "intelligence", address: try await address(of: "intelligence-1", mesh: mesh, client: client)))
        let rebuilt = IntelligenceV1.Intelligence.Client(
            channel: client.connector.channel(service: "intelligence", address: try await address(of: "intelligence-2", mesh: mesh, client: client)))
        for instance in [recovered, rebuilt] {
            for _ in 0..<600 {
                if (try? await instance.getStatus(IntelligenceV1.GetStatusRequest()).appliedSequence) == last { break }
                try await Task.sleep(for: .milliseconds(50))
            }
        }

        let statusA = try await recovered.getStatus(IntelligenceV1.GetStatusRequest())
        let statusB = try await rebuilt.getStatus(IntelligenceV1.GetStatusRequest())
        #expect(statusA.appliedSequence == last)
        #expect(statusA == statusB)
        for bucket in [IntelligenceV1.TimeBucket.day, .week] {
            let request = IntelligenceV1.GetMeasuresRequest(bucket: bucket)
            let a = try await recovered.getMeasures(request)
            let b = try await rebuilt.getMeasures(request)
            #expect(a == b, "measures by \(bucket) differ after recovery")
            #expect((a.total?.launches ?? 0) > 0)
        }
        let leadersA = try await recovered.getLeaderboard(IntelligenceV1.GetLeaderboardRequest())
        let leadersB = try await rebuilt.getLeaderboard(IntelligenceV1.GetLeaderboardRequest())
        #expect(leadersA == leadersB)
    }

    private func address(of instanceID: String, mesh: LocalMesh, client: MeshClient) async throws -> String {
        for _ in 0..<200 {
            let instances = try await client.registry.resolve(RegistryV1.ResolveRequest(service: "intelligence")).instances
            if let instance = instances.first(where: { $0.instanceID == instanceID }) { return instance.address }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw MeshError("\(instanceID) did not register; logs in \(mesh.folder.path)")
    }
}
