public import FlywheelContracts
import FlywheelNet
public import FlywheelRPC
import Synchronization

/// How one process reaches the rest of the mesh: the registry at a known address, every other service
/// through the registry, over mutual TLS with the process's own certificate.
public final class MeshClient: Sendable {
    public let connector: TLSConnector
    /// The registry's client.
    public let registry: RegistryV1.Registry.Client
    private let channels = Mutex<[String: BalancedChannel]>([:])
    private let resolverCacheTTL: Duration

    public init(connector: TLSConnector, registryAddress: String, resolverCacheTTL: Duration = .seconds(1)) {
        self.connector = connector
        registry = RegistryV1.Registry.Client(channel: connector.channel(service: "registry", address: registryAddress))
        self.resolverCacheTTL = resolverCacheTTL
    }

    /// A channel to every healthy instance of `service`, balanced, shared by all callers.
    public func channel(to service: String) -> BalancedChannel {
        channels.withLock { channels in
            if let channel = channels[service] { return channel }
            let resolver = RegistryResolver(service: service, registry: registry, cacheTTL: resolverCacheTTL)
            let channel = connector.balancedChannel(service: service, resolver: resolver)
            channels[service] = channel
            return channel
        }
    }
}

/// Resolves a service's instances through the registry, caching the answer briefly.
public final class RegistryResolver: EndpointResolver {
    private let service: String
    private let registry: RegistryV1.Registry.Client
    private let cacheTTL: Duration
    private let cache = Mutex<(endpoints: [Endpoint], fetched: ContinuousClock.Instant)?>(nil)

    public init(service: String, registry: RegistryV1.Registry.Client, cacheTTL: Duration) {
        self.service = service
        self.registry = registry
        self.cacheTTL = cacheTTL
    }

    public func endpoints(refresh: Bool) async throws -> [Endpoint] {
        if !refresh, let cached = cache.withLock({ $0 }), ContinuousClock.now - cached.fetched < cacheTTL {
            return cached.endpoints
        }
        let response = try await registry.resolve(
            RegistryV1.ResolveRequest(service: service), options: CallOptions(timeout: .seconds(3)))
        let endpoints = response.instances.map { Endpoint(instanceID: $0.instanceID, address: $0.address) }
        cache.withLock { $0 = (endpoints, .now) }
        return endpoints
    }
}
