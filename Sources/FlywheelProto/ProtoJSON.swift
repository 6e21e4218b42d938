import Foundation

/// Converts between proto3 JSON and the wire encoding of any message in the contracts index, using only
/// the protobuf-c descriptors: a new message or field needs no code here.
///
/// JSON values are `ProtoJSONValue` trees. Field names are accepted in proto form
/// (`instance_id`) and JSON form (`instanceId`) and written in JSON form; 64-bit integers are accepted as
/// numbers or strings; bytes are base64; enums are names (numbers are accepted too).
public enum ProtoJSON {
    /// Encodes a JSON object as a message of `type`.
    ///
    /// - Throws: `ProtoError` naming the field when a key is unknown or a value has the wrong type.
    public static func encode(_ json: ProtoJSONValue, as type: MessageDescriptor) throws(ProtoError) -> [UInt8] {
        var writer = ProtoWriter(descriptor: type)
        defer { writer.release() }
        try fill(&writer, from: json, type: type, path: type.shortName)
        return writer.pack()
    }

    /// Decodes a message of `type` into a JSON object; fields at their default value are left out.
    ///
    /// - Throws: `ProtoError` with code `.malformed` when the bytes are not a valid encoding.
    public static func decode(_ bytes: [UInt8], as type: MessageDescriptor) throws(ProtoError) -> ProtoJSONValue {
        let result: Result<ProtoJSONValue, ProtoError> = bytes.withUnsafeBytes { buffer in
            Result { () throws(ProtoError) -> ProtoJSONValue in
                let reader = try ProtoReader.unpack(buffer, as: type)
                defer { reader.release() }
                return object(from: reader, type: type)
            }
        }
        return try result.get()
    }

    /// Serialises the decoded JSON of a message as sorted, pretty-printed text.
    public static func text(_ bytes: [UInt8], as type: MessageDescriptor) throws(ProtoError) -> String {
        try decode(bytes, as: type).prettyText()
    }

    // MARK: - JSON to message

    private static func fill(_ writer: inout ProtoWriter, from json: ProtoJSONValue, type: MessageDescriptor, path: String) throws(ProtoError) {
        guard case .object(let object) = json else {
            throw ProtoError(code: .wrongType, message: "\(path): expected a JSON object for \(type.fullName)")
        }
        let fields = type.fields
        for (key, value) in object.sorted(by: { $0.key < $1.key }) {
            guard let position = fields.firstIndex(where: { $0.name == key || $0.jsonName == key }) else {
                let known = fields.map(\.jsonName).joined(separator: ", ")
                throw ProtoError(code: .unknownField, message: "\(path): \(type.fullName) has no field '\(key)' (fields: \(known))")
            }
            if case .null = value { continue }
            try set(&writer, position, fields[position], value, path: "\(path).\(key)")
        }
    }

    private static func set(_ writer: inout ProtoWriter, _ position: Int, _ field: FieldDescriptor, _ value: ProtoJSONValue, path: String) throws(ProtoError) {
        if field.isMap {
            guard case .object(let object) = value else {
                throw ProtoError(code: .wrongType, message: "\(path): expected a JSON object for a map")
            }
            let entryType = field.messageType!
            let entryFields = entryType.fields
            var entries: [ProtoWriter] = []
            for (key, item) in object.sorted(by: { $0.key < $1.key }) {
                var entry = writer.makeChild(position)
                try set(&entry, 0, entryFields[0], .string(key), path: "\(path).\(key)")
                try set(&entry, 1, entryFields[1], item, path: "\(path).\(key)")
                entries.append(entry)
            }
            writer.setMessages(position, writers: entries)
            return
        }
        if field.isRepeated {
            guard case .array(let array) = value else {
                throw ProtoError(code: .wrongType, message: "\(path): expected a JSON array")
            }
            try setRepeated(&writer, position, field, array, path: path)
            return
        }
        switch field.type {
        case .string: writer.setString(position, try string(value, path))
        case .bytes: writer.setBytes(position, try bytes(value, path))
        case .bool: writer.setBool(position, try bool(value, path))
        case .int32, .sint32, .sfixed32: writer.setInt32(position, Int32(try integer(value, path, Int64(Int32.min), Int64(Int32.max))))
        case .uint32, .fixed32: writer.setUInt32(position, UInt32(try integer(value, path, 0, Int64(UInt32.max))))
        case .int64, .sint64, .sfixed64: writer.setInt64(position, try integer(value, path, Int64.min, Int64.max))
        case .uint64, .fixed64: writer.setUInt64(position, try unsigned(value, path))
        case .float: writer.setFloat(position, Float(try double(value, path)))
        case .double: writer.setDouble(position, try double(value, path))
        case .enumeration: writer.setEnumNumber(position, try enumNumber(value, field.enumType!, path))
        case .message:
            var child = writer.makeChild(position)
            try fill(&child, from: value, type: field.messageType!, path: path)
            writer.setMessage(position, writer: child)
        }
    }

