import CFlywheelSys
import Glibc

/// Accepts TCP connections, completes a mutual TLS 1.3 handshake with each on the loops of a group,
/// and hands over the ones that pass.
///
/// A socket whose handshake fails (plain TCP or HTTP, a certificate from another CA, an expired or missing
/// certificate, silence past the handshake timeout) is closed and reported to `onRefusal`; other
/// connections are not affected.
public final class TCPListener: Sendable {
    /// The address the listener is bound to; its port is the real one when 0 was asked for.
    public let localAddress: SocketAddress
    /// The loop that accepts connections.
    public let loop: EventLoop
    private let socket: ListeningSocket

    /// The bound TCP port (useful after asking for port 0).
    public var localPort: Int { localAddress.port }

    /// Binds and starts accepting.
    /// - Parameters:
    ///   - host: the address to listen on, e.g. "127.0.0.1" or "0.0.0.0".
    ///   - port: the port; 0 picks a free one (read `localPort`).
    ///   - tls: our certificate, key and trusted CA; clients must present a certificate it trusts.
    ///   - group: accepting runs on `group.next()`; each connection goes to the next loop round-robin.
    ///   - handshakeTimeout: peers that have not finished the handshake by then are closed.
    ///   - backlog: the kernel's queue of not-yet-accepted connections.
    ///   - onConnection: receives each established connection, on its loop's thread; call
    ///     `start(handler:)` on it there.
    ///   - onRefusal: receives each refused handshake, on a loop thread.
    /// - Throws: `NetError`: `.addressInUse` ("cannot listen on 127.0.0.1:8443: address already in use"),
    ///   `.addressResolution`, `.system`, `.eventLoopShutdown`.
    public init(
        host: String, port: Int, tls: TLSContext, group: EventLoopGroup,
        handshakeTimeout: Duration = .seconds(10), backlog: Int32 = 1024,
        onConnection: @escaping @Sendable (TLSConnection) -> Void,
        onRefusal: @escaping @Sendable (TLSRefusal) -> Void
    ) throws(NetError) {
        let requested = try SocketAddress.resolve(host: host, port: port)
        let descriptor = try Self.bind(requested, backlog: backlog)
        guard let bound = SocketAddress.local(of: descriptor) else {
            let error = NetError.system("getsockname", "for \(requested)")
            Glibc.close(descriptor)
            throw error
        }
        self.localAddress = bound
        self.loop = group.next()
        self.socket = ListeningSocket(
            descriptor: descriptor, loop: loop, group: group, context: tls, handshakeTimeout: handshakeTimeout,
            onConnection: onConnection, onRefusal: onRefusal)
        let socket = self.socket
        guard loop.execute({ socket.startAccepting() }) else {
            Glibc.close(descriptor)
            throw NetError(.eventLoopShutdown, "event loop \(loop.name) shut down; cannot listen on \(bound)")
        }
    }

    /// Stops accepting and closes the listening socket; established connections stay open.
    /// Callable from any thread.
    public func close() {
        let socket = self.socket
        loop.execute { socket.close() }
    }

    private static func bind(_ address: SocketAddress, backlog: Int32) throws(NetError) -> Int32 {
        let descriptor = Glibc.socket(
            address.family, Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw .system("socket", "for \(address)") }
        var on: Int32 = 1
        _ = setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        if address.withSockAddr({ Glibc.bind(descriptor, $0, $1) }) != 0 {
            let code = errno
            Glibc.close(descriptor)
            if code == EADDRINUSE {
                throw NetError(.addressInUse, "cannot listen on \(address): address already in use")
            }
            throw .system("bind", "to \(address)", errno: code)
        }
        guard Glibc.listen(descriptor, backlog) == 0 else {
            let code = errno
            Glibc.close(descriptor)
            if code == EADDRINUSE {
                throw NetError(.addressInUse, "cannot listen on \(address): address already in use")
            }
            throw .system("listen", "on \(address)", errno: code)
        }
        return descriptor
    }
}

/// The listening descriptor on its loop: accepts until the kernel has no more, then waits for epoll.
///
/// - Note: loop thread only, apart from the immutable properties.
final class ListeningSocket: EventLoopSource, @unchecked Sendable {
    let descriptor: Int32
    let loop: EventLoop
    let group: EventLoopGroup
    let context: TLSContext
    let handshakeTimeout: Duration
    let onConnection: @Sendable (TLSConnection) -> Void
    let onRefusal: @Sendable (TLSRefusal) -> Void
    private var open = true
    /// Whether the descriptor is in epoll; it stays in the loop's source table while paused, so a
    /// shutdown still closes it.
    private var registered = false

    init(
        descriptor: Int32, loop: EventLoop, group: EventLoopGroup, context: TLSContext,
        handshakeTimeout: Duration, onConnection: @escaping @Sendable (TLSConnection) -> Void,
        onRefusal: @escaping @Sendable (TLSRefusal) -> Void
    ) {
        self.descriptor = descriptor
        self.loop = loop
        self.group = group
        self.context = context
        self.handshakeTimeout = handshakeTimeout
        self.onConnection = onConnection
        self.onRefusal = onRefusal
    }

    func startAccepting() {
        guard open, !registered else { return }
        do {
            try loop.register(descriptor, interest: EPOLLIN.rawValue, source: self)
            registered = true
        } catch {
            close()
        }
    }

    func handle(events: UInt32) {
        while open {
            let accepted = flywheel_accept_nonblocking(descriptor)
            if accepted < 0 {
                switch errno {
                case EINTR, ECONNABORTED:
                    continue
                case EMFILE, ENFILE, ENOBUFS, ENOMEM:
                    pauseAccepting()
                    return
                default:
                    return
                }
            }
            setNoDelay(accepted)
            guard let remote = SocketAddress.remote(of: accepted) else {
                Glibc.close(accepted)
                continue
            }
            hand(accepted, from: remote, to: group.next())
        }
    }

    /// Starts the handshake of an accepted socket on `target`.
    private func hand(_ descriptor: Int32, from remote: SocketAddress, to target: EventLoop) {
        let context = self.context
        let timeout = handshakeTimeout
        let onConnection = self.onConnection
        let onRefusal = self.onRefusal
        let submitted = target.execute {
            TLSChannel.accept(
                descriptor: descriptor, remoteAddress: remote, context: context, loop: target, timeout: timeout
            ) { result in
                switch result {
                case .success(let connection):
                    onConnection(connection)
                case .failure(let error):
                    onRefusal(TLSRefusal(peerAddress: remote, reason: error.message, error: error))
                }
            }
        }
        if !submitted { Glibc.close(descriptor) }
    }

    /// Out of descriptors or memory: stop listening for a moment instead of spinning on the ready socket.
    private func pauseAccepting() {
        guard registered else { return }
        _ = epoll_ctl(loop.epollDescriptor, EPOLL_CTL_DEL, descriptor, nil)
        registered = false
        loop.schedule(after: .milliseconds(100)) { [self] in startAccepting() }
    }

    func close() {
        guard open else { return }
        open = false
        loop.deregister(descriptor)
        registered = false
        Glibc.close(descriptor)
    }

    func loopDidShutDown() {
        close()
    }
}
