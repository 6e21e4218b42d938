internal import CProtobufC
internal import Glibc

/// Reads the fields of an unpacked protobuf-c message by their position in the message descriptor.
///
/// Generated `init(reading:)` initialisers call these accessors with positions the generator took from
/// the same descriptor, so the layout always agrees with the C struct.
public struct ProtoReader {
    let base: UnsafeRawPointer
    let descriptor: UnsafePointer<ProtobufCMessageDescriptor>

    init(base: UnsafeRawPointer, descriptor: UnsafePointer<ProtobufCMessageDescriptor>) {
        self.base = base
        self.descriptor = descriptor
    }

    static func unpack(_ bytes: UnsafeRawBufferPointer, as type: MessageDescriptor) throws(ProtoError) -> ProtoReader {
        let data = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self)
        guard let message = protobuf_c_message_unpack(type.raw, nil, bytes.count, data) else {
            throw ProtoError(code: .malformed, message: "\(type.fullName): bytes are not a valid encoding (\(bytes.count) bytes)")
        }
        return ProtoReader(base: UnsafeRawPointer(message), descriptor: type.raw)
    }

    func release() {
        protobuf_c_message_free_unpacked(UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: ProtobufCMessage.self)), nil)
    }

    @inline(__always)
    private func field(_ position: Int) -> ProtobufCFieldDescriptor {
        descriptor.pointee.fields[position]
    }

    @inline(__always)
    private func load<T>(_ position: Int, as type: T.Type) -> T? {
        let field = self.field(position)
        if field.flags & PROTOBUF_C_FIELD_FLAG_ONEOF.rawValue != 0 {
            let selected = base.load(fromByteOffset: Int(field.quantifier_offset), as: UInt32.self)
            if selected != field.id { return nil }
        }
        return base.load(fromByteOffset: Int(field.offset), as: T.self)
    }

    @inline(__always)
    private func repeated<T>(_ position: Int, as type: T.Type) -> UnsafeBufferPointer<T> {
        let field = self.field(position)
        let count = base.load(fromByteOffset: Int(field.quantifier_offset), as: Int.self)
        guard count > 0, let start = base.load(fromByteOffset: Int(field.offset), as: UnsafePointer<T>?.self) else {
            return UnsafeBufferPointer(start: nil, count: 0)
        }
        return UnsafeBufferPointer(start: start, count: count)
    }

    /// True when a oneof member is the selected one, or always for other fields.
    public func isPresent(_ position: Int) -> Bool {
        let field = self.field(position)
        if field.flags & PROTOBUF_C_FIELD_FLAG_ONEOF.rawValue != 0 {
            return base.load(fromByteOffset: Int(field.quantifier_offset), as: UInt32.self) == field.id
        }
        if field.type == PROTOBUF_C_TYPE_MESSAGE && field.label != PROTOBUF_C_LABEL_REPEATED {
            return base.load(fromByteOffset: Int(field.offset), as: UnsafeRawPointer?.self) != nil
        }
        return true
    }

    public func string(_ position: Int) -> String {
        guard let pointer = load(position, as: UnsafePointer<CChar>?.self), let pointer else { return "" }
        return String(cString: pointer)
    }

    public func bytes(_ position: Int) -> [UInt8] {
        guard let binary = load(position, as: ProtobufCBinaryData.self), binary.len > 0, let data = binary.data else {
            return []
        }
        return Array(UnsafeBufferPointer(start: data, count: binary.len))
    }

    public func bool(_ position: Int) -> Bool { (load(position, as: Int32.self) ?? 0) != 0 }
    public func int32(_ position: Int) -> Int32 { load(position, as: Int32.self) ?? 0 }
    public func uint32(_ position: Int) -> UInt32 { load(position, as: UInt32.self) ?? 0 }
    public func int64(_ position: Int) -> Int64 { load(position, as: Int64.self) ?? 0 }
    public func uint64(_ position: Int) -> UInt64 { load(position, as: UInt64.self) ?? 0 }
    public func float(_ position: Int) -> Float { load(position, as: Float.self) ?? 0 }
    public func double(_ position: Int) -> Double { load(position, as: Double.self) ?? 0 }

    public func enumeration<E: ProtoEnum>(_ position: Int, as type: E.Type = E.self) -> E {
        E(rawValue: load(position, as: Int32.self) ?? 0) ?? E.protoDefault
    }

    /// The raw number of an enum field, known to this code or not.
    public func enumNumber(_ position: Int) -> Int32 { load(position, as: Int32.self) ?? 0 }

    public func message<M: ProtoMessage>(_ position: Int, as type: M.Type = M.self) -> M? {
        guard let pointer = load(position, as: UnsafeRawPointer?.self), let pointer else { return nil }
        return M(reading: ProtoReader(base: pointer, descriptor: M.protoDescriptor.raw))
    }

    /// A reader for a singular message field, or nil when it is absent.
    public func messageReader(_ position: Int) -> ProtoReader? {
        let field = self.field(position)
        guard let pointer = load(position, as: UnsafeRawPointer?.self), let pointer, let type = field.descriptor else {
            return nil
        }
        return ProtoReader(base: pointer, descriptor: type.assumingMemoryBound(to: ProtobufCMessageDescriptor.self))
    }

    /// The number of elements of a repeated field.
    public func count(_ position: Int) -> Int {
        base.load(fromByteOffset: Int(field(position).quantifier_offset), as: Int.self)
    }

    public func repeatedStrings(_ position: Int) -> [String] {
        repeated(position, as: UnsafePointer<CChar>?.self).map { $0.map { String(cString: $0) } ?? "" }
    }

    public func repeatedBytes(_ position: Int) -> [[UInt8]] {
        repeated(position, as: ProtobufCBinaryData.self).map { binary in
            guard binary.len > 0, let data = binary.data else { return [] }
            return Array(UnsafeBufferPointer(start: data, count: binary.len))
        }
    }

    public func repeatedBools(_ position: Int) -> [Bool] { repeated(position, as: Int32.self).map { $0 != 0 } }
    public func repeatedInt32s(_ position: Int) -> [Int32] { Array(repeated(position, as: Int32.self)) }
    public func repeatedUInt32s(_ position: Int) -> [UInt32] { Array(repeated(position, as: UInt32.self)) }
    public func repeatedInt64s(_ position: Int) -> [Int64] { Array(repeated(position, as: Int64.self)) }
    public func repeatedUInt64s(_ position: Int) -> [UInt64] { Array(repeated(position, as: UInt64.self)) }
    public func repeatedFloats(_ position: Int) -> [Float] { Array(repeated(position, as: Float.self)) }
    public func repeatedDoubles(_ position: Int) -> [Double] { Array(repeated(position, as: Double.self)) }

    public func repeatedEnumerations<E: ProtoEnum>(_ position: Int, as type: E.Type = E.self) -> [E] {
        repeated(position, as: Int32.self).map { E(rawValue: $0) ?? E.protoDefault }
    }

    public func repeatedMessages<M: ProtoMessage>(_ position: Int, as type: M.Type = M.self) -> [M] {
        let descriptor = M.protoDescriptor.raw
        return repeated(position, as: UnsafeRawPointer?.self).compactMap { pointer in
            pointer.map { M(reading: ProtoReader(base: $0, descriptor: descriptor)) }
        }
    }

    /// Readers for the elements of a repeated message field (maps included: each entry has key 0, value 1).
    public func messageReaders(_ position: Int) -> [ProtoReader] {
        guard let type = field(position).descriptor else { return [] }
        let descriptor = type.assumingMemoryBound(to: ProtobufCMessageDescriptor.self)
        return repeated(position, as: UnsafeRawPointer?.self).compactMap { pointer in
            pointer.map { ProtoReader(base: $0, descriptor: descriptor) }
        }
    }

    /// A `map<string, string>` field.
    public func stringMap(_ position: Int) -> [String: String] {
        var result: [String: String] = [:]
        for entry in messageReaders(position) {
            result[entry.string(0)] = entry.string(1)
        }
        return result
    }
}
