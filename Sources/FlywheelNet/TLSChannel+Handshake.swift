import CFlywheelSys
import COpenSSL
import Glibc

extension TLSChannel {
    /// Takes over an accepted socket and starts the server side of the handshake.
    static func accept(
        descriptor: Int32, remoteAddress: SocketAddress, context: TLSContext, loop: EventLoop,
        timeout: Duration, completion: @escaping (Result<TLSConnection, NetError>) -> Void
    ) {
        let channel = TLSChannel(
            loop: loop, context: context, role: .server, descriptor: descriptor, remoteAddress: remoteAddress,
            phase: .handshaking, handshakeTimeout: timeout, completion: completion)
        guard let ssl = context.makeServerSession(descriptor: descriptor) else {
            channel.finish(NetError(.handshakeFailed, "cannot create a TLS session: \(sessionFailure())"))
            return
        }
        channel.ssl = ssl
        channel.armTimeout()
        channel.setInterest(EPOLLIN.rawValue)
        channel.handshakeStep()
    }

    /// Opens a non-blocking TCP connection and, once it is up, the client side of the handshake.
    static func connect(
        to address: SocketAddress, expectedService: String, context: TLSContext, loop: EventLoop,
        timeout: Duration, completion: @escaping (Result<TLSConnection, NetError>) -> Void
    ) {
        let kind = Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue)
        let descriptor = socket(address.family, kind, 0)
        guard descriptor >= 0 else {
            completion(.failure(.system("socket", "for \(address)")))
            return
        }
        setNoDelay(descriptor)
        let status = address.withSockAddr { Glibc.connect(descriptor, $0, $1) }
        let connectErrno = errno
        let channel = TLSChannel(
            loop: loop, context: context, role: .client(expectedService: expectedService), descriptor: descriptor,
            remoteAddress: address, phase: .connecting, handshakeTimeout: timeout, completion: completion)
        if status != 0 && connectErrno != EINPROGRESS {
            channel.finish(connectFailure(connectErrno, address))
            return
        }
        channel.armTimeout()
        channel.setInterest(EPOLLOUT.rawValue)
        if status == 0 { channel.startClientHandshake() }
    }

    private static func sessionFailure() -> String {
        openSSLErrorText(or: "SSL_new failed")
    }

    private func armTimeout() {
        let timeout = handshakeTimeout
        let what: String
        switch role {
        case .server: what = "TLS handshake with \(remoteAddress) timed out after \(timeout)"
        case .client(let service): what = "connecting to \(service) at \(remoteAddress) timed out after \(timeout)"
        }
        timer = loop.schedule(after: timeout) { [weak self] in self?.finish(NetError(.timedOut, what)) }
    }

    func finishConnect() {
        var failure: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &failure, &length) == 0 else {
            finish(.system("getsockopt(SO_ERROR)", "for \(remoteAddress)"))
            return
        }
        guard failure == 0 else {
            finish(Self.connectFailure(failure, remoteAddress))
            return
        }
        startClientHandshake()
    }

    private static func connectFailure(_ code: Int32, _ address: SocketAddress) -> NetError {
        if code == ECONNREFUSED { return NetError(.connectionRefused, "connection refused by \(address)") }
        if code == ETIMEDOUT { return NetError(.timedOut, "connect to \(address): \(errnoText(code))") }
        return .system("connect", "to \(address)", errno: code)
    }

    private func startClientHandshake() {
        guard case .client(let service) = role, phase == .connecting else { return }
        guard let ssl = context.makeClientSession(descriptor: descriptor, expectedService: service) else {
            finish(NetError(.handshakeFailed, "cannot create a TLS session: \(Self.sessionFailure())"))
            return
        }
        self.ssl = ssl
        phase = .handshaking
        handshakeStep()
    }

    func handshakeStep() {
        guard let ssl, phase == .handshaking else { return }
        ERR_clear_error()
        let result = SSL_do_handshake(ssl)
        if result == 1 {
            switch role {
            case .server:
                becomeEstablished()
            case .client:
                phase = .awaitingAcceptance
                setInterest(EPOLLIN.rawValue)
                awaitAcceptance()
            }
            return
        }
        switch SSL_get_error(ssl, result) {
        case SSL_ERROR_WANT_READ:
            setInterest(EPOLLIN.rawValue)
        case SSL_ERROR_WANT_WRITE:
            setInterest(EPOLLIN.rawValue | EPOLLOUT.rawValue)
        case let failure:
            finish(handshakeFailure(failure))
        }
    }

    /// Client: the server sends its session ticket (or application data) only after it accepted our
    /// certificate; an alert or end of stream here means it refused us.
    func awaitAcceptance() {
        guard let ssl, phase == .awaitingAcceptance else { return }
        ERR_clear_error()
        var byte: UInt8 = 0
        let result = SSL_peek(ssl, &byte, 1)
        if result > 0 {
            becomeEstablished()
            return
        }
        switch SSL_get_error(ssl, result) {
        case SSL_ERROR_WANT_READ:
            if let session = SSL_get_session(ssl), SSL_SESSION_has_ticket(session) == 1 {
                becomeEstablished()
            } else {
                setInterest(EPOLLIN.rawValue)
            }
        case SSL_ERROR_WANT_WRITE:
            setInterest(EPOLLIN.rawValue | EPOLLOUT.rawValue)
        case let failure:
            finish(handshakeFailure(failure))
        }
    }

    private func becomeEstablished() {
        guard let ssl else { return }
        guard let certificate = SSL_get1_peer_certificate(ssl) else {
            finish(NetError(.handshakeFailed, "\(remoteAddress) presented no certificate"))
            return
        }
        let service = commonName(of: certificate)
        X509_free(certificate)
        guard let service else {
            finish(NetError(.handshakeFailed, "certificate of \(remoteAddress) has no CN"))
            return
        }
        timer?.cancel()
        timer = nil
        phase = .established
        let connection = TLSConnection(
            channel: self, peer: PeerIdentity(service: service), remoteAddress: remoteAddress,
            localAddress: SocketAddress.local(of: descriptor), tlsVersion: String(cString: SSL_get_version(ssl)))
        self.connection = connection
        updateInterest()
        let completion = self.completion
        self.completion = nil
        completion?(.success(connection))
    }

    /// Explains a failed handshake in the terms an operator needs: the verify result when a certificate
    /// was refused here, otherwise what OpenSSL's error queue says, rephrased for the common cases.
    private func handshakeFailure(_ failure: Int32) -> NetError {
        let reasons = drainOpenSSLErrors()
        let isClient: Bool
        let expectedName: String?
        switch role {
        case .server:
            isClient = false
            expectedName = nil
        case .client(let service):
            isClient = true
            expectedName = PeerIdentity.dnsName(of: service)
        }
        if let ssl {
            let verifyResult = SSL_get_verify_result(ssl)
            if verifyResult != X509_V_OK {
                let whose = isClient ? "server" : "client"
                let text = verifyFailureText(verifyResult, whose: whose, expectedName: expectedName)
                return NetError(.handshakeFailed, text)
            }
        }
        let refusedHint = isClient ? " (our certificate was refused?)" : ""
        let peerClosed = "peer closed during handshake\(refusedHint)"
        if reasons.isEmpty {
            if failure == SSL_ERROR_SYSCALL, errno != 0 {
                return NetError(.handshakeFailed, "handshake with \(remoteAddress) failed: \(errnoText(errno))")
            }
            return NetError(.handshakeFailed, peerClosed)
        }
        let joined = reasons.joined(separator: "; ")
        let text: String
        if joined.contains("http request") {
            text = "not TLS: the peer sent a plain HTTP request (http request)"
        } else if joined.contains("wrong version number") || joined.contains("packet length too long") {
            text = "not a TLS 1.3 handshake (\(joined))"
        } else if joined.contains("unsupported protocol") {
            text = "peer does not offer TLS 1.3 (\(joined))"
        } else if joined.contains("peer did not return a certificate") {
            text = "client sent no certificate (\(joined))"
        } else if joined.contains("unexpected eof") {
            text = peerClosed
        } else if joined.contains("alert") {
            text =
                isClient
                ? "server refused the handshake: \(joined)\(refusedHint)"
                : "client aborted the handshake: \(joined)"
        } else {
            text = "handshake with \(remoteAddress) failed: \(joined)"
        }
        return NetError(.handshakeFailed, text)
    }
}

/// Turns off Nagle's algorithm: the transport coalesces its own writes, and small RPC frames must not wait.
func setNoDelay(_ descriptor: Int32) {
    var on: Int32 = 1
    _ = setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
}
