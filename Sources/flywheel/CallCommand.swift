import FlywheelContracts
import FlywheelProto
import FlywheelRPC
import FlywheelService
import Foundation

/// `flywheel call SERVICE METHOD 'JSON'`: any RPC, with JSON converted by the protobuf-c descriptors,
/// so a new method needs no change here. Streaming responses print one JSON document each.
struct CallCommand {
    let options: CommandOptions

    init(arguments: [String]) throws {
        options = try CommandOptions(arguments, values: ["to", "timeout"], booleans: ["list"])
    }

    func run() async throws {
        if options.switches.contains("list") {
            for service in ProtoSchema.services {
                print(service.fullName)
                for method in service.methods {
                    print("  \(method.name)(\(method.input.fullName)) returns (\(method.output.fullName))")
                }
            }
            return
        }
        guard options.positional.count >= 2 else {
            throw CommandError("usage: flywheel call SERVICE METHOD ['JSON']   (flywheel call --list shows them)")
        }
        let serviceName = options.positional[0]
        let methodName = options.positional[1]
        let json = options.positional.count > 2 ? options.positional[2] : "{}"

        let matches = ProtoSchema.services.filter { $0.fullName == serviceName || $0.shortName.lowercased() == serviceName.lowercased() }
        guard let service = matches.first else {
            throw CommandError("unknown service '\(serviceName)' (flywheel call --list shows them)")
        }
        guard let method = service.methods.first(where: { $0.name.lowercased() == methodName.lowercased() }) else {
            throw CommandError("\(service.fullName) has no method '\(methodName)' (it has: \(service.methods.map(\.name).joined(separator: ", ")))")
        }
        let request = try ProtoJSON.encode(try ProtoJSONValue.parse(json), as: method.input)
        let timeout = try options.number("timeout", default: 10.0, in: 0.1...3600)

        let mesh = try options.mesh()
        let target = options.flags["to"] ?? Self.targetName(of: service)
        let channel: any RPCChannel = target == "registry"
            ? mesh.connector.channel(service: "registry", address: options.registry)
            : mesh.channel(to: target)
        let rpcMethod = RPCMethod(service: service.fullName, name: method.name, kind: .serverStreaming, idempotent: false)
        let output = method.output
        try await channel.withCall(rpcMethod, options: CallOptions(timeout: .milliseconds(Int(timeout * 1000)))) { call in
            try await call.send(request, end: true)
            while let response = try await call.receive() {
                print(try ProtoJSON.text(response, as: output))
            }
        }
    }

    /// The mesh service that serves a proto service: `flywheel.registry.v1.Registry` → `registry`.
    static func targetName(of service: ServiceDescriptor) -> String {
        let parts = service.packageName.split(separator: ".")
        return parts.count >= 2 ? String(parts[1]) : service.shortName.lowercased()
    }
}
