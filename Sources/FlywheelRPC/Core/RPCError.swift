/// A call that ended with a status other than OK.
///
/// Servers throw it to choose the status a caller sees; any other error a handler throws reaches the
/// caller as INTERNAL. Clients receive it for every failed call, local failures included.
public struct RPCError: Error, Sendable, CustomStringConvertible {
    /// The status code.
    public var code: StatusCode
    /// What went wrong, for a person to read.
    public var message: String
    /// Extra key/value pairs sent with the status.
    public var metadata: [String: String]
    /// A local error that led to this one, if any (never sent over the wire).
    public var cause: (any Error)?

    public init(_ code: StatusCode, _ message: String, metadata: [String: String] = [:], cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.metadata = metadata
        self.cause = cause
    }

    public var description: String { "\(code): \(message)" }
}

/// A domain error that knows which status it should travel as.
public protocol RPCErrorConvertible: Error {
    /// The status the caller should see.
    func makeRPCError() -> RPCError
}

extension RPCError {
    /// The status a thrown error travels as.
    static func from(_ error: any Error) -> RPCError {
        switch error {
        case let error as RPCError: error
        case let error as any RPCErrorConvertible: error.makeRPCError()
        case is CancellationError: RPCError(.cancelled, "the call was cancelled")
        default: RPCError(.internal, "internal error: \(error)", cause: error)
        }
    }
}
