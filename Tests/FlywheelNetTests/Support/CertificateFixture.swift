import Dispatch
import FlywheelNet
import Foundation

/// Certificates made at test time by ops/certs/generate-certs.sh into one temporary directory:
/// valid leaves for "ledger" and "billing", an expired "ledger" leaf, and a "ledger" leaf from a foreign CA.
struct CertificateFixture: Sendable {
    let directory: String

    /// One generation per test process, however many tests ask at once.
    private static let generation = Task { try await generate() }

    /// The script, found from this file's place in the package (Tests/FlywheelNetTests/Support).
    static var scriptPath: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("ops/certs/generate-certs.sh").path
    }

    /// The certificates, made on first use.
    static func shared() async throws -> CertificateFixture {
        try await generation.value
    }

    private static func generate() async throws -> CertificateFixture {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("flywheel-net-certs-\(getpid())").path
        for arguments in [["ledger", "billing"], ["--expired", "ledger"], ["--foreign-ca", "ledger"]] {
            let result = try await runProcess("/bin/bash", [scriptPath, directory] + arguments)
            guard result.status == 0 else {
                throw NetError(.tlsConfiguration, "generate-certs.sh \(arguments) failed: \(result.output)")
            }
        }
        return CertificateFixture(directory: directory)
    }

    /// A context for `service` from the script's valid leaves.
    func context(_ service: String) throws -> TLSContext {
        try TLSConfiguration.mesh(directory: directory, service: service).makeContext()
    }

    /// A context whose certificate file is `<leaf>.pem` (e.g. "ledger-expired"), trusting the mesh CA.
    func context(leaf: String) throws -> TLSContext {
        try TLSContext(
            TLSConfiguration(
                certificateChainPath: "\(directory)/\(leaf).pem", privateKeyPath: "\(directory)/\(leaf).key",
                trustedCAPath: "\(directory)/ca.pem"))
    }
}

/// Runs a program off the Swift concurrency threads and returns its exit status and combined output.
func runProcess(_ executable: String, _ arguments: [String]) async throws -> (status: Int32, output: String) {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            process.standardInput = FileHandle.nullDevice
            do {
                try process.run()
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                continuation.resume(returning: (process.terminationStatus, String(decoding: data, as: UTF8.self)))
            } catch {
                continuation.resume(throwing: error)
            }
        }
    }
}
