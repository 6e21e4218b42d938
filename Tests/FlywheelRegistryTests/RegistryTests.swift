import FlywheelContracts
import FlywheelRegistry
import FlywheelRPC
import Foundation
import Synchronization
import Testing

/// A clock the tests move by hand, so lease expiry needs no waiting.
final class ManualClock: Sendable {
    private let now = Mutex(ContinuousClock.now)

    func read() -> ContinuousClock.Instant { now.withLock { $0 } }

    func advance(by duration: Duration) { now.withLock { $0 += duration } }
}

@Suite("Registry")
struct RegistryTests {
    private func request(_ service: String, _ id: String, port: Int = 7001, ttl: UInt32 = 5) -> RegistryV1.RegisterRequest {
        RegistryV1.RegisterRequest(service: service, instanceID: id, address: "127.0.0.1:\(port)", metadata: ["shard": "1"], ttlSeconds: ttl)
    }

    @Test("an instance whose heartbeats stop drops out after its TTL; one that beats stays")
    func leaseExpiry() async throws {
        let clock = ManualClock()
        let registry = Registry(store: try RegistryStore(path: nil), clock: { clock.read() })
        _ = try await registry.register(request("ingest", "ingest-1", port: 7001, ttl: 5))
        _ = try await registry.register(request("ingest", "ingest-2", port: 7002, ttl: 5))

        clock.advance(by: .seconds(3))
        #expect(registry.heartbeat(service: "ingest", instanceID: "ingest-2").known)
        clock.advance(by: .seconds(3))
        let dropped = await registry.sweep()

        #expect(dropped.map(\.instanceID) == ["ingest-1"])
        #expect(registry.instances(of: "ingest").map(\.instanceID) == ["ingest-2"])
        #expect(!registry.heartbeat(service: "ingest", instanceID: "ingest-1").known)
    }

    @Test("a restarted registry keeps its entries, unverified until they heartbeat")
    func restart() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("registry-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("registry.sqlite").path

        let first = RegistryStore.self
        do {
            let store = try first.init(path: path)
            let registry = Registry(store: store)
            _ = try await registry.register(request("ingest", "ingest-1"))
            _ = try await registry.register(request("gateway", "gateway-1", port: 8080))
            try await registry.remove(service: "gateway", instanceID: "gateway-1", reason: "deregistered")
            await store.close()
        }

        let registry = Registry(store: try RegistryStore(path: path))
        let restored = try await registry.restore()
        #expect(restored.map(\.instanceID) == ["ingest-1"])
        let before = try #require(registry.instances(of: "ingest").first)
        #expect(!before.verified)
        #expect(before.metadata == ["shard": "1"])
        #expect(before.address == "127.0.0.1:7001")

        #expect(registry.heartbeat(service: "ingest", instanceID: "ingest-1").known)
        #expect(registry.instances(of: "ingest").first?.verified == true)
    }

    @Test("Watch sees the existing instances, then adds and drops as they happen")
    func watch() async throws {
        let clock = ManualClock()
        let registry = Registry(store: try RegistryStore(path: nil), clock: { clock.read() })
        let server = RPCServer()
        server.register(RegistryService(registry: registry).rpcService)
        let ingest = RegistryV1.Registry.Client(channel: server.inProcessChannel(identity: "ingest"))
        let watcher = RegistryV1.Registry.Client(channel: server.inProcessChannel(identity: "gateway"))

        _ = try await ingest.registerInstance(request("ingest", "ingest-1"))
        let events = Task {
            try await watcher.watch(RegistryV1.WatchRequest(service: "ingest")) { stream in
                var seen: [String] = []
                for try await event in stream {
                    seen.append("\(event.kind) \(event.instance?.instanceID ?? "")\(event.reason.isEmpty ? "" : " (\(event.reason))")")
                    if seen.count == 5 { break }
                }
                return seen
            }
        }
        for _ in 0..<200 where registry.watcherCount == 0 { try await Task.sleep(for: .milliseconds(5)) }
        _ = try await ingest.registerInstance(request("ingest", "ingest-2", port: 7002))
        _ = try await ingest.deregisterInstance(RegistryV1.DeregisterRequest(service: "ingest", instanceID: "ingest-1"))
        clock.advance(by: .seconds(10))
        _ = await registry.sweep()

        #expect(try await events.value == [
            "existing ingest-1", "synced ", "added ingest-2", "removed ingest-1 (deregistered)",
            "removed ingest-2 (lease expired)",
        ])
    }

    @Test("an instance may only register under its own service name")
    func ownNameOnly() async throws {
        let registry = Registry(store: try RegistryStore(path: nil))
        let server = RPCServer()
        server.register(RegistryService(registry: registry).rpcService)
        let impostor = RegistryV1.Registry.Client(channel: server.inProcessChannel(identity: "notification"))
        await #expect {
            _ = try await impostor.registerInstance(request("gateway", "gateway-9"))
        } throws: { error in
            (error as? RPCError)?.code == .permissionDenied
        }
        #expect(registry.instances().isEmpty)
    }

    @Test("a registration with a bad address is refused and nothing is stored")
    func badAddress() async throws {
        let registry = Registry(store: try RegistryStore(path: nil))
        let server = RPCServer()
        server.register(RegistryService(registry: registry).rpcService)
        let client = RegistryV1.Registry.Client(channel: server.inProcessChannel(identity: "ingest"))
        var bad = request("ingest", "ingest-1")
        bad.address = "nowhere"
        await #expect { _ = try await client.registerInstance(bad) } throws: { error in
            (error as? RPCError)?.code == .invalidArgument && "\(error)".contains("nowhere")
        }
        #expect(registry.instances().isEmpty)
    }

    @Test("Resolve returns only the asked service's instances")
    func resolve() async throws {
        let registry = Registry(store: try RegistryStore(path: nil))
        let server = RPCServer()
        server.register(RegistryService(registry: registry).rpcService)
        _ = try await RegistryV1.Registry.Client(channel: server.inProcessChannel(identity: "ingest")).registerInstance(request("ingest", "ingest-1"))
        _ = try await RegistryV1.Registry.Client(channel: server.inProcessChannel(identity: "gateway")).registerInstance(request("gateway", "gateway-1", port: 8080))
        let resolved = try await RegistryV1.Registry.Client(channel: server.inProcessChannel(identity: "cli"))
            .resolve(RegistryV1.ResolveRequest(service: "gateway"))
        #expect(resolved.instances.map(\.instanceID) == ["gateway-1"])
        #expect(resolved.instances.first?.leaseExpiresAtMillis ?? 0 > 0)
    }
}
