public import FlywheelProto

/// What a handler sees of the call it serves.
public struct ServerCallContext: Sendable {
    /// The method being called.
    public var method: RPCMethod
    /// The calling service, from its verified certificate.
    public var peer: PeerInfo
    /// The metadata the caller sent.
    public var metadata: [String: String]
    /// The id that ties the call to the caller's logs.
    public var requestID: String { metadata["request-id"] ?? "" }
    /// When the caller stops waiting, if it set a deadline.
    public var deadline: ContinuousClock.Instant?
}

/// The routes of one service, as generated `rpcService` properties build them.
public struct RPCService: Sendable {
    /// The full service name.
    public var name: String
    /// The methods by full path.
    var routes: [String: RPCRoute]

    public init(name: String, routes: [RPCRoute]) {
        self.name = name
        self.routes = Dictionary(routes.map { ($0.method.fullName, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The methods the service answers.
    public var methods: [RPCMethod] { routes.values.map(\.method).sorted { $0.name < $1.name } }
}

/// One method's handler, erased to bytes in and bytes out.
public struct RPCRoute: Sendable {
    public var method: RPCMethod
    let run: @Sendable (ServerCall, ServerCallContext) async throws -> Void

    /// A method that takes one request and returns one response.
    public static func unary<Request: ProtoMessage, Response: ProtoMessage>(
        _ method: RPCMethod, _ handler: @escaping @Sendable (Request, ServerCallContext) async throws -> Response
    ) -> RPCRoute {
        RPCRoute(method: method) { call, context in
            let request: Request = try await singleRequest(call, method)
            let response = try await handler(request, context)
            call.sendLast(response.serializedBytes())
        }
    }

    /// A method that takes one request and streams responses.
    public static func serverStreaming<Request: ProtoMessage, Response: ProtoMessage>(
        _ method: RPCMethod,
        _ handler: @escaping @Sendable (Request, ResponseWriter<Response>, ServerCallContext) async throws -> Void
    ) -> RPCRoute {
        RPCRoute(method: method) { call, context in
            let request: Request = try await singleRequest(call, method)
            try await handler(request, ResponseWriter { try await call.send($0) }, context)
            call.finish(nil)
        }
    }

    /// A method that takes a stream of requests and returns one response.
    public static func clientStreaming<Request: ProtoMessage, Response: ProtoMessage>(
        _ method: RPCMethod,
        _ handler: @escaping @Sendable (RequestStream<Request>, ServerCallContext) async throws -> Response
    ) -> RPCRoute {
        RPCRoute(method: method) { call, context in
            let response = try await handler(RequestStream { try await call.receive() }, context)
            call.sendLast(response.serializedBytes())
        }
    }

    /// A method where both sides stream.
    public static func bidirectionalStreaming<Request: ProtoMessage, Response: ProtoMessage>(
        _ method: RPCMethod,
        _ handler: @escaping @Sendable (RequestStream<Request>, ResponseWriter<Response>, ServerCallContext) async throws -> Void
    ) -> RPCRoute {
        RPCRoute(method: method) { call, context in
            try await handler(RequestStream { try await call.receive() }, ResponseWriter { try await call.send($0) }, context)
            call.finish(nil)
        }
    }

    private static func singleRequest<Request: ProtoMessage>(_ call: ServerCall, _ method: RPCMethod) async throws -> Request {
        guard let bytes = try await call.receive() else {
            throw RPCError(.invalidArgument, "\(method) expects one request message and got none")
        }
        do {
            return try Request(serializedBytes: bytes)
        } catch {
            throw RPCError(.invalidArgument, "request is not a valid \(Request.protoDescriptor.fullName): \(error.message)")
        }
    }
}

/// Which calling services may call which methods.
///
/// Identities are service names from client certificates. A method not listed falls back to the
/// default rule; `nil` as a rule means every service of the mesh.
public struct AccessPolicy: Sendable {
    private let defaultCallers: Set<String>?
    private let callersByMethod: [String: Set<String>?]

    /// - Parameters:
    ///   - defaultCallers: who may call unlisted methods; nil for every mesh service.
    ///   - methods: method name (`StoreStatements`) or full path → who may call it; nil for everyone.
    public init(defaultCallers: Set<String>? = nil, methods: [String: Set<String>?] = [:]) {
        self.defaultCallers = defaultCallers
        callersByMethod = methods
    }

    /// Every service of the mesh may call every method.
    public static let anyService = AccessPolicy()

    /// True when `identity` may call `method`.
    public func allows(_ identity: String, _ method: RPCMethod) -> Bool {
        let rule = callersByMethod[method.fullName] ?? callersByMethod[method.name] ?? defaultCallers
        guard let callers = rule else { return true }
        return callers.contains(identity)
    }
}
