import Dispatch
internal import Glibc
import Synchronization

/// An HTTP/1.1 server on libmicrohttpd whose handlers are Swift `async` functions.
///
/// libmicrohttpd threads read requests (headers, then the body incrementally, bounded by
/// `Configuration.maximumBodyBytes`) and suspend the connection while the handler runs as a Swift task;
/// the task's response resumes it. A socket thread therefore never waits for a handler, whatever the
/// handler awaits. Malformed requests are answered by libmicrohttpd itself (400 and similar).
///
/// ```swift
/// let server = HTTPServer(configuration: .init(port: 8080)) { request in
///     .text("hello \(request.path)")
/// }
/// try server.start()
/// await server.shutdown()
/// ```
public final class HTTPServer: Sendable {
    /// A request handler; it runs as a Swift task, one per request.
    public typealias Handler = @Sendable (HTTPRequest) async -> HTTPResponse

    /// Where the server stands.
    private enum Lifecycle {
        /// Created; moves to `running` when `start()` succeeds.
        case idle
        /// Serving; moves to `draining` when `shutdown` begins, or `stopped` on release.
        case running(Running)
        /// Shutdown under way; moves to `stopped`.
        case draining(port: UInt16)
        /// Stopped; final.
        case stopped
    }

    private struct Running: Sendable {
        let daemon: MicroHTTPDaemon
        let socket: ListeningSocket
        let dispatcher: RequestDispatcher
    }

    /// The configuration the server was created with.
    public let configuration: Configuration
    private let handler: Handler
    private let lifecycle = Mutex(Lifecycle.idle)
    private let stopQueue = DispatchQueue(label: "flywheel.http.daemon-stop")

    /// How long shutdown waits for the 503s of abandoned requests to be sent before stopping the daemon.
    static let abandonedDeliveryPeriod = Duration.seconds(1)

    /// Creates a server; nothing listens until `start()`.
    /// - Parameters:
    ///   - configuration: Address, limits and threads.
    ///   - handler: The function that answers every request.
    public init(configuration: Configuration = Configuration(), handler: @escaping Handler) {
        self.configuration = configuration
        self.handler = handler
    }

    deinit {
        // Released without `shutdown()`: stop at once, answering running handlers' requests with 503.
        if case .running(let running) = lifecycle.withLock({ $0 }) {
            running.dispatcher.registry.beginDraining()
            running.dispatcher.registry.abandonAll(with: running.dispatcher.shuttingDown)
            running.daemon.stopBlocking()
            Unmanaged.passUnretained(running.dispatcher).release()
        }
    }

    /// Binds the socket and starts the daemon's threads.
    /// - Throws: `HTTPServerError` with `.addressInUse` (naming the port), `.invalidAddress`,
    ///   `.permissionDenied`, `.socketFailure`, `.invalidConfiguration`, `.daemonFailure` or
    ///   `.alreadyStarted`.
    public func start() throws {
        try configuration.validate()
        try lifecycle.withLock { state in
            guard case .idle = state else {
                throw HTTPServerError(code: .alreadyStarted, message: "start() was called on a server already started")
            }
            let socket = try ListeningSocket.open(
                host: configuration.host, port: configuration.port, backlog: configuration.listenBacklog)
            let inode = socket.inode
            let dispatcher = RequestDispatcher(handler: handler, maximumBodyBytes: configuration.maximumBodyBytes)

            // The daemon's callbacks hold this reference until the daemon has stopped.
            let context = Unmanaged.passRetained(dispatcher).toOpaque()
            guard let daemon = MicroHTTPDaemon.start(socket: socket, configuration: configuration, context: context)
            else {
                Unmanaged<RequestDispatcher>.fromOpaque(context).release()
                socket.closeIfStillOpen(inode: inode)
                let reason = dispatcher.lastDiagnostic ?? "no reason reported"
                throw HTTPServerError(
                    code: .daemonFailure,
                    message: "libmicrohttpd did not start on \(configuration.host):\(socket.port): \(reason)")
            }
            state = .running(Running(daemon: daemon, socket: socket, dispatcher: dispatcher))
        }
    }

    /// The port the server listens on (the chosen one when configured with 0); `nil` unless started.
    public var localPort: UInt16? {
        lifecycle.withLock { state in
            switch state {
            case .running(let running): running.socket.port
            case .draining(let port): port
            case .idle, .stopped: nil
            }
        }
    }

    /// Whether a shutdown is under way: requests are no longer admitted.
    var isDraining: Bool {
        lifecycle.withLock { state in
            if case .draining = state {
                return true
            }
            return false
        }
    }

    /// Stops accepting, lets running handlers finish, then stops the daemon.
    ///
    /// New requests on open connections are answered with 503 meanwhile, and every response carries
    /// `Connection: close`. A request counts as finished once its response was sent. Handlers still
    /// running at the end of the grace period have their requests answered with 503 (their later
    /// results are dropped), sent within a further second, before the daemon stops and closes every
    /// connection. Returns at once when the server is not running or another shutdown is under way.
    /// - Parameter gracePeriod: How long to wait for running handlers.
    public func shutdown(gracePeriod: Duration = .seconds(10)) async {
        let deadline = ContinuousClock.now + gracePeriod
        let taken = lifecycle.withLock { state -> Running? in
            guard case .running(let running) = state else {
                return nil
            }
            state = .draining(port: running.socket.port)
            running.dispatcher.registry.beginDraining()
            return running
        }
        guard let running = taken else {
            return
        }
        let registry = running.dispatcher.registry
        let quiescedDescriptor = running.daemon.quiesce()

        if await !registry.waitUntilIdle(deadline: deadline) {
            // Answer the stragglers with 503 and give those answers a moment to go out.
            registry.abandonAll(with: running.dispatcher.shuttingDown)
            _ = await registry.waitUntilIdle(deadline: .now + Self.abandonedDeliveryPeriod)
        }

        await running.daemon.stop(on: stopQueue)
        if quiescedDescriptor >= 0 {
            close(quiescedDescriptor)
        }
        Unmanaged.passUnretained(running.dispatcher).release()
        lifecycle.withLock { $0 = .stopped }
    }
}
