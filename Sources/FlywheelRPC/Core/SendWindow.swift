import Synchronization

/// How many payload bytes a call may still send before the peer grants more (flow control).
///
/// A sender may send while the window is positive, so one message can overdraw it; what any stream
/// can have buffered at the receiver is therefore bounded by the window plus one message.
final class SendWindow: Sendable {
    private struct State {
        var available: Int
        var waiters: [CheckedContinuation<Void, any Error>] = []
        var failure: RPCError?
    }

    private let state: Mutex<State>

    init(initial: Int) {
        state = Mutex(State(available: initial))
    }

    /// Waits until the window is positive, then takes `bytes` from it.
    func acquire(_ bytes: Int) async throws {
        let ready: Result<Void, RPCError>? = state.withLock { state in
            if let failure = state.failure { return .failure(failure) }
            if state.available > 0 {
                state.available -= bytes
                return .success(())
            }
            return nil
        }
        if let ready { return try ready.get() }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let immediate: Result<Void, RPCError>? = state.withLock { state in
                if let failure = state.failure { return .failure(failure) }
                if state.available > 0 { return .success(()) }
                state.waiters.append(continuation)
                return nil
            }
            if let immediate { continuation.resume(with: immediate) }
        }
        try await acquire(bytes)
    }

    /// Adds the peer's grant and wakes waiting senders.
    func grant(_ bytes: Int) {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, any Error>] in
            state.available += bytes
            guard state.available > 0 else { return [] }
            let waiters = state.waiters
            state.waiters = []
            return waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Fails every current and future wait (the call ended).
    func fail(_ error: RPCError) {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, any Error>] in
            if state.failure == nil { state.failure = error }
            let waiters = state.waiters
            state.waiters = []
            return waiters
        }
        for waiter in waiters { waiter.resume(throwing: error) }
    }
}
