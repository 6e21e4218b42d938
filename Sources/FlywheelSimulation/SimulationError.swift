/// Why a simulation could not be configured, written or sent.
public struct SimulationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of problem.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// An option has a value outside what the simulation accepts.
        public static let invalidOption = Code("invalid option")
        /// A file could not be created or written.
        public static let output = Code("output")
        /// The LRS refused a batch or could not be reached.
        public static let transport = Code("transport")
        /// A progress file belongs to a different run.
        public static let progressMismatch = Code("progress mismatch")

        /// The code's name.
        public var description: String { name }
    }

    /// The kind of problem.
    public let code: Code
    /// A precise description naming what broke.
    public let message: String

    /// Creates an error.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
