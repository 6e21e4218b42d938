/// An error from the Flywheel transport: a stable code and a message naming what broke.
public struct NetError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure happened; compare with the static members.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Hashable, Sendable {
            case tlsConfiguration
            case addressResolution
            case addressInUse
            case connectionRefused
            case timedOut
            case handshakeFailed
            case connectionReset
            case eventLoopShutdown
            case system
        }

        private let value: Value

        private init(_ value: Value) {
            self.value = value
        }

        /// A certificate, key or CA file could not be loaded or does not fit the others.
        public static let tlsConfiguration = Code(.tlsConfiguration)
        /// A host name or address could not be turned into a socket address.
        public static let addressResolution = Code(.addressResolution)
        /// A listener could not bind because the address is taken.
        public static let addressInUse = Code(.addressInUse)
        /// The remote host refused the TCP connection.
        public static let connectionRefused = Code(.connectionRefused)
        /// A connect or handshake did not finish in time.
        public static let timedOut = Code(.timedOut)
        /// The TLS handshake failed: a certificate was refused, or the peer does not speak TLS 1.3.
        public static let handshakeFailed = Code(.handshakeFailed)
        /// An established connection broke: reset, protocol error, or end of stream without close_notify.
        public static let connectionReset = Code(.connectionReset)
        /// The event loop shut down while the operation was in progress.
        public static let eventLoopShutdown = Code(.eventLoopShutdown)
        /// Another system call failed; the message names it and errno's text.
        public static let system = Code(.system)

        public var description: String { value.rawValue }
    }

    /// The kind of failure.
    public let code: Code
    /// A sentence naming what broke, e.g. "ops/x.pem: no certificate found".
    public let message: String

    /// Creates an error.
    /// - Parameters:
    ///   - code: the kind of failure.
    ///   - message: what broke, precise enough to act on.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
