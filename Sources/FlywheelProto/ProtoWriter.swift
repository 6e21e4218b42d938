internal import CProtobufC
internal import Glibc

/// Builds a protobuf-c message field by field, for protobuf-c to pack.
///
/// Every allocation is made with `malloc`, so `protobuf_c_message_free_unpacked` with the default
/// allocator releases the whole tree once the message is packed.
public struct ProtoWriter {
    let base: UnsafeMutableRawPointer
    let descriptor: UnsafePointer<ProtobufCMessageDescriptor>

    init(descriptor type: MessageDescriptor) {
        self.init(descriptor: type.raw)
    }

    init(descriptor: UnsafePointer<ProtobufCMessageDescriptor>) {
        self.descriptor = descriptor
        base = malloc(descriptor.pointee.sizeof_message)!
        descriptor.pointee.message_init(base.assumingMemoryBound(to: ProtobufCMessage.self))
    }

    func release() {
        protobuf_c_message_free_unpacked(base.assumingMemoryBound(to: ProtobufCMessage.self), nil)
    }

    func pack() -> [UInt8] {
        let message = UnsafePointer(base.assumingMemoryBound(to: ProtobufCMessage.self))
        let size = protobuf_c_message_get_packed_size(message)
        return [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = protobuf_c_message_pack(message, buffer.baseAddress)
        }
    }

    @inline(__always)
    private func field(_ position: Int) -> ProtobufCFieldDescriptor {
        descriptor.pointee.fields[position]
    }

    @inline(__always)
    private func store<T>(_ position: Int, _ value: T) {
        let field = self.field(position)
        if field.flags & PROTOBUF_C_FIELD_FLAG_ONEOF.rawValue != 0 {
            base.storeBytes(of: field.id, toByteOffset: Int(field.quantifier_offset), as: UInt32.self)
        }
        base.storeBytes(of: value, toByteOffset: Int(field.offset), as: T.self)
    }

    @inline(__always)
    private func storeRepeated<T>(_ position: Int, _ values: some Collection<T>) {
        guard !values.isEmpty else { return }
        let field = self.field(position)
        let array = malloc(MemoryLayout<T>.stride * values.count)!.bindMemory(to: T.self, capacity: values.count)
        _ = UnsafeMutableBufferPointer(start: array, count: values.count).initialize(from: values)
        base.storeBytes(of: values.count, toByteOffset: Int(field.quantifier_offset), as: Int.self)
        base.storeBytes(of: UnsafeMutableRawPointer(array), toByteOffset: Int(field.offset), as: UnsafeMutableRawPointer.self)
    }

    private static func copy(_ string: String) -> UnsafeMutablePointer<CChar> {
        var string = string
        return string.withUTF8 { utf8 in
            let pointer = malloc(utf8.count + 1)!.assumingMemoryBound(to: UInt8.self)
            if let source = utf8.baseAddress { pointer.update(from: source, count: utf8.count) }
            pointer[utf8.count] = 0
            return UnsafeMutableRawPointer(pointer).assumingMemoryBound(to: CChar.self)
        }
    }

    private static func copy(_ bytes: [UInt8]) -> ProtobufCBinaryData {
        let pointer = malloc(bytes.count)!.assumingMemoryBound(to: UInt8.self)
        bytes.withUnsafeBufferPointer { pointer.update(from: $0.baseAddress!, count: bytes.count) }
        return ProtobufCBinaryData(len: bytes.count, data: pointer)
    }

    public mutating func setString(_ position: Int, _ value: String) {
        if value.isEmpty && field(position).flags & PROTOBUF_C_FIELD_FLAG_ONEOF.rawValue == 0 { return }
        store(position, Self.copy(value))
    }

    public mutating func setBytes(_ position: Int, _ value: [UInt8]) {
        if value.isEmpty && field(position).flags & PROTOBUF_C_FIELD_FLAG_ONEOF.rawValue == 0 { return }
        store(position, value.isEmpty ? ProtobufCBinaryData(len: 0, data: nil) : Self.copy(value))
    }

