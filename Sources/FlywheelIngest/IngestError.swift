public import FlywheelRPC

/// Why the statement, document or attachment store refused a request: a code the services map onto an RPC
/// status, and a message naming what broke.
public struct IngestError: Error, Sendable, CustomStringConvertible, RPCErrorConvertible {
    /// What kind of refusal it is.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: String, Sendable {
            case malformedStatement, conflictingStatement, conflictingDuplicate, notFound, invalidCursor, storeClosed
            case invalidKey, preconditionFailed, preconditionRequired, notMergeable, tooLarge, digestMismatch
        }

        private let value: Value

        /// A statement is not JSON, not an object, or lacks its id.
        public static let malformedStatement = Code(value: .malformedStatement)
        /// A different statement with the same id is already stored.
        public static let conflictingStatement = Code(value: .conflictingStatement)
        /// Two different statements in one batch share an id.
        public static let conflictingDuplicate = Code(value: .conflictingDuplicate)
        /// No statement, document or activity answers the look-up.
        public static let notFound = Code(value: .notFound)
        /// A query cursor this store did not issue, or one sent with another query's filters.
        public static let invalidCursor = Code(value: .invalidCursor)
        /// The store is closing or closed.
        public static let storeClosed = Code(value: .storeClosed)
        /// The document key or attachment hash is incomplete or contradictory.
        public static let invalidKey = Code(value: .invalidKey)
        /// An If-Match or If-None-Match condition does not hold (HTTP 412).
        public static let preconditionFailed = Code(value: .preconditionFailed)
        /// The document exists and the request carried no precondition although one is required (HTTP 409).
        public static let preconditionRequired = Code(value: .preconditionRequired)
        /// A merge where either side is not an `application/json` object.
        public static let notMergeable = Code(value: .notMergeable)
        /// The content is larger than the configured limit (HTTP 413).
        public static let tooLarge = Code(value: .tooLarge)
        /// Attachment content whose SHA-256 differs from the hash it was sent under.
        public static let digestMismatch = Code(value: .digestMismatch)

        /// The code's name.
        public var description: String { value.rawValue }
    }

    /// What kind of refusal it is.
    public let code: Code
    /// What broke, for a person to read.
    public let message: String

    /// Creates an error.
    /// - Parameters:
    ///   - code: The kind of refusal.
    ///   - message: What broke.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The code and the message.
    public var description: String { "\(code): \(message)" }

    /// The RPC status a caller sees for this refusal.
    public func makeRPCError() -> RPCError {
        let status: StatusCode =
            switch code {
            case .conflictingStatement: .alreadyExists
            case .notFound: .notFound
            case .storeClosed: .unavailable
            case .preconditionFailed: .failedPrecondition
            case .preconditionRequired: .aborted
            case .tooLarge: .resourceExhausted
            default: .invalidArgument
            }
        return RPCError(status, message)
    }
}
