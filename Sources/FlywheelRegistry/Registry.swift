public import FlywheelContracts
import FlywheelRPC
import Foundation
import Synchronization

/// The registry's state: live instances with their leases, and the watchers to tell about changes.
///
/// The store is written before memory changes, so what a caller was told is what survives a restart.
/// Leases are kept in memory; a sweeper drops instances whose lease ran out.
public final class Registry: Sendable {
    /// Lease bounds: a requested TTL is clamped into this range.
    public static let ttlRange = 2...300

    struct Entry: Sendable {
        var instance: RegistryV1.Instance
        var ttlSeconds: Int
        var expires: ContinuousClock.Instant
        var pinned = false
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var watchers: [UInt64: (service: String, continuation: AsyncStream<RegistryV1.WatchEvent>.Continuation)] = [:]
        var nextWatcher: UInt64 = 0
    }

    private let store: RegistryStore
    private let state = Mutex(State())
    private let clock: @Sendable () -> ContinuousClock.Instant

    /// - Parameters:
    ///   - store: where registrations persist.
    ///   - clock: the time source (tests move it forward).
    public init(store: RegistryStore, clock: @escaping @Sendable () -> ContinuousClock.Instant = { .now }) {
        self.store = store
        self.clock = clock
    }

    private static func key(_ service: String, _ instanceID: String) -> String { "\(service)/\(instanceID)" }

    private static func nowMillis() -> UInt64 { UInt64(Date().timeIntervalSince1970 * 1000) }

    private func wallExpiry(_ expires: ContinuousClock.Instant) -> UInt64 {
        let remaining = expires - clock()
        let millis = remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000
        return UInt64(max(0, Int64(Self.nowMillis()) + millis))
    }

    /// Loads the stored registrations after a restart: each gets a fresh lease and is unverified until it
    /// heartbeats or passes a health check. Returns the loaded instances.
    public func restore() async throws -> [RegistryV1.Instance] {
        let stored = try await store.loadAll()
        let now = clock()
        state.withLock { state in
            for (instance, ttl) in stored {
                var instance = instance
                instance.verified = false
                state.entries[Self.key(instance.service, instance.instanceID)] = Entry(
                    instance: instance, ttlSeconds: ttl, expires: now + .seconds(ttl))
            }
        }
        return stored.map(\.instance)
    }

    /// Adds the registry's own entry, which never expires and is not stored.
    public func pin(_ instance: RegistryV1.Instance) {
        var instance = instance
        instance.verified = true
        let entry = Entry(instance: instance, ttlSeconds: 0, expires: .now + .seconds(86_400 * 365 * 100), pinned: true)
        state.withLock { $0.entries[Self.key(instance.service, instance.instanceID)] = entry }
        publish(RegistryV1.WatchEvent(kind: .added, instance: instance))
    }

    /// Registers or re-registers an instance.
    public func register(_ request: RegistryV1.RegisterRequest) async throws -> RegistryV1.RegisterResponse {
        let ttl = min(max(Int(request.ttlSeconds == 0 ? 10 : request.ttlSeconds), Self.ttlRange.lowerBound), Self.ttlRange.upperBound)
        var instance = RegistryV1.Instance(
            service: request.service, instanceID: request.instanceID, address: request.address,
            metadata: request.metadata, registeredAtMillis: Self.nowMillis(), verified: true)
        try await store.save(instance, ttlSeconds: ttl)
        let expires = clock() + .seconds(ttl)
        instance.leaseExpiresAtMillis = wallExpiry(expires)
        let isNew = state.withLock { state -> Bool in
            let key = Self.key(request.service, request.instanceID)
            let previous = state.entries[key]
            state.entries[key] = Entry(instance: instance, ttlSeconds: ttl, expires: expires)
            return previous == nil || previous?.instance.address != instance.address
        }
        if isNew { publish(RegistryV1.WatchEvent(kind: .added, instance: instance)) }
        return RegistryV1.RegisterResponse(ttlSeconds: UInt32(ttl), leaseExpiresAtMillis: instance.leaseExpiresAtMillis)
    }