    public mutating func setBool(_ position: Int, _ value: Bool) { store(position, Int32(value ? 1 : 0)) }
    public mutating func setInt32(_ position: Int, _ value: Int32) { store(position, value) }
    public mutating func setUInt32(_ position: Int, _ value: UInt32) { store(position, value) }
    public mutating func setInt64(_ position: Int, _ value: Int64) { store(position, value) }
    public mutating func setUInt64(_ position: Int, _ value: UInt64) { store(position, value) }
    public mutating func setFloat(_ position: Int, _ value: Float) { store(position, value) }
    public mutating func setDouble(_ position: Int, _ value: Double) { store(position, value) }
    public mutating func setEnumeration<E: ProtoEnum>(_ position: Int, _ value: E) { store(position, value.rawValue) }
    public mutating func setEnumNumber(_ position: Int, _ value: Int32) { store(position, value) }

    public mutating func setMessage<M: ProtoMessage>(_ position: Int, _ value: M?) {
        guard let value else { return }
        var child = ProtoWriter(descriptor: M.protoDescriptor)
        value.write(to: &child)
        store(position, child.base)
    }

    /// Starts a child message for a singular message field; fill it, then pass it to `setMessage(_:writer:)`.
    public func makeChild(_ position: Int) -> ProtoWriter {
        let type = field(position).descriptor!.assumingMemoryBound(to: ProtobufCMessageDescriptor.self)
        return ProtoWriter(descriptor: type)
    }

    public mutating func setMessage(_ position: Int, writer child: ProtoWriter) {
        store(position, child.base)
    }

    /// Sets a repeated message field from writers made by `makeChild(_:)` and filled.
    public mutating func setMessages(_ position: Int, writers children: [ProtoWriter]) {
        storeRepeated(position, children.map { UnsafeMutableRawPointer?.some($0.base) })
    }

    public mutating func setStrings(_ position: Int, _ values: [String]) {
        storeRepeated(position, values.map { Optional(Self.copy($0)) })
    }

    public mutating func setBytesList(_ position: Int, _ values: [[UInt8]]) {
        storeRepeated(position, values.map { $0.isEmpty ? ProtobufCBinaryData(len: 0, data: nil) : Self.copy($0) })
    }

    public mutating func setBools(_ position: Int, _ values: [Bool]) { storeRepeated(position, values.map { Int32($0 ? 1 : 0) }) }
    public mutating func setInt32s(_ position: Int, _ values: [Int32]) { storeRepeated(position, values) }
    public mutating func setUInt32s(_ position: Int, _ values: [UInt32]) { storeRepeated(position, values) }
    public mutating func setInt64s(_ position: Int, _ values: [Int64]) { storeRepeated(position, values) }
    public mutating func setUInt64s(_ position: Int, _ values: [UInt64]) { storeRepeated(position, values) }
    public mutating func setFloats(_ position: Int, _ values: [Float]) { storeRepeated(position, values) }
    public mutating func setDoubles(_ position: Int, _ values: [Double]) { storeRepeated(position, values) }

    public mutating func setEnumerations<E: ProtoEnum>(_ position: Int, _ values: [E]) {
        storeRepeated(position, values.map(\.rawValue))
    }

    public mutating func setMessages<M: ProtoMessage>(_ position: Int, _ values: [M]) {
        storeRepeated(position, values.map { value -> UnsafeMutableRawPointer? in
            var child = ProtoWriter(descriptor: M.protoDescriptor)
            value.write(to: &child)
            return child.base
        })
    }

    /// Sets a `map<string, string>` field; entries are written in key order so encodings are stable.
    public mutating func setStringMap(_ position: Int, _ values: [String: String]) {
        guard !values.isEmpty else { return }
        let entries = values.sorted { $0.key < $1.key }.map { key, value -> ProtoWriter in
            var entry = makeChild(position)
            entry.setString(0, key)
            entry.setString(1, value)
            return entry
        }
        setMessages(position, writers: entries)
    }
}
