import FlywheelNet
import Foundation
import Testing

@Suite("TLSContext")
struct TLSContextTests {
    @Test("loads the script's files and learns its own service name")
    func loadsMeshFiles() async throws {
        let certificates = try await CertificateFixture.shared()
        let context = try certificates.context("ledger")
        #expect(context.localService == "ledger")
    }

    @Test("names the file and the reason when a certificate file holds no certificate")
    func noCertificate() async throws {
        let certificates = try await CertificateFixture.shared()
        let bogus = FileManager.default.temporaryDirectory.appendingPathComponent("flywheel-bogus-\(getpid()).pem").path
        try "not a certificate\n".write(toFile: bogus, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: bogus) }

        let error = #expect(throws: NetError.self) {
            _ = try TLSContext(
                TLSConfiguration(
                    certificateChainPath: bogus, privateKeyPath: "\(certificates.directory)/ledger.key",
                    trustedCAPath: "\(certificates.directory)/ca.pem"))
        }
        #expect(error?.code == .tlsConfiguration)
        #expect(error?.message == "\(bogus): no certificate found")
    }

    @Test("names the file when it cannot be read")
    func missingFile() async throws {
        let certificates = try await CertificateFixture.shared()
        let error = #expect(throws: NetError.self) {
            _ = try TLSContext(
                TLSConfiguration(
                    certificateChainPath: "\(certificates.directory)/ledger.pem",
                    privateKeyPath: "\(certificates.directory)/nowhere.key",
                    trustedCAPath: "\(certificates.directory)/ca.pem"))
        }
        #expect(error?.message == "\(certificates.directory)/nowhere.key: cannot read: No such file or directory")
    }

    @Test("refuses a private key that belongs to another certificate")
    func mismatchedKey() async throws {
        let certificates = try await CertificateFixture.shared()
        let directory = certificates.directory
        let error = #expect(throws: NetError.self) {
            _ = try TLSContext(
                TLSConfiguration(
                    certificateChainPath: "\(directory)/ledger.pem", privateKeyPath: "\(directory)/billing.key",
                    trustedCAPath: "\(directory)/ca.pem"))
        }
        #expect(error?.message == "\(directory)/billing.key: private key does not match \(directory)/ledger.pem")
    }
}
