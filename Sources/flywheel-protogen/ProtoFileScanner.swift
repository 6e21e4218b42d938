import Foundation

/// What the protobuf-c descriptors do not record about a method: whether each side streams, and the
/// method's idempotency option. Read from the `.proto` text.
struct MethodTraits: Equatable {
    var clientStreaming: Bool
    var serverStreaming: Bool
    var idempotent: Bool
}

/// Reads `service` blocks from `.proto` files: for each full service name, each method's traits.
struct ProtoFileScanner {
    /// Full service name → method name → traits.
    private(set) var services: [String: [String: MethodTraits]] = [:]
    /// Full package name → the `.proto` files (relative to the root) that declare it.
    private(set) var filesByPackage: [String: [String]] = [:]

    init(root: URL) throws {
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        var files: [URL] = []
        while let url = enumerator?.nextObject() as? URL {
            if url.pathExtension == "proto" { files.append(url) }
        }
        for file in files.sorted(by: { $0.path < $1.path }) {
            let relative = String(file.path.dropFirst(root.path.count + 1))
            try scan(String(contentsOf: file, encoding: .utf8), file: relative)
        }
    }

    private mutating func scan(_ source: String, file: String) throws {
        let text = Self.strippingComments(source)
        guard let package = Self.firstMatch(#"package\s+([A-Za-z0-9_.]+)\s*;"#, in: text)?.first else {
            throw GeneratorError("\(file): no package statement")
        }
        filesByPackage[package, default: []].append(file)

        let serviceExpression = try NSRegularExpression(pattern: #"service\s+([A-Za-z0-9_]+)\s*\{"#)
        let nsText = text as NSString
        for match in serviceExpression.matches(in: text, range: NSRange(location: 0, length: nsText.length)) {
            let name = nsText.substring(with: match.range(at: 1))
            let body = Self.block(in: nsText, openingAt: match.range.location + match.range.length - 1)
            services["\(package).\(name)"] = try methods(in: body, file: file)
        }
    }

    private func methods(in body: String, file: String) throws -> [String: MethodTraits] {
        let expression = try NSRegularExpression(
            pattern: #"rpc\s+([A-Za-z0-9_]+)\s*\(\s*(stream\s+)?[A-Za-z0-9_.]+\s*\)\s*returns\s*\(\s*(stream\s+)?[A-Za-z0-9_.]+\s*\)\s*(;|\{)"#)
        let nsBody = body as NSString
        var result: [String: MethodTraits] = [:]
        for match in expression.matches(in: body, range: NSRange(location: 0, length: nsBody.length)) {
            let name = nsBody.substring(with: match.range(at: 1))
            var options = ""
            if nsBody.substring(with: match.range(at: 4)) == "{" {
                options = Self.block(in: nsBody, openingAt: match.range.location + match.range.length - 1)
            }
            let idempotency = Self.firstMatch(#"idempotency_level\s*=\s*([A-Z_]+)"#, in: options)?.first
            result[name] = MethodTraits(
                clientStreaming: match.range(at: 2).location != NSNotFound,
                serverStreaming: match.range(at: 3).location != NSNotFound,
                idempotent: idempotency == "IDEMPOTENT" || idempotency == "NO_SIDE_EFFECTS")
        }
        return result
    }

    /// The text between a `{` and its matching `}`.
    private static func block(in text: NSString, openingAt start: Int) -> String {
        var depth = 0
        var position = start
        while position < text.length {
            let character = text.character(at: position)
            if character == 0x7B { depth += 1 }
            if character == 0x7D {
                depth -= 1
                if depth == 0 { return text.substring(with: NSRange(location: start + 1, length: position - start - 1)) }
            }
            position += 1
        }
        return text.substring(from: start + 1)
    }

    private static func strippingComments(_ source: String) -> String {
        var output = ""
        for line in source.split(separator: "\n", omittingEmptySubsequences: false) {
            if let range = line.range(of: "//") {
                output += line[..<range.lowerBound]
            } else {
                output += line
            }
            output += "\n"
        }
        return output
    }

    private static func firstMatch(_ pattern: String, in text: String) -> [String]? {
        guard let expression = try? NSRegularExpression(pattern: pattern) else { return nil }
        let nsText = text as NSString
        guard let match = expression.firstMatch(in: text, range: NSRange(location: 0, length: nsText.length)) else {
            return nil
        }
        return (1..<match.numberOfRanges).map { nsText.substring(with: match.range(at: $0)) }
    }
}

/// A generator failure, with the file or type that caused it.
struct GeneratorError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
