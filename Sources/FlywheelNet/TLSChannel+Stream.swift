import COpenSSL
import Glibc

extension TLSChannel {
    /// Most bytes read for one readiness event before other sockets get a turn.
    private static let readBudget = 1 << 20
    /// An outbound buffer grown past this by a large write is released once it drains.
    private static let retainedOutboundCapacity = 1 << 22

    /// Installs the handler and begins reading (called by `TLSConnection.start`).
    func start(_ handler: any TLSConnectionHandler) {
        precondition(!started, "TLSConnection.start(handler:) called twice")
        started = true
        self.handler = handler
        if let closedBeforeStart {
            self.closedBeforeStart = nil
            deliverClosed(closedBeforeStart)
            return
        }
        // Bytes may already wait inside the TLS session or the socket; read them now, then let epoll report
        // the rest.
        loop.execute { [self] in
            guard phase == .established || phase == .closing else { return }
            readAvailable()
            updateInterest()
        }
    }

    /// Reads and delivers decrypted bytes until the socket has no more, the budget is spent, or the stream ends.
    func readAvailable() {
        let buffer = loop.state.readBuffer
        var delivered = 0
        while let ssl, phase == .established || phase == .closing {
            ERR_clear_error()
            let count = SSL_read(ssl, buffer.baseAddress, Int32(buffer.count))
            if count > 0 {
                if phase == .established, let handler, let connection {
                    handler.received(UnsafeRawBufferPointer(rebasing: buffer[..<Int(count)]), on: connection)
                }
                delivered += Int(count)
                if delivered >= Self.readBudget {
                    // epoll reports what the socket still holds; bytes already inside the session need a nudge.
                    if SSL_pending(ssl) > 0 { loop.execute { [self] in readAvailable() } }
                    return
                }
                continue
            }
            let failure = SSL_get_error(ssl, count)
            switch failure {
            case SSL_ERROR_WANT_READ:
                return
            case SSL_ERROR_WANT_WRITE:
                writeBlocked = true
                updateInterest()
                return
            case SSL_ERROR_ZERO_RETURN:
                peerSentCloseNotify()
                return
            default:
                finish(phase == .closing ? nil : streamFailure(failure))
                return
            }
        }
    }

    /// The peer closed in order: answer with our close_notify and close.
    private func peerSentCloseNotify() {
        if phase == .established, let ssl {
            _ = SSL_shutdown(ssl)
            ERR_clear_error()
        }
        finish(nil)
    }

    private func streamFailure(_ failure: Int32) -> NetError {
        let reasons = drainOpenSSLErrors()
        if reasons.contains(where: { $0.contains("unexpected eof") }) || (failure == SSL_ERROR_SYSCALL && errno == 0) {
            return NetError(.connectionReset, "\(remoteAddress) closed the connection without close_notify")
        }
        if failure == SSL_ERROR_SYSCALL {
            return NetError(.connectionReset, "connection to \(remoteAddress) broke: \(errnoText(errno))")
        }
        let text = reasons.isEmpty ? "TLS error \(failure)" : reasons.joined(separator: "; ")
        return NetError(.connectionReset, "connection to \(remoteAddress) broke: \(text)")
    }

    /// Writes what the connection has queued, coalesced into as few SSL_write calls as the socket allows.
    func flushOutbound() {
        guard phase == .established || phase == .closing, let ssl, let connection else { return }
        connection.takeQueued(into: &outbound)

        while outboundOffset < outbound.count {
            ERR_clear_error()
            let offset = outboundOffset
            let written = outbound.withUnsafeBytes { bytes in
                SSL_write(ssl, bytes.baseAddress! + offset, Int32(clamping: bytes.count - offset))
            }
            if written > 0 {
                outboundOffset += Int(written)
                connection.didWrite(Int(written))
                continue
            }
            switch SSL_get_error(ssl, written) {
            case SSL_ERROR_WANT_WRITE:
                writeBlocked = true
                updateInterest()
                return
            case SSL_ERROR_WANT_READ:
                writeWaitsForRead = true
                return
            case let failure:
                finish(streamFailure(failure))
                return
            }
        }

        if outbound.capacity > Self.retainedOutboundCapacity {
            outbound = []
        } else {
            outbound.removeAll(keepingCapacity: true)
        }
        outboundOffset = 0
        if writeBlocked {
            writeBlocked = false
            updateInterest()
        }
        if phase == .closing && !closeNotifySent {
            sendCloseNotify()
        } else if phase == .established, let handler, connection.crossedBelowLowWater() {
            handler.writable(connection)
        }
    }
}
