/// An error of the intelligence service: a code to act on and a message naming what broke.
public struct IntelligenceError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure it is.
    public enum Code: String, Sendable {
        /// A learner directory file that cannot be read.
        case invalidDirectory
        /// A segment filter that does not parse, or names an unknown attribute.
        case invalidSegment
        /// A segment name that is not defined.
        case unknownSegment
        /// A request argument out of range or malformed.
        case invalidArgument
    }

    /// What kind of failure it is.
    public let code: Code
    /// What broke, precisely.
    public let message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The code and message.
    public var description: String { "\(code.rawValue): \(message)" }
}