    private static func setRepeated(_ writer: inout ProtoWriter, _ position: Int, _ field: FieldDescriptor, _ array: [ProtoJSONValue], path: String) throws(ProtoError) {
        func each<T>(_ convert: (ProtoJSONValue, String) throws(ProtoError) -> T) throws(ProtoError) -> [T] {
            var result: [T] = []
            for (offset, item) in array.enumerated() { result.append(try convert(item, "\(path)[\(offset)]")) }
            return result
        }
        switch field.type {
        case .string: writer.setStrings(position, try each(string))
        case .bytes: writer.setBytesList(position, try each(bytes))
        case .bool: writer.setBools(position, try each(bool))
        case .int32, .sint32, .sfixed32:
            writer.setInt32s(position, try each { v, p throws(ProtoError) in Int32(try integer(v, p, Int64(Int32.min), Int64(Int32.max))) })
        case .uint32, .fixed32:
            writer.setUInt32s(position, try each { v, p throws(ProtoError) in UInt32(try integer(v, p, 0, Int64(UInt32.max))) })
        case .int64, .sint64, .sfixed64:
            writer.setInt64s(position, try each { v, p throws(ProtoError) in try integer(v, p, Int64.min, Int64.max) })
        case .uint64, .fixed64: writer.setUInt64s(position, try each(unsigned))
        case .float: writer.setFloats(position, try each { v, p throws(ProtoError) in Float(try double(v, p)) })
        case .double: writer.setDoubles(position, try each(double))
        case .enumeration:
            let type = field.enumType!
            writer.setInt32s(position, try each { v, p throws(ProtoError) in try enumNumber(v, type, p) })
        case .message:
            let type = field.messageType!
            var children: [ProtoWriter] = []
            for (offset, item) in array.enumerated() {
                var child = writer.makeChild(position)
                children.append(child)
                try fill(&child, from: item, type: type, path: "\(path)[\(offset)]")
            }
            writer.setMessages(position, writers: children)
        }
    }

    private static func string(_ value: ProtoJSONValue, _ path: String) throws(ProtoError) -> String {
        guard case .string(let string) = value else {
            throw ProtoError(code: .wrongType, message: "\(path): expected a string")
        }
        return string
    }

    private static func bytes(_ value: ProtoJSONValue, _ path: String) throws(ProtoError) -> [UInt8] {
        guard case .string(let string) = value, let data = Data(base64Encoded: string) else {
            throw ProtoError(code: .wrongType, message: "\(path): expected base64 text")
        }
        return [UInt8](data)
    }

    private static func bool(_ value: ProtoJSONValue, _ path: String) throws(ProtoError) -> Bool {
        guard case .bool(let flag) = value else {
            throw ProtoError(code: .wrongType, message: "\(path): expected true or false")
        }
        return flag
    }

    private static func integer(_ value: ProtoJSONValue, _ path: String, _ minimum: Int64, _ maximum: Int64) throws(ProtoError) -> Int64 {
        var parsed: Int64?
        switch value {
        case .string(let string): parsed = Int64(string)
        case .number(let number): parsed = Int64(exactly: number)
        default: parsed = nil
        }
        guard let parsed, parsed >= minimum, parsed <= maximum else {
            throw ProtoError(code: .wrongType, message: "\(path): expected an integer from \(minimum) to \(maximum)")
        }
        return parsed
    }

    private static func unsigned(_ value: ProtoJSONValue, _ path: String) throws(ProtoError) -> UInt64 {
        var parsed: UInt64?
        switch value {
        case .string(let string): parsed = UInt64(string)
        case .number(let number): parsed = UInt64(exactly: number)
        default: parsed = nil
        }
        guard let parsed else {
            throw ProtoError(code: .wrongType, message: "\(path): expected a non-negative integer")
        }
        return parsed
    }

    private static func double(_ value: ProtoJSONValue, _ path: String) throws(ProtoError) -> Double {
        switch value {
        case .number(let number): return number
        case .string(let string) where Double(string) != nil: return Double(string)!
        default: throw ProtoError(code: .wrongType, message: "\(path): expected a number")
        }
    }

    private static func enumNumber(_ value: ProtoJSONValue, _ type: EnumDescriptor, _ path: String) throws(ProtoError) -> Int32 {
        if case .string(let name) = value, let number = type.number(of: name) { return number }
        if case .number(let number) = value, let exact = Int32(exactly: number) { return exact }
        let names = type.values.map(\.name).joined(separator: ", ")
        throw ProtoError(code: .wrongType, message: "\(path): expected one of \(names)")
    }

