/// A failure of the gateway's own machinery: its credential store or its configuration.
public struct GatewayError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is; new codes can be added without breaking a caller's `switch`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String

        private init(_ name: String) {
            self.name = name
        }

        /// A caller supplied a value the gateway cannot accept (a scope, a name, a key).
        public static let invalidArgument = Code("invalidArgument")
        /// The named credential does not exist.
        public static let notFound = Code("notFound")
        /// The credential store could not be read or written.
        public static let storeFailure = Code("storeFailure")
        /// A configuration value is malformed.
        public static let invalidConfiguration = Code("invalidConfiguration")

        /// The code's name, such as `notFound`.
        public var description: String { name }
    }

    /// The kind of failure.
    public let code: Code
    /// A sentence naming what broke.
    public let message: String

    /// Creates an error.
    /// - Parameters:
    ///   - code: The kind of failure.
    ///   - message: A sentence naming what broke.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// The code and the message.
    public var description: String { "\(code): \(message)" }
}
