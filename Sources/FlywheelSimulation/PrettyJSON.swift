import FlywheelXAPI

/// Indented JSON text for the small documents people read (ground truth, catalogue).
enum PrettyJSON {
    static func text(_ value: JSONValue, indent: String = "") -> String {
        let inner = indent + "  "
        switch value {
        case .array(let elements) where !elements.isEmpty:
            return "[\n" + elements.map { inner + text($0, indent: inner) }.joined(separator: ",\n") + "\n" + indent
                + "]"
        case .object(let object) where !object.isEmpty:
            let members = object.members.map { member in
                inner + JSONValue.string(member.key).jsonString + ": " + text(member.value, indent: inner)
            }
            return "{\n" + members.joined(separator: ",\n") + "\n" + indent + "}"
        default:
            return value.jsonString
        }
    }
}
