package import CProtobufC

/// A protobuf message type, as protobuf-c describes it.
public struct MessageDescriptor: @unchecked Sendable, Hashable, CustomStringConvertible {
    package let raw: UnsafePointer<ProtobufCMessageDescriptor>

    package init(_ raw: UnsafePointer<ProtobufCMessageDescriptor>) {
        self.raw = raw
    }

    /// The full name, such as `flywheel.registry.v1.Instance`.
    public var fullName: String { String(cString: raw.pointee.name) }

    /// The name without its package, such as `Instance`.
    public var shortName: String { String(cString: raw.pointee.short_name) }

    /// The package, such as `flywheel.registry.v1`.
    public var packageName: String { String(cString: raw.pointee.package_name) }

    /// The fields in the order protobuf-c lists them (by field number).
    public var fields: [FieldDescriptor] {
        (0..<Int(raw.pointee.n_fields)).map { FieldDescriptor(raw.pointee.fields + $0) }
    }

    /// The field with a proto name (`instance_id`) or JSON name (`instanceId`), or nil.
    public func field(named name: String) -> FieldDescriptor? {
        fields.first { $0.name == name || $0.jsonName == name }
    }

    /// True for the synthetic `XxxEntry` messages protoc makes for `map<K, V>` fields.
    public var isMapEntry: Bool {
        let fields = self.fields
        return fields.count == 2 && fields[0].name == "key" && fields[0].number == 1
            && fields[1].name == "value" && fields[1].number == 2 && shortName.hasSuffix("Entry")
            && fullName.dropLast(shortName.count + 1).contains(".")
            && ProtoSchema.lookupMessage(named: String(fullName.dropLast(shortName.count + 1))) != nil
    }

    public var description: String { fullName }

    public static func == (lhs: MessageDescriptor, rhs: MessageDescriptor) -> Bool { lhs.raw == rhs.raw }

    public func hash(into hasher: inout Hasher) { hasher.combine(raw) }
}

/// The wire type of a field's values.
public enum FieldType: Sendable, Hashable {
    case int32, sint32, sfixed32, int64, sint64, sfixed64
    case uint32, fixed32, uint64, fixed64
    case float, double, bool, enumeration, string, bytes, message

    init(_ type: ProtobufCType) {
        switch type {
        case PROTOBUF_C_TYPE_INT32: self = .int32
        case PROTOBUF_C_TYPE_SINT32: self = .sint32
        case PROTOBUF_C_TYPE_SFIXED32: self = .sfixed32
        case PROTOBUF_C_TYPE_INT64: self = .int64
        case PROTOBUF_C_TYPE_SINT64: self = .sint64
        case PROTOBUF_C_TYPE_SFIXED64: self = .sfixed64
        case PROTOBUF_C_TYPE_UINT32: self = .uint32
        case PROTOBUF_C_TYPE_FIXED32: self = .fixed32
        case PROTOBUF_C_TYPE_UINT64: self = .uint64
        case PROTOBUF_C_TYPE_FIXED64: self = .fixed64
        case PROTOBUF_C_TYPE_FLOAT: self = .float
        case PROTOBUF_C_TYPE_DOUBLE: self = .double
        case PROTOBUF_C_TYPE_BOOL: self = .bool
        case PROTOBUF_C_TYPE_ENUM: self = .enumeration
        case PROTOBUF_C_TYPE_STRING: self = .string
        case PROTOBUF_C_TYPE_BYTES: self = .bytes
        default: self = .message
        }
    }
}

/// One field of a message type.
public struct FieldDescriptor: @unchecked Sendable, Hashable {
    package let raw: UnsafePointer<ProtobufCFieldDescriptor>

    package init(_ raw: UnsafePointer<ProtobufCFieldDescriptor>) {
        self.raw = raw
    }

    /// The name as written in the `.proto` file, `instance_id`.
    public var name: String { String(cString: raw.pointee.name) }

