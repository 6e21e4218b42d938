public import FlywheelContracts
public import FlywheelRPC

/// The `flywheel.registry.v1.Registry` RPCs over a `Registry`.
///
/// An instance may only register, heartbeat and deregister under its own service name (the one its
/// certificate proves); the operator CLI may deregister anything.
public struct RegistryService: RegistryV1.Registry.Handler {
    public let registry: Registry

    public init(registry: Registry) {
        self.registry = registry
    }

    private func authorize(_ service: String, _ context: ServerCallContext, allowOperator: Bool = false) throws {
        guard !service.isEmpty else {
            throw RPCError(.invalidArgument, "service must not be empty")
        }
        if context.peer.identity == service || (allowOperator && context.peer.identity == "cli") { return }
        throw RPCError(.permissionDenied, "service '\(context.peer.identity)' may not act for instances of '\(service)'")
    }

    public func registerInstance(_ request: RegistryV1.RegisterRequest, context: ServerCallContext) async throws -> RegistryV1.RegisterResponse {
        try authorize(request.service, context)
        guard !request.instanceID.isEmpty else { throw RPCError(.invalidArgument, "instance_id must not be empty") }
        guard let colon = request.address.lastIndex(of: ":"), Int(request.address[request.address.index(after: colon)...]) != nil else {
            throw RPCError(.invalidArgument, "address '\(request.address)' is not host:port")
        }
        return try await registry.register(request)
    }

    public func heartbeat(_ request: RegistryV1.HeartbeatRequest, context: ServerCallContext) async throws -> RegistryV1.HeartbeatResponse {
        try authorize(request.service, context)
        return registry.heartbeat(service: request.service, instanceID: request.instanceID)
    }

    public func deregisterInstance(_ request: RegistryV1.DeregisterRequest, context: ServerCallContext) async throws -> RegistryV1.DeregisterResponse {
        try authorize(request.service, context, allowOperator: true)
        let removed = try await registry.remove(service: request.service, instanceID: request.instanceID, reason: "deregistered")
        return RegistryV1.DeregisterResponse(removed: removed)
    }

    public func resolve(_ request: RegistryV1.ResolveRequest, context: ServerCallContext) async throws -> RegistryV1.ResolveResponse {
        guard !request.service.isEmpty else { throw RPCError(.invalidArgument, "service must not be empty") }
        return RegistryV1.ResolveResponse(instances: registry.instances(of: request.service))
    }

    public func list(_ request: RegistryV1.ListRequest, context: ServerCallContext) async throws -> RegistryV1.ListResponse {
        RegistryV1.ListResponse(instances: registry.instances())
    }

    public func watch(
        _ request: RegistryV1.WatchRequest, responses: ResponseWriter<RegistryV1.WatchEvent>, context: ServerCallContext
    ) async throws {
        for await event in registry.watch(service: request.service) {
            try await responses.send(event)
        }
    }
}
