public import FlywheelContracts
public import FlywheelRPC
import Synchronization

/// The Health service every Flywheel server answers.
public final class HealthService: HealthV1.Health.Handler {
    private let service: String
    private let instanceID: String
    private let version: String
    private let started = ContinuousClock.now
    private let serving = Atomic(true)

    public init(service: String, instanceID: String, version: String = FlywheelVersion.current) {
        self.service = service
        self.instanceID = instanceID
        self.version = version
    }

    /// Marks the server as draining (NOT_SERVING) or serving.
    public func setServing(_ isServing: Bool) {
        serving.store(isServing, ordering: .relaxed)
    }

    public func check(_ request: HealthV1.HealthCheckRequest, context: ServerCallContext) async throws -> HealthV1.HealthCheckResponse {
        if !request.service.isEmpty && request.service != service {
            throw RPCError(.notFound, "this server is '\(service)', not '\(request.service)'")
        }
        let uptime = ContinuousClock.now - started
        return HealthV1.HealthCheckResponse(
            status: serving.load(ordering: .relaxed) ? .serving : .notServing,
            service: service, instanceID: instanceID, version: version,
            uptimeMillis: UInt64(uptime.components.seconds * 1000 + uptime.components.attoseconds / 1_000_000_000_000_000))
    }
}

/// The version every component reports.
public enum FlywheelVersion {
    public static let current = "0.1.0"
}
