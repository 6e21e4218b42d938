import FlywheelProto
import Synchronization

/// The server's end of one call in progress.
package final class ServerCall: Sendable {
    private let connection: RPCConnection
    private let entry: RPCConnection.StreamEntry
    /// The decoded call header: method, timeout and metadata.
    package let header: RPCV1.CallHeader
    private struct State {
        var finished = false
        var task: Task<Void, Never>?
        var timer: Task<Void, Never>?
        var cancelled: RPCError?
    }
    private let state = Mutex(State())

    init(connection: RPCConnection, entry: RPCConnection.StreamEntry, header: RPCV1.CallHeader) {
        self.connection = connection
        self.entry = entry
        self.header = header
    }

    package var peer: PeerInfo { connection.peer }
    package var limits: RPCLimits { connection.limits }

    /// Why the call was stopped early (deadline, cancellation, lost connection), if it was.
    package var stopReason: RPCError? { state.withLock { $0.cancelled } }

    /// Runs the handler task; a deadline from the header cancels it and answers DEADLINE_EXCEEDED.
    package func start(_ body: @escaping @Sendable () async -> Void) {
        let task = Task { await body() }
        var timer: Task<Void, Never>?
        if header.timeoutMicros > 0 {
            let micros = header.timeoutMicros
            timer = Task { [weak self] in
                guard (try? await Task.sleep(for: .microseconds(Int64(min(micros, UInt64(Int64.max)))))) != nil else { return }
                self?.fail(with: RPCError(.deadlineExceeded, "deadline of \(Self.describe(micros: micros)) exceeded"))
            }
        }
        let finishedAlready: Bool = state.withLock { state in
            state.task = task
            state.timer = timer
            return state.finished
        }
        if finishedAlready {
            task.cancel()
            timer?.cancel()
        }
    }

    private static func describe(micros: UInt64) -> String {
        micros % 1_000_000 == 0 ? "\(micros / 1_000_000)s" : micros % 1000 == 0 ? "\(micros / 1000)ms" : "\(micros)µs"
    }

    /// The next request message, or nil after the client half-closed.
    package func receive() async throws -> [UInt8]? {
        try await entry.inbox.next()
    }

    /// Sends one response message, waiting for flow-control window.
    package func send(_ message: [UInt8]) async throws {
        if let stopped = stopReason { throw stopped }
        guard message.count <= connection.limits.maxMessageBytes else {
            throw RPCError(
                .resourceExhausted,
                "response message of \(message.count) bytes exceeds the \(connection.limits.maxMessageBytes)-byte limit")
        }
        try await entry.window.acquire(message.count)
        if let stopped = stopReason { throw stopped }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(Frame.headerSize + message.count)
        Frame.encodeHeader(type: .message, streamID: entry.id, length: message.count, into: &buffer)
        buffer.append(contentsOf: message)
        connection.writeRaw(buffer)
    }

    /// Sends the last response message and the OK status in one write.
    package func sendLast(_ message: [UInt8]) {
        guard message.count <= connection.limits.maxMessageBytes else {
            finish(RPCError(
                .resourceExhausted,
                "response message of \(message.count) bytes exceeds the \(connection.limits.maxMessageBytes)-byte limit"))
            return
        }
        guard markFinished() else { return }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(Frame.headerSize * 2 + message.count + 4)
        Frame.encodeHeader(type: .message, streamID: entry.id, length: message.count, into: &buffer)
        buffer.append(contentsOf: message)
        let status = RPCV1.CallStatus(code: 0).serializedBytes()
        Frame.encodeHeader(type: .status, streamID: entry.id, length: status.count, into: &buffer)
        buffer.append(contentsOf: status)
        connection.writeRaw(buffer)
        connection.removeStream(entry.id)
    }

    /// Ends the call with OK (nil) or an error status. Later calls do nothing.
    package func finish(_ error: RPCError?) {
        guard markFinished() else { return }
        connection.writeStatus(entry.id, error)
        connection.removeStream(entry.id)
    }

    private func markFinished() -> Bool {
        let (first, timer): (Bool, Task<Void, Never>?) = state.withLock { state in
            defer { state.finished = true }
            return (!state.finished, state.timer)
        }
        timer?.cancel()
        return first
    }

    /// Stops the handler and answers with `error` (deadline exceeded, oversized request).
    package func fail(with error: RPCError) {
        let task: Task<Void, Never>? = state.withLock { state in
            if state.cancelled == nil { state.cancelled = error }
            return state.task
        }
        entry.inbox.fail(error)
        entry.window.fail(error)
        finish(error)
        task?.cancel()
    }

    /// The client sent CANCEL: stop the handler; no status is sent.
    func peerCancelled() {
        stopSilently(RPCError(.cancelled, "the client cancelled the call"))
    }

    /// The connection is gone: stop the handler.
    func connectionLost() {
        stopSilently(RPCError(.unavailable, "the client connection closed"))
    }

    private func stopSilently(_ error: RPCError) {
        let task: Task<Void, Never>? = state.withLock { state in
            if state.cancelled == nil { state.cancelled = error }
            state.finished = true
            return state.task
        }
        state.withLock { $0.timer }?.cancel()
        task?.cancel()
    }
}