    /// The proto3 JSON name, `instanceId`.
    public var jsonName: String {
        var result = ""
        var upperNext = false
        for character in name {
            if character == "_" {
                upperNext = true
            } else if upperNext {
                result += character.uppercased()
                upperNext = false
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// The field number.
    public var number: UInt32 { raw.pointee.id }

    /// The type of the field's values.
    public var type: FieldType { FieldType(raw.pointee.type) }

    /// True for `repeated` fields (maps included).
    public var isRepeated: Bool { raw.pointee.label == PROTOBUF_C_LABEL_REPEATED }

    /// True for members of a `oneof`.
    public var isOneofMember: Bool { raw.pointee.flags & PROTOBUF_C_FIELD_FLAG_ONEOF.rawValue != 0 }

    /// The message type of a message field.
    public var messageType: MessageDescriptor? {
        guard type == .message, let pointer = raw.pointee.descriptor else { return nil }
        return MessageDescriptor(pointer.assumingMemoryBound(to: ProtobufCMessageDescriptor.self))
    }

    /// The enum type of an enum field.
    public var enumType: EnumDescriptor? {
        guard type == .enumeration, let pointer = raw.pointee.descriptor else { return nil }
        return EnumDescriptor(pointer.assumingMemoryBound(to: ProtobufCEnumDescriptor.self))
    }

    /// True for `map<K, V>` fields.
    public var isMap: Bool { isRepeated && (messageType?.isMapEntry ?? false) }

    public static func == (lhs: FieldDescriptor, rhs: FieldDescriptor) -> Bool { lhs.raw == rhs.raw }

    public func hash(into hasher: inout Hasher) { hasher.combine(raw) }
}

/// A protobuf enum type.
public struct EnumDescriptor: @unchecked Sendable, Hashable {
    package let raw: UnsafePointer<ProtobufCEnumDescriptor>

    package init(_ raw: UnsafePointer<ProtobufCEnumDescriptor>) {
        self.raw = raw
    }

    /// The full name, such as `flywheel.registry.v1.WatchEvent.Kind`.
    public var fullName: String { String(cString: raw.pointee.name) }

    /// The name without its package or enclosing messages.
    public var shortName: String { String(cString: raw.pointee.short_name) }

    /// The values in declaration order, as (name, number) pairs.
    public var values: [(name: String, number: Int32)] {
        (0..<Int(raw.pointee.n_values)).map { position in
            let value = raw.pointee.values[position]
            return (String(cString: value.name), Int32(value.value))
        }
    }

    /// The name of a number, or nil when the enum has no such value.
    public func name(of number: Int32) -> String? {
        values.first { $0.number == number }?.name
    }

    /// The number of a value name, or nil.
    public func number(of name: String) -> Int32? {
        values.first { $0.name == name }?.number
    }

    public static func == (lhs: EnumDescriptor, rhs: EnumDescriptor) -> Bool { lhs.raw == rhs.raw }

    public func hash(into hasher: inout Hasher) { hasher.combine(raw) }
}

/// A protobuf service and its methods.
public struct ServiceDescriptor: @unchecked Sendable, Hashable {
    package let raw: UnsafePointer<ProtobufCServiceDescriptor>

    package init(_ raw: UnsafePointer<ProtobufCServiceDescriptor>) {
        self.raw = raw
    }

    /// The full name, such as `flywheel.registry.v1.Registry`.
    public var fullName: String { String(cString: raw.pointee.name) }

    /// The package, such as `flywheel.registry.v1`.
    public var packageName: String { String(cString: raw.pointee.package) }

    /// The name without its package, such as `Registry`.
    public var shortName: String { String(cString: raw.pointee.short_name) }

    /// The methods in declaration order.
    public var methods: [(name: String, input: MessageDescriptor, output: MessageDescriptor)] {
        (0..<Int(raw.pointee.n_methods)).map { position in
            let method = raw.pointee.methods[position]
            return (String(cString: method.name), MessageDescriptor(method.input), MessageDescriptor(method.output))
        }
    }

    public static func == (lhs: ServiceDescriptor, rhs: ServiceDescriptor) -> Bool { lhs.raw == rhs.raw }

    public func hash(into hasher: inout Hasher) { hasher.combine(raw) }
}
