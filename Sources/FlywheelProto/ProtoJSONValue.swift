import Foundation

/// A JSON document as `flywheel call` and the proto3 JSON mapping see it.
public enum ProtoJSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([ProtoJSONValue])
    case object([String: ProtoJSONValue])

    /// Parses JSON text.
    ///
    /// - Throws: `ProtoError` with code `.wrongType` and the parser's reason when the text is not JSON.
    public static func parse(_ text: String) throws(ProtoError) -> ProtoJSONValue {
        do {
            return try JSONDecoder().decode(ProtoJSONValue.self, from: Data(text.utf8))
        } catch let error as DecodingError {
            let reason: String
            switch error {
            case .dataCorrupted(let context): reason = context.underlyingError.map { "\($0)" } ?? context.debugDescription
            default: reason = "\(error)"
            }
            throw ProtoError(code: .wrongType, message: "request is not valid JSON: \(reason)")
        } catch {
            throw ProtoError(code: .wrongType, message: "request is not valid JSON: \(error)")
        }
    }

    /// Indented JSON with sorted keys, for people to read.
    public func prettyText() -> String {
        var output = ""
        write(to: &output, indent: 0)
        return output
    }

    private func write(to output: inout String, indent: Int) {
        let pad = String(repeating: "  ", count: indent + 1)
        let closePad = String(repeating: "  ", count: indent)
        switch self {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .number(let number):
            if number.rounded() == number, number.magnitude < 1e15 {
                output += String(Int64(number))
            } else {
                output += "\(number)"
            }
        case .string(let string): Self.quote(string, into: &output)
        case .array(let items):
            if items.isEmpty { output += "[]"; return }
            output += "[\n"
            for (offset, item) in items.enumerated() {
                output += pad
                item.write(to: &output, indent: indent + 1)
                output += offset == items.count - 1 ? "\n" : ",\n"
            }
            output += closePad + "]"
        case .object(let members):
            if members.isEmpty { output += "{}"; return }
            output += "{\n"
            let sorted = members.sorted { $0.key < $1.key }
            for (offset, member) in sorted.enumerated() {
                output += pad
                Self.quote(member.key, into: &output)
                output += ": "
                member.value.write(to: &output, indent: indent + 1)
                output += offset == sorted.count - 1 ? "\n" : ",\n"
            }
            output += closePad + "}"
        }
    }

    private static func quote(_ string: String, into output: inout String) {
        output += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20: output += String(format: "\\u%04x", scalar.value)
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}

extension ProtoJSONValue: Decodable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let string = try? container.decode(String.self) {
            self = .string(string)
        } else if let array = try? container.decode([ProtoJSONValue].self) {
            self = .array(array)
        } else {
            self = .object(try container.decode([String: ProtoJSONValue].self))
        }
    }
}
