/// One method of a service, as generated from its `.proto` definition.
public struct RPCMethod: Sendable, Hashable, CustomStringConvertible {
    /// Which sides send a stream of messages.
    public enum Kind: Sendable, Hashable {
        case unary, serverStreaming, clientStreaming, bidirectionalStreaming
    }

    /// The full service name, `flywheel.registry.v1.Registry`.
    public var service: String
    /// The method name, `Resolve`.
    public var name: String
    public var kind: Kind
    /// True when the `.proto` marks the method `IDEMPOTENT` or `NO_SIDE_EFFECTS`: the client may retry it.
    public var idempotent: Bool

    public init(service: String, name: String, kind: Kind, idempotent: Bool) {
        self.service = service
        self.name = name
        self.kind = kind
        self.idempotent = idempotent
    }

    /// The path that travels in the call header, `/flywheel.registry.v1.Registry/Resolve`.
    public var fullName: String { "/\(service)/\(name)" }

    public var description: String { fullName }
}

/// Per-call settings chosen by the caller.
public struct CallOptions: Sendable {
    /// How long the whole call may take; nil means no deadline.
    public var timeout: Duration?
    /// Key/value pairs sent in the call header.
    public var metadata: [String: String]
    /// The id that follows the request through every service's logs; generated when nil.
    public var requestID: String?

    public init(timeout: Duration? = nil, metadata: [String: String] = [:], requestID: String? = nil) {
        self.timeout = timeout
        self.metadata = metadata
        self.requestID = requestID
    }
}

extension Duration {
    /// The duration in whole microseconds, at least 1 for any positive duration.
    var microseconds: UInt64 {
        let (seconds, attoseconds) = components
        if seconds < 0 { return 0 }
        let micros = UInt64(seconds) * 1_000_000 + UInt64(attoseconds / 1_000_000_000_000)
        return micros == 0 && attoseconds > 0 ? 1 : micros
    }
}
