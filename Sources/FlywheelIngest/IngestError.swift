public import FlywheelRPC

/// Why the statement store refused a request: a code the service maps onto an RPC status, and a message
/// naming what broke.
public struct IngestError: Error, Sendable, CustomStringConvertible, RPCErrorConvertible {
    /// What kind of refusal it is.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: String, Sendable {
            case malformedStatement, conflictingStatement, conflictingDuplicate, notFound, invalidCursor, storeClosed
        }

        private let value: Value

        /// A statement is not JSON, not an object, or lacks its id.
        public static let malformedStatement = Code(value: .malformedStatement)
        /// A different statement with the same id is already stored.
        public static let conflictingStatement = Code(value: .conflictingStatement)
        /// Two different statements in one batch share an id.
        public static let conflictingDuplicate = Code(value: .conflictingDuplicate)
        /// No statement answers the look-up.
        public static let notFound = Code(value: .notFound)
        /// A query cursor this store did not issue, or one sent with another query's filters.
        public static let invalidCursor = Code(value: .invalidCursor)
        /// The store is closing or closed.
        public static let storeClosed = Code(value: .storeClosed)

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
            default: .invalidArgument
            }
        return RPCError(status, message)
    }
}
