import FlywheelNet
import FlywheelRPC
import FlywheelService
import Foundation

/// A command's arguments: positional words, `--name value` flags, switches, and the two flags every command
/// shares (where the certificates are and where the registry listens).
struct CommandOptions {
    /// `--certs`, when it was given.
    private(set) var explicitCerts: String?
    var registry = ProcessInfo.processInfo.environment["FLYWHEEL_REGISTRY"] ?? "127.0.0.1:7400"
    var positional: [String] = []
    var flags: [String: String] = [:]
    var switches: Set<String> = []

    /// The certificate folder: `--certs`, else `FLYWHEEL_CERTS`, else `.flywheel/certs`.
    var certs: String {
        explicitCerts ?? ProcessInfo.processInfo.environment["FLYWHEEL_CERTS"] ?? ".flywheel/certs"
    }

    /// Parses the arguments.
    /// - Parameters:
    ///   - arguments: The words after the command.
    ///   - values: The flags the command takes with a value, besides `certs` and `registry`.
    ///   - booleans: The flags it takes without one.
    /// - Throws: `CommandError` naming an unknown flag (with the known ones) or a flag missing its value.
    init(_ arguments: [String], values: Set<String> = [], booleans: Set<String> = []) throws {
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            guard argument.hasPrefix("--") else {
                positional.append(argument)
                continue
            }
            let name = String(argument.dropFirst(2))
            if booleans.contains(name) {
                switches.insert(name)
                continue
            }
            guard values.contains(name) || name == "certs" || name == "registry" else {
                let known = values.union(booleans).union(["certs", "registry"]).sorted().map { "--\($0)" }
                throw CommandError("unknown option --\(name) (this command knows \(known.joined(separator: ", ")))")
            }
            guard let value = iterator.next() else { throw CommandError("--\(name) needs a value") }
            switch name {
            case "certs": explicitCerts = value
            case "registry": registry = value
            default: flags[name] = value
            }
        }
    }

    /// A flag's value as a number in `range`, or `fallback` when the flag is absent.
    /// - Throws: `CommandError` when the value is not such a number.
    func number<Value: Comparable & LosslessStringConvertible>(
        _ name: String, default fallback: Value, in range: ClosedRange<Value>
    ) throws -> Value {
        guard let text = flags[name] else { return fallback }
        guard let value = Value(text), range.contains(value) else {
            throw CommandError("--\(name) expects a number from \(range.lowerBound) to \(range.upperBound), not '\(text)'")
        }
        return value
    }

    /// The CLI's own connection settings: it calls the mesh as the `cli` service.
    func connector() throws -> TLSConnector {
        let tls = TLSConfiguration.mesh(directory: certs, service: "cli")
        guard FileManager.default.isReadableFile(atPath: tls.certificateChainPath) else {
            throw CommandError("no CLI certificate at \(tls.certificateChainPath): start the mesh with 'flywheel up' or run ops/certs/generate-certs.sh \(certs) cli")
        }
        return TLSConnector(context: try tls.makeContext(), group: try EventLoopGroup(loopCount: 1))
    }

    func mesh() throws -> MeshClient {
        MeshClient(connector: try connector(), registryAddress: registry)
    }
}

struct CommandError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
