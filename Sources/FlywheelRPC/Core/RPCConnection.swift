import FlywheelProto
import Synchronization

/// One multiplexed RPC connection: many concurrent calls, each a numbered stream of frames.
///
/// The same type serves both ends. A client opens streams with `openCall`; a server hands each new stream
/// to its `CallAcceptor`. Inbound bytes arrive through `receive(_:)` on the transport's thread; nothing
/// here blocks, and no user code runs while the connection's lock is held.
package final class RPCConnection: Sendable {
    package enum Role: Sendable {
        case client
        case server(any CallAcceptor)
    }

    private struct State {
        var decoder: FrameDecoder
        var streams: [UInt32: StreamEntry] = [:]
        var nextStreamID: UInt32 = 1
        var lastPeerStreamID: UInt32 = 0
        var closed: RPCError?
        var goingAway = false
        var peerGoingAway = false
        var onIdle: (@Sendable () -> Void)?
    }

    /// Per-stream bookkeeping the connection needs to route frames.
    final class StreamEntry: Sendable {
        let id: UInt32
        let inbox: MessageInbox
        let window: SendWindow
        let unacknowledged = Mutex(0)
        /// Server role: the running call, so CANCEL and deadlines can stop it.
        let serverCall: Mutex<ServerCall?> = Mutex(nil)

        init(id: UInt32, inbox: MessageInbox, window: SendWindow) {
            self.id = id
            self.inbox = inbox
            self.window = window
        }
    }

    package let transport: any FrameTransport
    package let limits: RPCLimits
    private let role: Role
    private let state: Mutex<State>
    private let onClose: Mutex<[@Sendable (RPCError) -> Void]> = Mutex([])

    package init(transport: any FrameTransport, role: Role, limits: RPCLimits) {
        self.transport = transport
        self.role = role
        self.limits = limits
        state = Mutex(State(decoder: FrameDecoder(maxMessageBytes: limits.maxMessageBytes)))
    }

    package var peer: PeerInfo { transport.peer }

    /// True while the connection can take new calls.
    package var isUsable: Bool {
        state.withLock { $0.closed == nil && !$0.peerGoingAway && !$0.goingAway }
    }

    /// The number of calls in progress.
    package var activeCalls: Int { state.withLock { $0.streams.count } }

    /// Runs `handler` once when the connection closes (at once if it already has).
    package func whenClosed(_ handler: @escaping @Sendable (RPCError) -> Void) {
        let closed = state.withLock { $0.closed }
        if let closed {
            handler(closed)
            return
        }
        onClose.withLock { $0.append(handler) }
        if let closed = state.withLock({ $0.closed }) {
            let handlers = onClose.withLock { handlers in
                let all = handlers
                handlers = []
                return all
            }
            for handler in handlers { handler(closed) }
        }
    }

    // MARK: - Inbound

    /// Feeds bytes read from the transport.
    package func receive(_ bytes: UnsafeRawBufferPointer) {
        var events: [FrameDecoder.Event] = []
        let violation: FrameError? = state.withLock { state in
            if state.closed != nil { return nil }
            do {
                try state.decoder.decode(bytes) { events.append($0) }
                return nil
            } catch let error as FrameError {
                return error
            } catch {
                return FrameError("\(error)")
            }
        }
        for event in events {
            switch event {
            case .frame(let frame): handle(frame)
            case .oversizedMessage(let streamID, let length): handleOversized(streamID: streamID, length: length)
            }
        }
        if let violation {
            protocolViolation(violation.reason)
        }
    }

    /// Called once by the transport when the connection is gone.
    package func transportClosed(_ reason: String?) {
        let partial = state.withLock { !$0.decoder.isAtFrameBoundary }
        var message = reason ?? "connection closed by \(peer)"
        if partial && reason == nil { message = "connection closed by \(peer) in the middle of a frame" }
        shutdown(RPCError(.unavailable, message))
        if partial, case .server(let acceptor) = role {
            acceptor.connectionEvent(.protocolViolation(peer: peer, reason: "truncated frame: connection ended mid-frame"))
        }
    }

    private func handle(_ frame: Frame) {
        switch frame.type {
        case .headers: handleHeaders(frame)
        case .message:
            guard let entry = stream(frame.streamID) else { return }
            entry.inbox.push(frame.payload)
        case .end:
            stream(frame.streamID)?.inbox.finish(nil)
        case .status: handleStatus(frame)
        case .cancel: handleCancel(frame.streamID)
        case .windowUpdate:
            guard frame.payload.count == 4 else {
                protocolViolation("WINDOW_UPDATE payload of \(frame.payload.count) bytes, expected 4")
                return
            }
            let increment = Int(frame.payload[0]) << 24 | Int(frame.payload[1]) << 16 | Int(frame.payload[2]) << 8 | Int(frame.payload[3])
            stream(frame.streamID)?.window.grant(increment)
        case .ping:
            if frame.flags & 1 == 0 {
                write(Frame(type: .ping, flags: 1, streamID: 0, payload: frame.payload))
            }
        case .goAway:
            let reason = (try? RPCV1.GoAway(serializedBytes: frame.payload))?.reason ?? ""
            let idle = state.withLock { state -> Bool in
                state.peerGoingAway = true
                return state.streams.isEmpty
            }
            if idle, case .client = role {
                shutdown(RPCError(.unavailable, "server \(peer) is going away: \(reason)"))
            }
        }
    }

    private func stream(_ id: UInt32) -> StreamEntry? {
        state.withLock { $0.streams[id] }
    }

    private func handleHeaders(_ frame: Frame) {
        guard case .server(let acceptor) = role else {
            protocolViolation("server sent HEADERS for stream \(frame.streamID)")
            return
        }
        let header: RPCV1.CallHeader
        do {
            header = try RPCV1.CallHeader(serializedBytes: frame.payload)
        } catch {
            protocolViolation("undecodable call header on stream \(frame.streamID)")
            return
        }
        enum Admission { case accepted(StreamEntry), duplicate, refused(String) }
        let admission: Admission = state.withLock { state in
            // Calls open concurrently, so headers may arrive out of id order; only a live id is a reuse.
            if state.streams[frame.streamID] != nil || frame.streamID % 2 == 0 {
                return .duplicate
            }
            state.lastPeerStreamID = max(state.lastPeerStreamID, frame.streamID)
            if state.goingAway || state.closed != nil {
                return .refused("server is shutting down")
            }
            if state.streams.count >= limits.maxConcurrentStreams {
                return .refused("too many concurrent calls on one connection (limit \(limits.maxConcurrentStreams))")
            }
            let entry = makeEntry(frame.streamID)
            state.streams[frame.streamID] = entry
            return .accepted(entry)
        }
        switch admission {
        case .duplicate:
            protocolViolation("HEADERS for stream \(frame.streamID), which is even or already open")
        case .refused(let reason):
            let code: StatusCode = reason.hasPrefix("too many") ? .resourceExhausted : .unavailable
            writeStatus(frame.streamID, RPCError(code, reason))
        case .accepted(let entry):
            let call = ServerCall(connection: self, entry: entry, header: header)
            entry.serverCall.withLock { $0 = call }
            acceptor.accept(call)
        }
    }

    private func handleStatus(_ frame: Frame) {
        guard case .client = role else {
            protocolViolation("client sent STATUS for stream \(frame.streamID)")
            return
        }
        guard let entry = removeStream(frame.streamID) else { return }
        let status = (try? RPCV1.CallStatus(serializedBytes: frame.payload))
            ?? RPCV1.CallStatus(code: StatusCode.internal.rawValue, message: "undecodable call status")
        let code = StatusCode(rawValue: status.code)
        entry.window.fail(RPCError(.cancelled, "the call has ended"))
        entry.inbox.finish(code == .ok ? nil : RPCError(code, status.message, metadata: status.metadata))
    }

    private func handleCancel(_ streamID: UInt32) {
        guard let entry = removeStream(streamID) else { return }
        let error = RPCError(.cancelled, "the peer cancelled the call")
        entry.window.fail(error)
        entry.inbox.fail(error)
        entry.serverCall.withLock { $0 }?.peerCancelled()
    }

    private func handleOversized(streamID: UInt32, length: Int) {
        let error = RPCError(
            .resourceExhausted,
            "message of \(length) bytes exceeds the \(limits.maxMessageBytes)-byte limit")
        switch role {
        case .server:
            guard let entry = stream(streamID) else { return }
            entry.serverCall.withLock { $0 }?.fail(with: error)
        case .client:
            guard let entry = removeStream(streamID) else { return }
            write(Frame(type: .cancel, streamID: streamID))
            entry.window.fail(error)
            entry.inbox.fail(error)
        }
    }

    private func protocolViolation(_ reason: String) {
        if case .server(let acceptor) = role {
            acceptor.connectionEvent(.protocolViolation(peer: peer, reason: reason))
        }
        let goAway = RPCV1.GoAway(lastStreamID: state.withLock { $0.lastPeerStreamID }, reason: "protocol violation: \(reason)")
        write(Frame(type: .goAway, streamID: 0, payload: goAway.serializedBytes()))
        shutdown(RPCError(.unavailable, "connection closed: protocol violation: \(reason)"))
    }

    // MARK: - Streams

    private func makeEntry(_ id: UInt32) -> StreamEntry {
        let threshold = max(limits.initialWindowBytes / 2, 1)
        let entryBox = Mutex<StreamEntry?>(nil)
        let inbox = MessageInbox { [weak self] consumed in
            guard let self, let entry = entryBox.withLock({ $0 }) else { return }
            let grant: Int? = entry.unacknowledged.withLock { pending in
                pending += consumed
                guard pending >= threshold else { return nil }
                defer { pending = 0 }
                return pending
            }
            if let grant, self.stream(id) != nil {
                self.write(Frame(type: .windowUpdate, streamID: id, payload: Self.uint32Bytes(UInt32(grant))))
            }
        }
        let entry = StreamEntry(id: id, inbox: inbox, window: SendWindow(initial: limits.initialWindowBytes))
        entryBox.withLock { $0 = entry }
        return entry
    }

    @discardableResult
    func removeStream(_ id: UInt32) -> StreamEntry? {
        let (entry, idle) = state.withLock { state -> (StreamEntry?, (@Sendable () -> Void)?) in
            let entry = state.streams.removeValue(forKey: id)
            if state.streams.isEmpty, let onIdle = state.onIdle {
                state.onIdle = nil
                return (entry, onIdle)
            }
            return (entry, nil)
        }
        idle?()
        if entry != nil, case .client = role {
            let closeNow = state.withLock { $0.peerGoingAway && $0.streams.isEmpty }
            if closeNow { shutdown(RPCError(.unavailable, "server \(peer) went away")) }
        }
        return entry
    }

    /// Opens a client call, sending its header (and optionally its only message and end) in one write.
    package func openCall(_ method: RPCMethod, options: CallOptions, requestID: String) throws(RPCError) -> ClientCall {
        let opened: Result<StreamEntry, RPCError> = state.withLock { state in
            if let closed = state.closed { return .failure(closed) }
            if state.peerGoingAway { return .failure(RPCError(.unavailable, "server \(peer) is going away")) }
            if state.streams.count >= limits.maxConcurrentStreams {
                return .failure(RPCError(.resourceExhausted, "too many concurrent calls on one connection"))
            }
            let id = state.nextStreamID
            state.nextStreamID += 2
            let entry = makeEntry(id)
            state.streams[id] = entry
            return .success(entry)
        }
        let entry = try opened.get()
        var metadata = options.metadata
        metadata["request-id"] = requestID
        let header = RPCV1.CallHeader(
            method: method.fullName, timeoutMicros: options.timeout?.microseconds ?? 0, metadata: metadata)
        return ClientCall(connection: self, entry: entry, method: method, header: header, timeout: options.timeout)
    }

    // MARK: - Outbound

    func write(_ frame: Frame) {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(Frame.headerSize + frame.payload.count)
        frame.encode(into: &buffer)
        transport.write(buffer)
    }

    func writeRaw(_ bytes: [UInt8]) {
        transport.write(bytes)
    }

    /// Sends a call's final status and forgets the stream.
    func writeStatus(_ streamID: UInt32, _ error: RPCError?) {
        let status = RPCV1.CallStatus(
            code: error?.code.rawValue ?? 0, message: error?.message ?? "", metadata: error?.metadata ?? [:])
        write(Frame(type: .status, streamID: streamID, payload: status.serializedBytes()))
    }

    static func uint32Bytes(_ value: UInt32) -> [UInt8] {
        [UInt8(truncatingIfNeeded: value >> 24), UInt8(truncatingIfNeeded: value >> 16),
         UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value)]
    }

    // MARK: - Closing

    /// Stops accepting calls, tells the peer, and closes once the calls in progress have finished.
    package func drain(reason: String) async {
        let idle: Bool = state.withLock { state in
            state.goingAway = true
            return state.streams.isEmpty
        }
        let goAway = RPCV1.GoAway(lastStreamID: state.withLock { $0.lastPeerStreamID }, reason: reason)
        write(Frame(type: .goAway, streamID: 0, payload: goAway.serializedBytes()))
        if !idle {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow: Bool = state.withLock { state in
                    if state.streams.isEmpty || state.closed != nil { return true }
                    state.onIdle = { continuation.resume() }
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        }
        close()
    }

    /// Closes the connection; calls in progress fail with UNAVAILABLE.
    package func close() {
        transport.close()
        shutdown(RPCError(.unavailable, "connection to \(peer) closed"))
    }

    private func shutdown(_ error: RPCError) {
        let (streams, onIdle) = state.withLock { state -> ([StreamEntry], (@Sendable () -> Void)?) in
            if state.closed != nil { return ([], nil) }
            state.closed = error
            let streams = Array(state.streams.values)
            state.streams = [:]
            let onIdle = state.onIdle
            state.onIdle = nil
            return (streams, onIdle)
        }
        for entry in streams {
            entry.window.fail(error)
            entry.inbox.fail(error)
            entry.serverCall.withLock { $0 }?.connectionLost()
        }
        onIdle?()
        transport.close()
        let handlers = onClose.withLock { handlers in
            let all = handlers
            handlers = []
            return all
        }
        for handler in handlers { handler(error) }
    }
}

/// Receives the calls a server-side connection accepts, and its notable events.
package protocol CallAcceptor: Sendable {
    /// A new call whose header has arrived; the acceptor runs it and sends its status.
    func accept(_ call: ServerCall)
    /// Something an operator should see in the log.
    func connectionEvent(_ event: ConnectionEvent)
}

/// A notable event on a server connection.
public enum ConnectionEvent: Sendable, Equatable {
    /// The peer broke the framing protocol; its connection was closed.
    case protocolViolation(peer: PeerInfo, reason: String)
}
