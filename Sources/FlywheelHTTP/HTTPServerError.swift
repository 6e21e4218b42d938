/// An error of the HTTP server itself: its configuration, its listening socket or the daemon under it.
public struct HTTPServerError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is; new codes can be added without breaking a caller's `switch`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Sendable {
            case invalidConfiguration
            case invalidAddress
            case addressInUse
            case permissionDenied
            case socketFailure
            case daemonFailure
            case alreadyStarted
        }

        private let value: Value

        private init(_ value: Value) {
            self.value = value
        }

        /// A configuration value is outside its allowed range.
        public static let invalidConfiguration = Code(.invalidConfiguration)
        /// The host is not a usable numeric address of this machine.
        public static let invalidAddress = Code(.invalidAddress)
        /// Another socket already listens on the requested port.
        public static let addressInUse = Code(.addressInUse)
        /// The process may not bind the requested port.
        public static let permissionDenied = Code(.permissionDenied)
        /// Creating, binding or listening on the socket failed for another reason.
        public static let socketFailure = Code(.socketFailure)
        /// libmicrohttpd refused to start.
        public static let daemonFailure = Code(.daemonFailure)
        /// `start()` was called on a server that was already started.
        public static let alreadyStarted = Code(.alreadyStarted)

        /// The code's name, such as `addressInUse`.
        public var description: String { value.rawValue }
    }

    /// The kind of failure.
    public let code: Code
    /// A sentence naming what broke, for operators.
    public let message: String

    /// Creates an error.
    /// - Parameters:
    ///   - code: The kind of failure.
    ///   - message: A sentence naming what broke.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// The code and the message, such as `addressInUse: cannot listen on …`.
    public var description: String { "\(code): \(message)" }
}
