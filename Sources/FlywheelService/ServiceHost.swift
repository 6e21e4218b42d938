import Dispatch
import FlywheelContracts
public import FlywheelNet
public import FlywheelRPC
public import Foundation
import Synchronization

/// Runs one service process: reads its configuration, serves its RPCs over mutual TLS, registers with
/// the registry and keeps the lease alive, and on SIGTERM or SIGINT stops accepting, deregisters, drains
/// the calls in progress and returns exit status 0.
public final class ServiceHost: Sendable {
    /// The service name; its certificate must name it too.
    public let name: String
    public let configuration: ServiceConfiguration
    public let logger: Logger
    /// This process's instance id in the registry.
    public let instanceID: String
    /// The mesh CA, this service's certificate and key.
    public let tlsContext: TLSContext
    /// The event loops running this process's sockets.
    public let group: EventLoopGroup
    public let limits: RPCLimits

    /// Reads the configuration and loads the certificates.
    ///
    /// - Throws: `ConfigurationError` naming the key or file that is wrong.
    public init(
        name: String, extraKeys: [ServiceConfiguration.Key] = [],
        arguments: [String] = Array(CommandLine.arguments.dropFirst()),
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConfigurationError) {
        self.name = name
        configuration = try ServiceConfiguration(service: name, extraKeys: extraKeys, arguments: arguments, environment: environment)
        logger = Logger(service: name, minimumLevel: try configuration.logLevel())
        let configuredID = configuration.string("instance-id")
        instanceID = configuredID.isEmpty ? "\(name)-\(String(UInt32.random(in: 0...UInt32.max), radix: 36))" : configuredID
        limits = RPCLimits(maxMessageBytes: try configuration.integer("max-message-bytes", in: 1024...(256 << 20)))

        let certs = configuration.string("certs")
        let tls = TLSConfiguration.mesh(directory: certs, service: name)
        for path in [tls.certificateChainPath, tls.privateKeyPath, tls.trustedCAPath] where !FileManager.default.isReadableFile(atPath: path) {
            throw ConfigurationError("certs = '\(certs)' (\(configuration.source(of: "certs"))): cannot read \(path) (run ops/certs/generate-certs.sh \(certs) \(name))")
        }
        do {
            tlsContext = try tls.makeContext()
        } catch {
            throw ConfigurationError("certs = '\(certs)': \(error.message)")
        }
        do {
            group = try EventLoopGroup()
        } catch {
            throw ConfigurationError("cannot start the event loops: \(error.message)")
        }
    }

    /// A client for the rest of the mesh, using this service's certificate.
    public func makeMesh() throws(ConfigurationError) -> MeshClient {
        let registry = try configuration.address("registry")
        return MeshClient(connector: TLSConnector(context: tlsContext, group: group, limits: limits), registryAddress: "\(registry.host):\(registry.port)")
    }

