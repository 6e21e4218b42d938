import Synchronization

/// Serves RPC services on any number of connections: TLS sockets, in-process links, or both.
///
/// The server routes each call by its full method name, checks the caller's identity against the
/// service's `AccessPolicy`, runs the handler as a task of its own, enforces the caller's deadline,
/// and answers with a status. `drain()` stops new calls and waits for the running ones.
public final class RPCServer: Sendable {
    /// Called for events an operator should see: refused calls, protocol violations.
    public typealias EventHandler = @Sendable (RPCServerEvent) -> Void

    private struct Registration: Sendable {
        var route: RPCRoute
        var policy: AccessPolicy
    }

    private struct State {
        var routes: [String: Registration] = [:]
        var connections: [ObjectIdentifier: RPCConnection] = [:]
        var draining = false
    }

    /// Limits applied to every connection.
    public let limits: RPCLimits
    private let state = Mutex(State())
    private let onEvent: EventHandler

    public init(limits: RPCLimits = RPCLimits(), onEvent: @escaping EventHandler = { _ in }) {
        self.limits = limits
        self.onEvent = onEvent
    }

    /// Adds a service's methods, callable by the identities `policy` allows.
    public func register(_ service: RPCService, policy: AccessPolicy = .anyService) {
        state.withLock { state in
            for (path, route) in service.routes {
                state.routes[path] = Registration(route: route, policy: policy)
            }
        }
    }

    /// Every method the server answers.
    public var methods: [RPCMethod] {
        state.withLock { $0.routes.values.map(\.route.method) }.sorted { $0.fullName < $1.fullName }
    }

    /// Calls in progress across all connections.
    public var activeCalls: Int {
        state.withLock { Array($0.connections.values) }.reduce(0) { $0 + $1.activeCalls }
    }

    /// Serves calls arriving on a transport; the server keeps the connection until it closes.
    package func serve(_ transport: any FrameTransport) -> RPCConnection {
        let connection = RPCConnection(transport: transport, role: .server(Acceptor(server: self)), limits: limits)
        let key = ObjectIdentifier(connection)
        let draining = state.withLock { state -> Bool in
            state.connections[key] = connection
            return state.draining
        }
        connection.whenClosed { [weak self] _ in
            self?.state.withLock { _ = $0.connections.removeValue(forKey: key) }
        }
        if draining {
            Task { await connection.drain(reason: "server is shutting down") }
        }
        return connection
    }

    /// Stops taking new calls on every connection, waits for the calls in progress, then closes them.
    public func drain() async {
        let connections = state.withLock { state -> [RPCConnection] in
            state.draining = true
            return Array(state.connections.values)
        }
        await withTaskGroup(of: Void.self) { group in
            for connection in connections {
                group.addTask { await connection.drain(reason: "server is shutting down") }
            }
        }
    }

    /// Closes every connection at once; calls in progress are cut off.
    public func closeAll() {
        let connections = state.withLock { state -> [RPCConnection] in
            state.draining = true
            return Array(state.connections.values)
        }
        for connection in connections { connection.close() }
    }

    fileprivate func run(_ call: ServerCall) {
        let path = call.header.method
        let registration = state.withLock { $0.routes[path] }
        guard let registration else {
            onEvent(.unknownMethod(peer: call.peer, method: path))
            call.finish(RPCError(.unimplemented, "unknown method \(path)"))
            return
        }
        let method = registration.route.method
        guard registration.policy.allows(call.peer.identity, method) else {
            onEvent(.permissionDenied(peer: call.peer, method: path))
            call.finish(RPCError(.permissionDenied, "service '\(call.peer.identity)' may not call \(path)"))
            return
        }
        var deadline: ContinuousClock.Instant?
        if call.header.timeoutMicros > 0 {
            deadline = .now + .microseconds(Int64(min(call.header.timeoutMicros, UInt64(Int64.max))))
        }
        let context = ServerCallContext(method: method, peer: call.peer, metadata: call.header.metadata, deadline: deadline)
        let route = registration.route
        call.start {
            do {
                try await route.run(call, context)
            } catch {
                call.finish(call.stopReason ?? RPCError.from(error))
            }
        }
    }

    fileprivate func report(_ event: ConnectionEvent) {
        switch event {
        case .protocolViolation(let peer, let reason):
            onEvent(.protocolViolation(peer: peer, reason: reason))
        }
    }
}

private struct Acceptor: CallAcceptor {
    weak var server: RPCServer?

    func accept(_ call: ServerCall) {
        guard let server else {
            call.finish(RPCError(.unavailable, "server is gone"))
            return
        }
        server.run(call)
    }

    func connectionEvent(_ event: ConnectionEvent) {
        server?.report(event)
    }
}

/// Something an `RPCServer` reports for the log.
public enum RPCServerEvent: Sendable, Equatable {
    /// A call named a method the server does not have.
    case unknownMethod(peer: PeerInfo, method: String)
    /// A caller's identity is not allowed the method.
    case permissionDenied(peer: PeerInfo, method: String)
    /// A peer broke the framing protocol and was disconnected.
    case protocolViolation(peer: PeerInfo, reason: String)
}
