/// Why a byte sequence is not a single well-formed JSON value, and where it broke.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of syntax error was found.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The input ended before the value was complete.
        public static let unexpectedEnd = Code("unexpectedEnd")
        /// A byte that cannot start or continue a value here.
        public static let unexpectedByte = Code("unexpectedByte")
        /// A number that does not follow the JSON number grammar.
        public static let invalidNumber = Code("invalidNumber")
        /// A string with a bad escape, a raw control character or invalid UTF-8.
        public static let invalidString = Code("invalidString")
        /// An object that names the same key twice.
        public static let duplicateKey = Code("duplicateKey")
        /// Bytes after the complete value.
        public static let trailingData = Code("trailingData")
        /// Arrays and objects nested deeper than the parser allows.
        public static let tooDeep = Code("tooDeep")

        /// The code's name.
        public var description: String { name }
    }

    /// What kind of syntax error was found.
    public let code: Code
    /// The offset of the offending byte from the start of the input.
    public let offset: Int
    /// A precise description of the problem.
    public let message: String

    /// Creates a parse error.
    public init(code: Code, offset: Int, message: String) {
        self.code = code
        self.offset = offset
        self.message = message
    }

    /// "byte 12: duplicate key "actor" in object".
    public var description: String { "byte \(offset): \(message)" }
}
