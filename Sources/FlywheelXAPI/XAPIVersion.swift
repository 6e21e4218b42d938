/// A version of the xAPI specification, as carried by the `X-Experience-API-Version` header.
///
/// Two rule sets exist: 1.0.x (validated by the 1.0.3 rules) and 2.0.x (validated by the 2.0 rules).
public struct XAPIVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The major version number.
    public let major: Int
    /// The minor version number.
    public let minor: Int
    /// The patch version number.
    public let patch: Int

    /// xAPI 1.0.3, the last 1.0 patch release.
    public static let v1_0_3 = XAPIVersion(major: 1, minor: 0, patch: 3)
    /// xAPI 2.0.0 (IEEE 9274.1.1).
    public static let v2_0_0 = XAPIVersion(major: 2, minor: 0, patch: 0)
    /// The versions this library can report, newest last.
    public static let supported: [XAPIVersion] = [.v1_0_3, .v2_0_0]

    private init(major: Int, minor: Int, patch: Int) {
        self.major = major
        self.minor = minor
        self.patch = patch
    }

    /// Parses an `X-Experience-API-Version` header value.
    ///
    /// `1.0` is read as `1.0.0` and `2.0` as `2.0.0`; any `1.0.x` or `2.0.x` is accepted, as the
    /// specification requires for later patch releases. Everything else (0.9, 0.95, 1.1.0, 2.1.0, text) is
    /// unsupported.
    /// - Parameter header: The header value, or nil when the request had none.
    /// - Throws: `XAPIVersionError` naming the value and the supported versions.
    public init(header: String?) throws(XAPIVersionError) {
        guard let header else {
            throw XAPIVersionError(
                code: .missing, message: "the X-Experience-API-Version header is required (use 1.0.3 or 2.0.0)")
        }
        let trimmed = header.trimmingCharacters(in: " \t")
        let parts = trimmed.split(separator: ".", omittingEmptySubsequences: false)
        let numbers = parts.map { part -> Int? in
            guard !part.isEmpty, part.utf8.count <= 9, part.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
                return nil
            }
            return Int(part)
        }
        guard (2...3).contains(numbers.count), numbers.allSatisfy({ $0 != nil }) else {
            throw XAPIVersionError(
                code: .malformed,
                message: "X-Experience-API-Version \"\(header)\" is not a version number (use 1.0.3 or 2.0.0)")
        }
        let major = numbers[0]!
        let minor = numbers[1]!
        let patch = numbers.count == 3 ? numbers[2]! : 0
        guard (major == 1 || major == 2) && minor == 0 else {
            throw XAPIVersionError(
                code: .unsupported,
                message: "X-Experience-API-Version \"\(header)\" is not supported (use 1.0.x or 2.0.x)")
        }
        self.init(major: major, minor: minor, patch: patch)
    }

    /// Whether the 2.0 rules apply.
    public var isVersion2: Bool { major == 2 }

    /// The header value the LRS sends back for requests of this version: the latest patch it implements.
    public var reportedHeader: String { isVersion2 ? "2.0.0" : "1.0.3" }

    /// The value an LRS stores in a statement's `version` when the statement came without one.
    public var defaultStatementVersion: String { isVersion2 ? "2.0.0" : "1.0.0" }

    /// "1.0.3".
    public var description: String { "\(major).\(minor).\(patch)" }

    /// Orders by major, minor, then patch.
    public static func < (lhs: XAPIVersion, rhs: XAPIVersion) -> Bool {
        (lhs.major, lhs.minor, lhs.patch) < (rhs.major, rhs.minor, rhs.patch)
    }
}

/// Why an `X-Experience-API-Version` header cannot be served.
public struct XAPIVersionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of problem.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The header is absent.
        public static let missing = Code("missing")
        /// The value is not a dotted version number.
        public static let malformed = Code("malformed")
        /// The version is well formed but not one this LRS implements.
        public static let unsupported = Code("unsupported")

        /// The code's name.
        public var description: String { name }
    }

    /// The kind of problem.
    public let code: Code
    /// A precise description naming the value received.
    public let message: String

    /// The message.
    public var description: String { message }
}

extension String {
    func trimmingCharacters(in characters: String) -> String {
        var scalars = Substring(self)
        while let first = scalars.first, characters.contains(first) { scalars = scalars.dropFirst() }
        while let last = scalars.last, characters.contains(last) { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