    /// Extends an instance's lease; `known` is false when the registry has no such instance.
    public func heartbeat(service: String, instanceID: String) -> RegistryV1.HeartbeatResponse {
        let now = clock()
        let expires: UInt64? = state.withLock { state in
            let key = Self.key(service, instanceID)
            guard var entry = state.entries[key], !entry.pinned else { return nil }
            entry.expires = now + .seconds(entry.ttlSeconds)
            entry.instance.verified = true
            state.entries[key] = entry
            return wallExpiry(entry.expires)
        }
        guard let expires else { return RegistryV1.HeartbeatResponse(known: false) }
        return RegistryV1.HeartbeatResponse(known: true, leaseExpiresAtMillis: expires)
    }

    /// Marks a restored instance verified (it answered a health check).
    public func markVerified(service: String, instanceID: String) {
        state.withLock { state in
            state.entries[Self.key(service, instanceID)]?.instance.verified = true
        }
    }

    /// Removes an instance; true when it was registered.
    @discardableResult
    public func remove(service: String, instanceID: String, reason: String) async throws -> Bool {
        _ = try await store.remove(service: service, instanceID: instanceID)
        let removed = state.withLock { state in
            state.entries.removeValue(forKey: Self.key(service, instanceID))
        }
        guard let removed else { return false }
        publish(RegistryV1.WatchEvent(kind: .removed, instance: removed.instance, reason: reason))
        return true
    }

    /// Drops every instance whose lease has run out; returns what was dropped.
    public func sweep() async -> [RegistryV1.Instance] {
        let now = clock()
        let expired = state.withLock { state in
            state.entries.values.filter { !$0.pinned && $0.expires <= now }.map(\.instance)
        }
        var dropped: [RegistryV1.Instance] = []
        for instance in expired {
            // Only drop it if it is still expired: a heartbeat may have landed meanwhile.
            let stillExpired = state.withLock { state in
                state.entries[Self.key(instance.service, instance.instanceID)].map { $0.expires <= now } ?? false
            }
            guard stillExpired else { continue }
            if (try? await remove(service: instance.service, instanceID: instance.instanceID, reason: "lease expired")) == true {
                dropped.append(instance)
            }
        }
        return dropped
    }

    /// The live instances of a service, or of every service when `service` is empty, sorted.
    public func instances(of service: String = "") -> [RegistryV1.Instance] {
        state.withLock { state in
            state.entries.values
                .filter { service.isEmpty || $0.instance.service == service }
                .map { entry in
                    var instance = entry.instance
                    instance.leaseExpiresAtMillis = entry.pinned ? 0 : wallExpiry(entry.expires)
                    return instance
                }
        }.sorted { ($0.service, $0.instanceID) < ($1.service, $1.instanceID) }
    }

    /// Changes from now on, after a snapshot of what exists (EXISTING events, then SYNCED).
    public func watch(service: String) -> AsyncStream<RegistryV1.WatchEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: RegistryV1.WatchEvent.self, bufferingPolicy: .bufferingNewest(4096))
        let id = state.withLock { state -> UInt64 in
            let id = state.nextWatcher
            state.nextWatcher += 1
            for entry in state.entries.values.sorted(by: { $0.instance.instanceID < $1.instance.instanceID })
            where service.isEmpty || entry.instance.service == service {
                continuation.yield(RegistryV1.WatchEvent(kind: .existing, instance: entry.instance))
            }
            continuation.yield(RegistryV1.WatchEvent(kind: .synced))
            state.watchers[id] = (service, continuation)
            return id
        }
        continuation.onTermination = { [weak self] _ in
            self?.state.withLock { _ = $0.watchers.removeValue(forKey: id) }
        }
        return stream
    }

    /// The number of open watches.
    public var watcherCount: Int { state.withLock { $0.watchers.count } }

    private func publish(_ event: RegistryV1.WatchEvent) {
        let targets = state.withLock { state in
            state.watchers.values.filter { $0.service.isEmpty || $0.service == event.instance?.service }.map(\.continuation)
        }
        for continuation in targets { continuation.yield(event) }
    }
}