    /// Serves `services` until a stop signal, then shuts down cleanly.
    ///
    /// - Parameters:
    ///   - services: the RPC services and who may call them; Health is added.
    ///   - registers: false for the registry itself, which registers in its own store.
    ///   - onListening: runs once the listener is bound, with the address it advertises.
    ///   - onStopping: runs after a stop signal, once new connections are refused and the instance is
    ///     deregistered, before calls in progress are drained: end long-lived streams (a Feed) here.
    /// - Returns: the process exit status: 0 after a clean stop, 1 when it could not start.
    public func run(
        services: [(RPCService, AccessPolicy)], registers: Bool = true, metadata: [String: String] = [:],
        onListening: @Sendable (String) async -> Void = { _ in },
        onStopping: @Sendable () async -> Void = {}
    ) async -> Int32 {
        let logger = self.logger
        let server = RPCServer(limits: limits) { event in
            switch event {
            case .unknownMethod(let peer, let method):
                logger.warning("unknown method", ["peer": peer, "method": method])
            case .permissionDenied(let peer, let method):
                logger.warning("permission denied", ["peer": peer, "method": method])
            case .protocolViolation(let peer, let reason):
                logger.warning("connection closed: protocol violation", ["peer": peer, "reason": reason])
            }
        }
        let health = HealthService(service: name, instanceID: instanceID)
        server.register(health.rpcService)
        for (service, policy) in services { server.register(service, policy: policy) }

        let listener: TCPListener
        let advertised: String
        do {
            let listen = try configuration.address("listen")
            do {
                listener = try TCPListener(
                    host: listen.host, port: listen.port, tls: tlsContext, group: group,
                    onConnection: { server.serve($0) },
                    onRefusal: { refusal in
                        logger.warning("tls handshake refused", ["peer": refusal.peerAddress, "reason": refusal.reason])
                    })
            } catch {
                throw ConfigurationError("listen = '\(configuration.string("listen"))' (\(configuration.source(of: "listen"))): \(error.message)")
            }
            advertised = "\(listen.host):\(listener.localPort)"
        } catch {
            logger.error("cannot start", ["reason": "\(error)"])
            await group.shutdown()
            return 1
        }
        logger.info("listening", ["address": advertised, "instance": instanceID, "methods": server.methods.count])
        await onListening(advertised)

        let signals = StopSignal()
        var lease: Task<Void, Never>?
        var mesh: MeshClient?
        if registers {
            do {
                let client = try makeMesh()
                mesh = client
                let ttl = try configuration.integer("lease-ttl", in: 2...3600)
                lease = Task { [name, instanceID] in
                    await Self.keepLease(
                        registry: client.registry, logger: logger, ttlSeconds: ttl,
                        request: RegistryV1.RegisterRequest(
                            service: name, instanceID: instanceID, address: advertised, metadata: metadata,
                            ttlSeconds: UInt32(ttl)))
                }
            } catch {
                logger.error("cannot start", ["reason": "\(error)"])
                listener.close()
                await group.shutdown()
                return 1
            }
        }

        let signal = await signals.wait()
        logger.info("shutting down", ["signal": signal, "calls": server.activeCalls])
        health.setServing(false)
        listener.close()
        lease?.cancel()
        if let mesh {
            _ = try? await mesh.registry.deregisterInstance(
                RegistryV1.DeregisterRequest(service: name, instanceID: instanceID),
                options: CallOptions(timeout: .seconds(2)))
        }
        await onStopping()
        let drainTimeout = (try? configuration.integer("drain-timeout", in: 0...3600)) ?? 10
        let drained = await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                await server.drain()
                return true
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(drainTimeout))
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
        if !drained {
            logger.warning("drain timed out; closing connections", ["calls": server.activeCalls])
        }
        server.closeAll()
        await group.shutdown()
        logger.info("stopped")
        return 0
    }

    /// Registers, then heartbeats every third of the TTL; registers again when the registry forgot us.
    private static func keepLease(
        registry: RegistryV1.Registry.Client, logger: Logger, ttlSeconds: Int, request: RegistryV1.RegisterRequest
    ) async {
        var registered = false
        var reachable = true
        let beat = Duration.milliseconds(ttlSeconds * 1000 / 3)
        while !Task.isCancelled {
            do {
                if !registered {
                    _ = try await registry.registerInstance(request, options: CallOptions(timeout: .seconds(3)))
                    registered = true
                    logger.info("registered", ["registry.instance": request.instanceID, "address": request.address])
                } else {
                    let answer = try await registry.heartbeat(
                        RegistryV1.HeartbeatRequest(service: request.service, instanceID: request.instanceID),
                        options: CallOptions(timeout: .seconds(3)))
                    if !answer.known {
                        registered = false
                        logger.warning("registry forgot this instance; registering again")
                        continue
                    }
                }
                if !reachable {
                    reachable = true
                    logger.info("registry reachable again")
                }
            } catch {
                if reachable {
                    reachable = false
                    logger.warning("registry unreachable", ["reason": "\(error)"])
                }
                registered = registered && (error as? RPCError)?.code != .notFound
                try? await Task.sleep(for: .milliseconds(500))
                continue
            }
            try? await Task.sleep(for: beat)
        }
    }
}

/// Waits for SIGTERM or SIGINT without blocking a thread of the cooperative pool.
///
/// Creating one makes the process ignore the default action of both signals from then on.
public final class StopSignal: @unchecked Sendable {
    private let sources: [any DispatchSourceSignal]
    private let state = Mutex<(received: String?, waiter: CheckedContinuation<String, Never>?)>((nil, nil))

    public init() {
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGTERM, SIGINT] {
            Foundation.signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            sources.append(source)
        }
        self.sources = sources
        for (source, label) in zip(sources, ["SIGTERM", "SIGINT"]) {
            source.setEventHandler { @Sendable [weak self] in self?.deliver(label) }
            source.resume()
        }
    }

    private func deliver(_ label: String) {
        let waiter = state.withLock { state -> CheckedContinuation<String, Never>? in
            if state.received == nil { state.received = label }
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: label)
    }

    /// The name of the first signal received (`SIGTERM` or `SIGINT`), once one arrives.
    public func wait() async -> String {
        await withCheckedContinuation { continuation in
            let received = state.withLock { state -> String? in
                if let received = state.received { return received }
                state.waiter = continuation
                return nil
            }
            if let received { continuation.resume(returning: received) }
        }
    }
}
