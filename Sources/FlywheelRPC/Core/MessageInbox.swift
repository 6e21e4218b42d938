import Synchronization

/// The messages that have arrived on one call and not yet been read, and how the call ended.
///
/// One producer (the connection, on its transport's thread) and one consumer (the call's task).
/// The consumer suspends on a continuation when nothing is buffered; flow control keeps the buffer small.
final class MessageInbox: Sendable {
    private struct State {
        var messages: [[UInt8]] = []
        var head = 0
        var end: RPCError?
        var ended = false
        var waiter: CheckedContinuation<[UInt8]?, any Error>?
        var cancelled = false
    }

    private let state = Mutex(State())
    /// Called with the payload size after the consumer takes a message (for window updates).
    private let onConsumed: @Sendable (Int) -> Void

    init(onConsumed: @escaping @Sendable (Int) -> Void = { _ in }) {
        self.onConsumed = onConsumed
    }

    /// Adds a message; ignored once the call has ended.
    func push(_ message: [UInt8]) {
        let waiter: CheckedContinuation<[UInt8]?, any Error>? = state.withLock { state in
            if state.ended { return nil }
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            state.messages.append(message)
            return nil
        }
        if let waiter {
            waiter.resume(returning: message)
            onConsumed(message.count)
        }
    }

    /// Ends the stream: `nil` for a clean end (OK status or half-close), or the error the reader gets
    /// after the buffered messages. The first end wins.
    func finish(_ error: RPCError?) {
        let waiter: CheckedContinuation<[UInt8]?, any Error>? = state.withLock { state in
            if state.ended { return nil }
            state.ended = true
            state.end = error
            let waiter = state.waiter
            state.waiter = nil
            return waiter
        }
        if let waiter {
            if let error { waiter.resume(throwing: error) } else { waiter.resume(returning: nil) }
        }
    }

    /// Ends the stream at once, dropping buffered messages (cancellation, deadline, lost connection).
    func fail(_ error: RPCError) {
        let waiter: CheckedContinuation<[UInt8]?, any Error>? = state.withLock { state in
            state.messages.removeAll()
            state.head = 0
            if !state.ended {
                state.ended = true
                state.end = error
            }
            let waiter = state.waiter
            state.waiter = nil
            return waiter
        }
        waiter?.resume(throwing: error)
    }

    /// True once the stream has ended and every buffered message has been read.
    var isDrained: Bool {
        state.withLock { $0.ended && $0.head == $0.messages.count }
    }

    /// The next message, or nil at a clean end.
    ///
    /// - Throws: the `RPCError` the stream ended with, or `CancellationError` when the task is cancelled.
    func next() async throws -> [UInt8]? {
        if let ready = try takeBuffered() { return ready.value }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<[UInt8]?, any Error>) in
                let immediate: Result<[UInt8]?, any Error>? = state.withLock { state in
                    if state.cancelled { return .failure(CancellationError()) }
                    if state.head < state.messages.count {
                        return .success(Self.pop(&state))
                    }
                    if state.ended {
                        return state.end.map { .failure($0) } ?? .success(nil)
                    }
                    state.waiter = continuation
                    return nil
                }
                if let immediate {
                    if case .success(let message?) = immediate { onConsumed(message.count) }
                    continuation.resume(with: immediate)
                }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<[UInt8]?, any Error>? in
                state.cancelled = true
                let waiter = state.waiter
                state.waiter = nil
                return waiter
            }
            waiter?.resume(throwing: CancellationError())
        }
    }

    private struct Ready {
        var value: [UInt8]?
    }

    private func takeBuffered() throws -> Ready? {
        let result: Result<Ready, any Error>? = state.withLock { state in
            if state.head < state.messages.count {
                return .success(Ready(value: Self.pop(&state)))
            }
            if state.ended {
                return state.end.map { .failure($0) } ?? .success(Ready(value: nil))
            }
            return nil
        }
        guard let result else { return nil }
        let ready = try result.get()
        if let message = ready.value { onConsumed(message.count) }
        return ready
    }

    private static func pop(_ state: inout State) -> [UInt8] {
        let message = state.messages[state.head]
        state.messages[state.head] = []
        state.head += 1
        if state.head == state.messages.count {
            state.messages.removeAll(keepingCapacity: true)
            state.head = 0
        }
        return message
    }
}
