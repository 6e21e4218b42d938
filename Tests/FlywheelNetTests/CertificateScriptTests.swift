import Foundation
import Testing

@Suite("generate-certs.sh")
struct CertificateScriptTests {
    @Test("issues a CA and leaves once, keeps keys private, and reuses them on the next run")
    func idempotentRun() async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("flywheel-script-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let script = CertificateFixture.scriptPath

        let first = try await runProcess("/bin/bash", [script, directory, "--days", "3", "ledger"])
        #expect(first.status == 0)
        let created = first.output.split(separator: "\n").map(String.init)
        #expect(
            created == ["ca.key", "ca.pem", "ledger.key", "ledger.pem"].map { "created \(directory)/\($0)" })
        for key in ["ca.key", "ledger.key"] {
            let attributes = try FileManager.default.attributesOfItem(atPath: "\(directory)/\(key)")
            #expect((attributes[.posixPermissions] as? Int) == 0o600)
        }

        let second = try await runProcess("/bin/bash", [script, directory, "--days", "3", "ledger"])
        #expect(second.status == 0)
        #expect(second.output.isEmpty)

        let text = try await runProcess(
            "/usr/bin/openssl",
            ["x509", "-in", "\(directory)/ledger.pem", "-noout", "-subject", "-ext", "subjectAltName"])
        #expect(text.output.contains("CN = ledger"))
        #expect(text.output.contains("DNS:ledger.mesh.flywheel"))
    }

    @Test("issues a leaf again once it expires within a day")
    func renewsShortLivedLeaf() async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("flywheel-script-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let script = CertificateFixture.scriptPath

        _ = try await runProcess("/bin/bash", [script, directory, "--days", "1", "ledger"])
        let again = try await runProcess("/bin/bash", [script, directory, "--days", "1", "ledger"])
        #expect(again.status == 0)
        #expect(again.output == "created \(directory)/ledger.key\ncreated \(directory)/ledger.pem\n")
    }
}
