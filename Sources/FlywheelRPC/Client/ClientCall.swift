import FlywheelProto
import Synchronization

/// The client's end of one call in progress: send requests, read responses, and the final status.
///
/// Returned by `RPCChannel.withCall`; generated clients wrap it in typed methods.
public final class ClientCall: Sendable {
    private let connection: RPCConnection
    private let entry: RPCConnection.StreamEntry
    /// The method being called.
    public let method: RPCMethod
    private let header: RPCV1.CallHeader
    private struct State {
        var headerSent = false
        var finishedSending = false
        var ended = false
        var timer: Task<Void, Never>?
    }
    private let state = Mutex(State())

    init(connection: RPCConnection, entry: RPCConnection.StreamEntry, method: RPCMethod, header: RPCV1.CallHeader, timeout: Duration?) {
        self.connection = connection
        self.entry = entry
        self.method = method
        self.header = header
        if let timeout {
            let timer = Task { [weak self] in
                guard (try? await Task.sleep(for: timeout)) != nil else { return }
                self?.expire(timeout)
            }
            state.withLock { $0.timer = timer }
        }
    }

    deinit {
        state.withLock { $0.timer }?.cancel()
    }

    /// The server this call went to.
    public var peer: PeerInfo { connection.peer }

    /// True once the request header has gone out: a retry could now repeat the call's effects.
    public var wasSent: Bool { state.withLock { $0.headerSent } }

    /// Sends one request message; waits while the server's flow-control window is exhausted.
    ///
    /// - Parameter end: also half-closes the request stream (the message is the last one).
    /// - Throws: `RPCError` with RESOURCE_EXHAUSTED for a message over the limit, or the call's failure.
    public func send(_ message: [UInt8], end: Bool = false) async throws {
        guard message.count <= connection.limits.maxMessageBytes else {
            throw RPCError(
                .resourceExhausted,
                "request message of \(message.count) bytes exceeds the \(connection.limits.maxMessageBytes)-byte limit")
        }
        try await entry.window.acquire(message.count)
        var buffer: [UInt8] = []
        let sendHeader: Bool = state.withLock { state in
            defer {
                state.headerSent = true
                if end { state.finishedSending = true }
            }
            return !state.headerSent
        }
        if sendHeader { appendHeader(to: &buffer) }
        buffer.reserveCapacity(buffer.count + Frame.headerSize * 2 + message.count)
        Frame.encodeHeader(type: .message, streamID: entry.id, length: message.count, into: &buffer)
        buffer.append(contentsOf: message)
        if end { Frame.encodeHeader(type: .end, streamID: entry.id, length: 0, into: &buffer) }
        connection.writeRaw(buffer)
    }

    /// Half-closes the request stream: the server sees the end of its requests.
    public func finishSending() {
        var buffer: [UInt8] = []
        let (sendHeader, alreadyFinished): (Bool, Bool) = state.withLock { state in
            defer {
                state.headerSent = true
                state.finishedSending = true
            }
            return (!state.headerSent, state.finishedSending)
        }
        if alreadyFinished { return }
        if sendHeader { appendHeader(to: &buffer) }
        Frame.encodeHeader(type: .end, streamID: entry.id, length: 0, into: &buffer)
        connection.writeRaw(buffer)
    }

    /// Sends the header now (for calls whose first request comes later).
    func sendHeaderIfNeeded() {
        let sendHeader: Bool = state.withLock { state in
            defer { state.headerSent = true }
            return !state.headerSent
        }
        guard sendHeader else { return }
        var buffer: [UInt8] = []
        appendHeader(to: &buffer)
        connection.writeRaw(buffer)
    }

    private func appendHeader(to buffer: inout [UInt8]) {
        let payload = header.serializedBytes()
        Frame.encodeHeader(type: .headers, streamID: entry.id, length: payload.count, into: &buffer)
        buffer.append(contentsOf: payload)
    }

    /// The next response message, or nil once the server ended the call with OK.
    ///
    /// - Throws: `RPCError` with the server's status, or the local failure (deadline, lost connection).
    public func receive() async throws -> [UInt8]? {
        do {
            let message = try await entry.inbox.next()
            if message == nil { markEnded() }
            return message
        } catch is CancellationError {
            cancel()
            throw RPCError(.cancelled, "the call to \(method) was cancelled")
        } catch let error as RPCError {
            markEnded()
            throw error
        }
    }

    /// Abandons the call: the server is told to stop, and pending reads fail with CANCELLED.
    public func cancel() {
        end(with: RPCError(.cancelled, "the call to \(method) was cancelled"))
    }

    private func expire(_ timeout: Duration) {
        end(with: RPCError(.deadlineExceeded, "\(method) did not finish within \(timeout)"))
    }

    private func end(with error: RPCError) {
        let wasOpen: Bool = state.withLock { state in
            defer { state.ended = true }
            return !state.ended
        }
        guard wasOpen else { return }
        if connection.removeStream(entry.id) != nil && wasSent {
            connection.write(Frame(type: .cancel, streamID: entry.id))
        }
        entry.window.fail(error)
        entry.inbox.fail(error)
    }

    private func markEnded() {
        let timer: Task<Void, Never>? = state.withLock { state in
            state.ended = true
            return state.timer
        }
        timer?.cancel()
    }
}
