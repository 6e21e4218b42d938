import CFlywheelContracts
import CProtobufC

/// The index of every message, enum and service compiled from `proto/`, found by full name.
///
/// The index is built once, on first use, from the descriptor table that
/// `ops/codegen/generate-contracts.sh` writes into the `CFlywheelContracts` C target.
public enum ProtoSchema {
    private static let index = SchemaIndex()

    /// The descriptor of a message, such as `flywheel.registry.v1.Instance`.
    ///
    /// Generated code calls this for its own types, which are always present; a missing name is a
    /// programming error (stale generated code) and stops the process.
    public static func message(named name: String) -> MessageDescriptor {
        guard let descriptor = index.messages[name] else {
            fatalError("proto message \(name) is not in the contracts index: regenerate the contracts")
        }
        return descriptor
    }

    /// The descriptor of a message, or nil when no `.proto` file defines it.
    public static func lookupMessage(named name: String) -> MessageDescriptor? {
        index.messages[name]
    }

    /// The descriptor of an enum, or nil when no `.proto` file defines it.
    public static func lookupEnum(named name: String) -> EnumDescriptor? {
        index.enums[name]
    }

    /// Every service defined under `proto/`, sorted by full name.
    public static var services: [ServiceDescriptor] { index.services }

    /// Every message defined under `proto/`, sorted by full name.
    public static var messages: [MessageDescriptor] {
        index.messages.values.sorted { $0.fullName < $1.fullName }
    }

    /// Every enum defined under `proto/`, sorted by full name.
    public static var enums: [EnumDescriptor] {
        index.enums.values.sorted { $0.fullName < $1.fullName }
    }

    /// The service with a full name such as `flywheel.registry.v1.Registry`, or nil.
    public static func lookupService(named name: String) -> ServiceDescriptor? {
        index.services.first { $0.fullName == name }
    }
}

private struct SchemaIndex: Sendable {
    let messages: [String: MessageDescriptor]
    let enums: [String: EnumDescriptor]
    let services: [ServiceDescriptor]

    init() {
        var messages: [String: MessageDescriptor] = [:]
        for position in 0..<flywheel_contracts_message_count() {
            let descriptor = MessageDescriptor(flywheel_contracts_message_at(position)!)
            messages[descriptor.fullName] = descriptor
        }
        var enums: [String: EnumDescriptor] = [:]
        for position in 0..<flywheel_contracts_enum_count() {
            let descriptor = EnumDescriptor(flywheel_contracts_enum_at(position)!)
            enums[descriptor.fullName] = descriptor
        }
        var services: [ServiceDescriptor] = []
        for position in 0..<flywheel_contracts_service_count() {
            services.append(ServiceDescriptor(flywheel_contracts_service_at(position)!))
        }
        self.messages = messages
        self.enums = enums
        self.services = services.sorted { $0.fullName < $1.fullName }
    }
}
