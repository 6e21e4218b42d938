import Testing

@Suite("The flywheel command line")
struct CommandLineTests {
    @Test("a mistyped option, a non-number and a missing value are refused with what was wrong")
    func badOptions() async throws {
        let mesh = try LocalMesh()
        defer { mesh.stop() }
        let cases: [([String], String)] = [
            (["bench", "analytics", "--statments", "5000"], "unknown option --statments"),
            (["bench", "--seconds", "soon"], "--seconds expects a number from 0.1 to 3600.0, not 'soon'"),
            (["learners", "list", "--limit", "0"], "--limit expects a number from 1 to 100000, not '0'"),
            (["simulate", "--learners", "ten", "--out", "/dev/null"], "--learners expects a number"),
            (["creds", "create", "--name"], "--name needs a value"),
            (["status", "--verbose", "yes"], "unknown option --verbose (this command knows --certs, --registry)"),
        ]
        for (index, (arguments, message)) in cases.enumerated() {
            let run = try await IntelligenceInstancesTests.cli(arguments, mesh: mesh, name: "bad-\(index)")
            #expect(run.status == 1, "\(arguments)")
            #expect(run.output.contains(message), "\(arguments): \(run.output)")
        }
    }

    @Test("--help after a command prints that command's usage and succeeds")
    func help() async throws {
        let mesh = try LocalMesh()
        defer { mesh.stop() }
        let creds = try await IntelligenceInstancesTests.cli(["creds", "--help"], mesh: mesh, name: "help-creds")
        #expect(creds.status == 0)
        #expect(creds.output.contains("creds create --name N --scopes a,b"), "\(creds.output)")
        #expect(!creds.output.contains("simulate"), "\(creds.output)")
        let simulate = try await IntelligenceInstancesTests.cli(["simulate", "-h"], mesh: mesh, name: "help-simulate")
        #expect(simulate.status == 0)
        #expect(simulate.output.contains("--report-memory"), "\(simulate.output)")
    }
}
