import CFlywheelSys
import COpenSSL
import Glibc

/// One TCP socket and its TLS session, driven by its event loop from connect or accept to close.
///
/// - Note: loop thread only. `TLSConnection` is the thread-safe face of an established channel.
final class TLSChannel: EventLoopSource, @unchecked Sendable {
    enum Role {
        case server
        case client(expectedService: String)
    }

    enum Phase {
        /// Client: waiting for the TCP connect to finish.
        case connecting
        /// Both: SSL_do_handshake has not finished.
        case handshaking
        /// Client: handshake done, waiting for the server's session ticket, which it sends only after
        /// accepting our certificate (in TLS 1.3 the client finishes before the server has checked it).
        case awaitingAcceptance
        case established
        /// `close()` was called: flush, send close_notify, wait briefly for the peer's.
        case closing
        case closed
    }

    let loop: EventLoop
    let context: TLSContext
    let role: Role
    let descriptor: Int32
    let remoteAddress: SocketAddress
    let handshakeTimeout: Duration

    var ssl: OpaquePointer?
    var phase: Phase
    /// The epoll events currently asked for, and whether the descriptor is in epoll at all.
    var interest: UInt32 = 0
    var inEpoll = false
    var timer: ScheduledTask?

    /// Called once when the handshake ends, either way; nil afterwards.
    var completion: ((Result<TLSConnection, NetError>) -> Void)?
    var connection: TLSConnection?
    var handler: (any TLSConnectionHandler)?
    var started = false
    /// An error that closed the channel before `start(handler:)`, delivered once it is called.
    var closedBeforeStart: NetError??

    /// Bytes taken from the connection's queue, written from `outboundOffset` on. They stay in place
    /// after SSL_write asks for a retry, as OpenSSL requires.
    var outbound: [UInt8] = []
    var outboundOffset = 0
    var writeBlocked = false
    var writeWaitsForRead = false
    var closeNotifySent = false

    init(
        loop: EventLoop, context: TLSContext, role: Role, descriptor: Int32, remoteAddress: SocketAddress,
        phase: Phase, handshakeTimeout: Duration,
        completion: @escaping (Result<TLSConnection, NetError>) -> Void
    ) {
        self.loop = loop
        self.context = context
        self.role = role
        self.descriptor = descriptor
        self.remoteAddress = remoteAddress
        self.phase = phase
        self.handshakeTimeout = handshakeTimeout
        self.completion = completion
    }

    // MARK: Events

    func handle(events: UInt32) {
        switch phase {
        case .connecting:
            finishConnect()
        case .handshaking:
            handshakeStep()
        case .awaitingAcceptance:
            awaitAcceptance()
        case .established, .closing:
            handleStreamEvents(events)
        case .closed:
            break
        }
    }

    func loopDidShutDown() {
        finish(NetError(.eventLoopShutdown, "event loop \(loop.name) shut down"))
    }

    private func handleStreamEvents(_ events: UInt32) {
        let hangup = events & (EPOLLHUP.rawValue | EPOLLERR.rawValue) != 0
        // Nothing is read before start(handler:), so that no byte is lost; start() reads first.
        let reads = started || closeNotifySent
        if events & EPOLLOUT.rawValue != 0 || (hangup && writeBlocked) {
            writeBlocked = false
            flushOutbound()
        }
        guard phase == .established || phase == .closing else { return }
        guard reads else {
            // Take the socket out of epoll so an unread hang-up does not spin the loop.
            if hangup { suspend() }
            return
        }
        if events & EPOLLIN.rawValue != 0 || hangup {
            readAvailable()
            if writeWaitsForRead && (phase == .established || phase == .closing) {
                writeWaitsForRead = false
                flushOutbound()
            }
        }
    }

    // MARK: Interest

    /// Asks epoll for reads once started (or while waiting for the peer's close_notify) and for
    /// writability while a write is blocked.
    func updateInterest() {
        guard phase != .closed else { return }
        var wanted: UInt32 = 0
        if started || closeNotifySent { wanted |= EPOLLIN.rawValue }
        if writeBlocked { wanted |= EPOLLOUT.rawValue }
        setInterest(wanted)
    }

    func setInterest(_ wanted: UInt32) {
        if !inEpoll {
            guard (try? loop.register(descriptor, interest: wanted, source: self)) != nil else {
                finish(.system("epoll_ctl", "adding the socket for \(remoteAddress)"))
                return
            }
            inEpoll = true
        } else if wanted != interest {
            loop.modify(descriptor, interest: wanted)
        }
        interest = wanted
    }

    private func suspend() {
        guard inEpoll else { return }
        _ = epoll_ctl(loop.epollDescriptor, EPOLL_CTL_DEL, descriptor, nil)
        inEpoll = false
    }

    // MARK: Closing

    /// Ends the channel: frees the session, closes the socket, and tells whoever waits, exactly once.
    func finish(_ error: NetError?) {
        guard phase != .closed else { return }
        phase = .closed
        timer?.cancel()
        timer = nil
        if inEpoll {
            loop.deregister(descriptor)
        } else {
            loop.state.sources[descriptor] = nil
        }
        inEpoll = false
        if let ssl { SSL_free(ssl) }
        ssl = nil
        Glibc.close(descriptor)
        outbound = []
        connection?.refuseWrites()

        if let completion {
            self.completion = nil
            completion(.failure(error ?? NetError(.handshakeFailed, "handshake with \(remoteAddress) ended")))
        } else if started {
            deliverClosed(error)
        } else {
            closedBeforeStart = .some(error)
        }
    }

    func deliverClosed(_ error: NetError?) {
        let handler = self.handler
        let connection = self.connection
        self.handler = nil
        self.connection = nil
        if let handler, let connection { handler.closed(connection, error: error) }
    }

    /// Graceful close: flush what is queued, then send close_notify.
    func beginClose() {
        guard phase == .established else { return }
        phase = .closing
        flushOutbound()
    }

    /// Sends close_notify, half-closes TCP, and waits briefly for the peer's close_notify or end of stream
    /// so that closing the socket does not reset data the peer has not read yet.
    func sendCloseNotify() {
        guard let ssl, phase == .closing, !closeNotifySent else { return }
        ERR_clear_error()
        let result = SSL_shutdown(ssl)
        if result == 1 {
            finish(nil)
            return
        }
        if result < 0 {
            if SSL_get_error(ssl, result) == SSL_ERROR_WANT_WRITE {
                writeBlocked = true
                updateInterest()
            } else {
                ERR_clear_error()
                finish(nil)
            }
            return
        }
        closeNotifySent = true
        _ = Glibc.shutdown(descriptor, Int32(SHUT_WR))
        updateInterest()
        timer = loop.schedule(after: .seconds(2)) { [weak self] in self?.finish(nil) }
    }
}
