import FlywheelContracts
import FlywheelRPC
import FlywheelService
import Foundation
import Testing

/// Two intelligence processes side by side: the CLI's directory and segment changes reach both.
@Suite("Intelligence instances", .serialized)
struct IntelligenceInstancesTests {
    @Test("flywheel learners import and segments define/remove change every registered instance")
    func changesReachEveryInstance() async throws {
        let mesh = try LocalMesh()
        defer { mesh.stop() }
        try mesh.startRegistry()
        try mesh.start("flywheel-ingest", instance: "ingest-1")
        try mesh.start("flywheel-intelligence", instance: "intelligence-1")
        try mesh.start("flywheel-intelligence", instance: "intelligence-2")
        let client = try mesh.client()
        let instances = try await mesh.waitForInstances("intelligence", count: 2, mesh: client)

        let csv = mesh.folder.appendingPathComponent("directory.csv")
        try """
            employee_id,name,email,department,role,location,time_zone,tenure_band,manager_id,is_manager
            E1,Ann Lee,ann@example.com,Sales,Account Executive,London,Europe/London,<1y,,false
            E2,Bo Chen,bo@example.com,Sales,Account Executive,London,Europe/London,3-5y,E3,false
            E3,Cy Dee,cy@example.com,Engineering,Engineer,Berlin,Europe/Berlin,<1y,,true

            """.write(to: csv, atomically: true, encoding: .utf8)
        let connection = ["--certs", mesh.certs, "--registry", mesh.registryAddress]
        let imported = try await Self.cli(["learners", "import", csv.path] + connection, mesh: mesh, name: "import")
        #expect(imported.status == 0, "\(imported.output)")
        #expect(imported.output.contains("intelligence-1: imported") && imported.output.contains("intelligence-2: imported"))
        let defined = try await Self.cli(["segments", "define", "new", "tenure<1y"] + connection, mesh: mesh, name: "define")
        #expect(defined.status == 0, "\(defined.output)")

        for instance in instances {
            let direct = IntelligenceV1.Intelligence.Client(
                channel: client.connector.channel(service: "intelligence", address: instance.address))
            let status = try await direct.getStatus(IntelligenceV1.GetStatusRequest())
            #expect(status.learners == 3, "\(instance.instanceID)")
            let segments = try await direct.listSegments(IntelligenceV1.ListSegmentsRequest())
            #expect(segments.segments.map(\.name) == ["new"], "\(instance.instanceID)")
            #expect(segments.segments.first?.learnerCount == 2, "\(instance.instanceID)")
        }

        let removed = try await Self.cli(["segments", "remove", "new"] + connection, mesh: mesh, name: "remove")
        #expect(removed.status == 0 && removed.output.components(separatedBy: "removed new").count == 3, "\(removed.output)")
        let badFilter = try await Self.cli(["segments", "define", "x", "role==Boss"] + connection, mesh: mesh, name: "bad")
        #expect(badFilter.status != 0)
        #expect(badFilter.output.contains("failed on 2 of 2 instances"), "\(badFilter.output)")
    }

    /// Runs the CLI to completion; its exit status and everything it printed.
    static func cli(_ arguments: [String], mesh: LocalMesh, name: String) async throws -> (status: Int32, output: String) {
        let process = try MeshProcess(
            executable: LocalMesh.binaries.appendingPathComponent("flywheel").path, arguments: arguments,
            log: mesh.folder.appendingPathComponent("cli-\(name).log").path)
        let status = await process.waitForExit(timeout: .seconds(60)) ?? -1
        return (status, process.logText)
    }
}
