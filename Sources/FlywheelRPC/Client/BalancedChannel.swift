import Synchronization

/// One reachable instance of a service.
public struct Endpoint: Sendable, Hashable, CustomStringConvertible {
    /// The instance id the registry knows it by.
    public var instanceID: String
    /// `host:port`.
    public var address: String

    public init(instanceID: String, address: String) {
        self.instanceID = instanceID
        self.address = address
    }

    public var description: String { "\(instanceID)@\(address)" }
}

/// Where a balanced channel learns the instances of its service (the registry, or a fixed list).
public protocol EndpointResolver: Sendable {
    /// The instances to balance across; `refresh` asks for a fresh answer rather than a cached one.
    func endpoints(refresh: Bool) async throws -> [Endpoint]
}

/// A fixed list of endpoints.
public struct StaticEndpoints: EndpointResolver {
    public var list: [Endpoint]

    public init(_ list: [Endpoint]) {
        self.list = list
    }

    public func endpoints(refresh: Bool) async throws -> [Endpoint] { list }
}

/// Balances calls round-robin across a service's instances, keeping one connection per instance.
///
/// An instance whose call fails with UNAVAILABLE is set aside for a short while, and the call moves to the
/// next instance when that is safe: the request never left, or the method is idempotent and unary.
public final class BalancedChannel: RPCChannel {
    /// Makes a connection to one endpoint.
    package typealias Connector = @Sendable (Endpoint) async throws -> RPCConnection

    private struct State {
        var channels: [Endpoint: ConnectionChannel] = [:]
        var setAside: [Endpoint: ContinuousClock.Instant] = [:]
        var cursor = 0
    }

    /// The service the channel calls, for error messages.
    public let service: String
    private let resolver: any EndpointResolver
    private let connector: Connector
    private let state = Mutex(State())
    private let setAsideFor: Duration

    package init(service: String, resolver: any EndpointResolver, setAsideFor: Duration = .seconds(2), connector: @escaping Connector) {
        self.service = service
        self.resolver = resolver
        self.connector = connector
        self.setAsideFor = setAsideFor
    }

    public func withCall<Result: Sendable>(
        _ method: RPCMethod, options: CallOptions, _ body: (ClientCall) async throws -> Result
    ) async throws -> Result {
        var options = options
        if options.requestID == nil { options.requestID = RequestID.make() }
        var tried: Set<Endpoint> = []
        var lastError: RPCError?
        var refresh = false
        while true {
            let endpoints = try await resolve(refresh: refresh)
            guard let endpoint = pick(from: endpoints, excluding: tried) else {
                if !refresh && !tried.isEmpty {
                    refresh = true
                    continue
                }
                if let lastError { throw lastError }
                throw RPCError(.unavailable, "no healthy instance of \(service) is registered")
            }
            tried.insert(endpoint)
            let channel = channel(for: endpoint)
            var sent = false
            do {
                return try await channel.withCall(method, options: options) { call in
                    do {
                        return try await body(call)
                    } catch {
                        sent = call.wasSent
                        throw error
                    }
                }
            } catch let error as RPCError where error.code == .unavailable {
                setAside(endpoint)
                lastError = RPCError(.unavailable, "\(service) instance \(endpoint): \(error.message)", cause: error)
                let retryable = !sent || (method.idempotent && method.kind == .unary)
                if !retryable { throw lastError! }
            }
        }
    }

    private func resolve(refresh: Bool) async throws -> [Endpoint] {
        do {
            return try await resolver.endpoints(refresh: refresh)
        } catch let error as RPCError {
            throw RPCError(.unavailable, "cannot resolve \(service): \(error.message)", cause: error)
        }
    }

    private func pick(from endpoints: [Endpoint], excluding tried: Set<Endpoint>) -> Endpoint? {
        let now = ContinuousClock.now
        return state.withLock { state in
            let fresh = endpoints.filter { !tried.contains($0) }
            let healthy = fresh.filter { state.setAside[$0].map { $0 <= now } ?? true }
            let candidates = healthy.isEmpty ? fresh : healthy
            guard !candidates.isEmpty else { return nil }
            state.cursor &+= 1
            return candidates[state.cursor % candidates.count]
        }
    }

    private func setAside(_ endpoint: Endpoint) {
        let until = ContinuousClock.now + setAsideFor
        state.withLock { $0.setAside[endpoint] = until }
    }

    private func channel(for endpoint: Endpoint) -> ConnectionChannel {
        state.withLock { state in
            if let channel = state.channels[endpoint] { return channel }
            let connector = self.connector
            let channel = ConnectionChannel { try await connector(endpoint) }
            state.channels[endpoint] = channel
            return channel
        }
    }

    /// Closes every connection the channel holds.
    public func close() {
        let channels = state.withLock { state -> [ConnectionChannel] in
            defer { state.channels = [:] }
            return Array(state.channels.values)
        }
        for channel in channels { channel.close() }
    }
}