    // MARK: - Message to JSON

    static func object(from reader: ProtoReader, type: MessageDescriptor) -> ProtoJSONValue {
        var object: [String: ProtoJSONValue] = [:]
        for (position, field) in type.fields.enumerated() where reader.isPresent(position) {
            if let value = jsonValue(reader, position, field) {
                object[field.jsonName] = value
            }
        }
        return .object(object)
    }

    private static func jsonValue(_ reader: ProtoReader, _ position: Int, _ field: FieldDescriptor) -> ProtoJSONValue? {
        if field.isMap {
            let entries = reader.messageReaders(position)
            if entries.isEmpty { return nil }
            let entryFields = field.messageType!.fields
            var map: [String: ProtoJSONValue] = [:]
            for entry in entries {
                let key: String
                switch scalar(entry, 0, entryFields[0], keepDefault: true) {
                case .string(let text): key = text
                case .number(let number): key = String(Int64(number))
                case .bool(let flag): key = String(flag)
                default: key = ""
                }
                map[key] = scalar(entry, 1, entryFields[1], keepDefault: true) ?? .null
            }
            return .object(map)
        }
        if field.isRepeated {
            let values: [ProtoJSONValue]
            switch field.type {
            case .string: values = reader.repeatedStrings(position).map { .string($0) }
            case .bytes: values = reader.repeatedBytes(position).map { .string(Data($0).base64EncodedString()) }
            case .bool: values = reader.repeatedBools(position).map { .bool($0) }
            case .int32, .sint32, .sfixed32: values = reader.repeatedInt32s(position).map { .number(Double($0)) }
            case .uint32, .fixed32: values = reader.repeatedUInt32s(position).map { .number(Double($0)) }
            case .int64, .sint64, .sfixed64: values = reader.repeatedInt64s(position).map(jsonInteger)
            case .uint64, .fixed64: values = reader.repeatedUInt64s(position).map(jsonUnsigned)
            case .float: values = reader.repeatedFloats(position).map { .number(Double($0)) }
            case .double: values = reader.repeatedDoubles(position).map { .number($0) }
            case .enumeration:
                let type = field.enumType!
                values = reader.repeatedInt32s(position).map { .string(type.name(of: $0) ?? String($0)) }
            case .message:
                let type = field.messageType!
                values = reader.messageReaders(position).map { object(from: $0, type: type) }
            }
            return values.isEmpty ? nil : .array(values)
        }
        return scalar(reader, position, field, keepDefault: field.isOneofMember)
    }

    private static func scalar(_ reader: ProtoReader, _ position: Int, _ field: FieldDescriptor, keepDefault: Bool) -> ProtoJSONValue? {
        switch field.type {
        case .string:
            let value = reader.string(position)
            return value.isEmpty && !keepDefault ? nil : .string(value)
        case .bytes:
            let value = reader.bytes(position)
            return value.isEmpty && !keepDefault ? nil : .string(Data(value).base64EncodedString())
        case .bool:
            let value = reader.bool(position)
            return !value && !keepDefault ? nil : .bool(value)
        case .int32, .sint32, .sfixed32:
            let value = reader.int32(position)
            return value == 0 && !keepDefault ? nil : .number(Double(value))
        case .uint32, .fixed32:
            let value = reader.uint32(position)
            return value == 0 && !keepDefault ? nil : .number(Double(value))
        case .int64, .sint64, .sfixed64:
            let value = reader.int64(position)
            return value == 0 && !keepDefault ? nil : jsonInteger(value)
        case .uint64, .fixed64:
            let value = reader.uint64(position)
            return value == 0 && !keepDefault ? nil : jsonUnsigned(value)
        case .float:
            let value = reader.float(position)
            return value == 0 && !keepDefault ? nil : .number(Double(value))
        case .double:
            let value = reader.double(position)
            return value == 0 && !keepDefault ? nil : .number(value)
        case .enumeration:
            let value = reader.enumNumber(position)
            if value == 0 && !keepDefault { return nil }
            return .string(field.enumType!.name(of: value) ?? String(value))
        case .message:
            guard let child = reader.messageReader(position) else { return nil }
            return object(from: child, type: field.messageType!)
        }
    }

    /// Integers that a double cannot hold exactly are written as strings, as proto3 JSON allows.
    private static func jsonInteger(_ value: Int64) -> ProtoJSONValue {
        value.magnitude < (1 << 53) ? .number(Double(value)) : .string(String(value))
    }

    private static func jsonUnsigned(_ value: UInt64) -> ProtoJSONValue {
        value < (1 << 53) ? .number(Double(value)) : .string(String(value))
    }
}

