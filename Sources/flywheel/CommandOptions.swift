import FlywheelNet
import FlywheelRPC
import FlywheelService
import Foundation

/// Flags shared by the commands: where the certificates are and where the registry listens.
struct CommandOptions {
    var certs = ProcessInfo.processInfo.environment["FLYWHEEL_CERTS"] ?? ".flywheel/certs"
    var registry = ProcessInfo.processInfo.environment["FLYWHEEL_REGISTRY"] ?? "127.0.0.1:7400"
    var positional: [String] = []
    var flags: [String: String] = [:]
    var switches: Set<String> = []

    /// Parses `--key value` flags; `booleans` names flags that take no value.
    init(_ arguments: [String], booleans: Set<String> = []) throws {
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            if argument.hasPrefix("--") {
                let name = String(argument.dropFirst(2))
                if booleans.contains(name) {
                    switches.insert(name)
                    continue
                }
                guard let value = iterator.next() else { throw CommandError("--\(name) needs a value") }
                switch name {
                case "certs": certs = value
                case "registry": registry = value
                default: flags[name] = value
                }
            } else {
                positional.append(argument)
            }
        }
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
