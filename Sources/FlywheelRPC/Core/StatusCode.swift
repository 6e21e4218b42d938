/// The outcome of a call, with gRPC's numbering so operators can read it like any gRPC status.
///
/// A struct over a private enum: new codes can be added without breaking a caller's `switch`.
public struct StatusCode: Sendable, Hashable, CustomStringConvertible {
    private enum Value: UInt32, Sendable {
        case ok = 0, cancelled, unknown, invalidArgument, deadlineExceeded, notFound, alreadyExists
        case permissionDenied, resourceExhausted, failedPrecondition, aborted, outOfRange, unimplemented
        case `internal`, unavailable, dataLoss, unauthenticated
    }

    private let value: Value

    private init(_ value: Value) {
        self.value = value
    }

    /// The code for a wire number; numbers this version does not know read as `.unknown`.
    public init(rawValue: UInt32) {
        value = Value(rawValue: rawValue) ?? .unknown
    }

    /// The wire number.
    public var rawValue: UInt32 { value.rawValue }

    public static let ok = StatusCode(.ok)
    public static let cancelled = StatusCode(.cancelled)
    public static let unknown = StatusCode(.unknown)
    public static let invalidArgument = StatusCode(.invalidArgument)
    public static let deadlineExceeded = StatusCode(.deadlineExceeded)
    public static let notFound = StatusCode(.notFound)
    public static let alreadyExists = StatusCode(.alreadyExists)
    public static let permissionDenied = StatusCode(.permissionDenied)
    public static let resourceExhausted = StatusCode(.resourceExhausted)
    public static let failedPrecondition = StatusCode(.failedPrecondition)
    public static let aborted = StatusCode(.aborted)
    public static let outOfRange = StatusCode(.outOfRange)
    public static let unimplemented = StatusCode(.unimplemented)
    public static let `internal` = StatusCode(.internal)
    public static let unavailable = StatusCode(.unavailable)
    public static let dataLoss = StatusCode(.dataLoss)
    public static let unauthenticated = StatusCode(.unauthenticated)

    /// The gRPC name, such as `DEADLINE_EXCEEDED`.
    public var description: String {
        switch value {
        case .ok: "OK"
        case .cancelled: "CANCELLED"
        case .unknown: "UNKNOWN"
        case .invalidArgument: "INVALID_ARGUMENT"
        case .deadlineExceeded: "DEADLINE_EXCEEDED"
        case .notFound: "NOT_FOUND"
        case .alreadyExists: "ALREADY_EXISTS"
        case .permissionDenied: "PERMISSION_DENIED"
        case .resourceExhausted: "RESOURCE_EXHAUSTED"
        case .failedPrecondition: "FAILED_PRECONDITION"
        case .aborted: "ABORTED"
        case .outOfRange: "OUT_OF_RANGE"
        case .unimplemented: "UNIMPLEMENTED"
        case .internal: "INTERNAL"
        case .unavailable: "UNAVAILABLE"
        case .dataLoss: "DATA_LOSS"
        case .unauthenticated: "UNAUTHENTICATED"
        }
    }
}
