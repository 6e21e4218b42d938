/// How proto names become Swift names in generated code.
enum SwiftNames {
    private static let acronyms: Set<String> = ["id", "ids", "url", "uri", "ip", "json", "http", "rpc", "tls", "ttl", "sql"]

    private static let keywords: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "func", "import", "init", "inout", "let",
        "operator", "protocol", "static", "struct", "subscript", "typealias", "var", "break", "case", "continue",
        "default", "defer", "do", "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return",
        "switch", "where", "while", "as", "catch", "false", "is", "nil", "rethrows", "super", "self", "Self",
        "throw", "throws", "true", "try", "Type", "Protocol", "internal", "public", "private", "open",
    ]

    /// `flywheel.registry.v1` → `RegistryV1`.
    static func namespace(ofPackage package: String) -> String {
        var parts = package.split(separator: ".").map(String.init)
        if parts.first == "flywheel" && parts.count > 1 { parts.removeFirst() }
        return parts.map { part in
            part.split(separator: "_").map { word in
                acronyms.contains(word.lowercased()) ? word.uppercased() : word.prefix(1).uppercased() + word.dropFirst()
            }.joined()
        }.joined()
    }

    /// `instance_id` → `instanceID`; Swift keywords get backticks.
    static func property(_ protoName: String) -> String {
        let words = protoName.split(separator: "_").map { String($0) }
        var result = ""
        for (offset, word) in words.enumerated() {
            if offset == 0 {
                result += word
            } else if acronyms.contains(word.lowercased()) {
                result += word.uppercased()
            } else {
                result += word.prefix(1).uppercased() + word.dropFirst()
            }
        }
        return escaped(result)
    }

    /// `Register` → `register`, `GetHTTPThing` stays readable as `getHTTPThing`.
    static func method(_ protoName: String) -> String {
        var characters = Array(protoName)
        var position = 0
        while position < characters.count, characters[position].isUppercase {
            let nextIsLower = position + 1 < characters.count && characters[position + 1].isLowercase
            if position > 0 && nextIsLower { break }
            characters[position] = Character(characters[position].lowercased())
            position += 1
        }
        return escaped(String(characters))
    }

    /// `KIND_ADDED` in enum `Kind` → `added`.
    static func enumCase(_ valueName: String, enumShortName: String, allValues: [String]) -> String {
        let prefix = upperSnake(enumShortName) + "_"
        var name = valueName
        if allValues.allSatisfy({ $0.hasPrefix(prefix) && $0.count > prefix.count }) {
            name = String(valueName.dropFirst(prefix.count))
        }
        var result = property(name.lowercased())
        if let first = result.first, first.isNumber { result = "_" + result }
        return result
    }

    /// `ServingStatus` → `SERVING_STATUS`.
    static func upperSnake(_ camel: String) -> String {
        var result = ""
        for (offset, character) in camel.enumerated() {
            if character.isUppercase && offset > 0 { result += "_" }
            result += character.uppercased()
        }
        return result
    }

    static func escaped(_ name: String) -> String {
        keywords.contains(name) ? "`\(name)`" : name
    }
}
