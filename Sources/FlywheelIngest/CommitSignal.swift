import Synchronization

/// Wakes Feed calls when statements commit: each waits for the committed sequence to pass the last one it
/// sent, and the store advances the sequence after every commit. Nothing polls.
final class CommitSignal: Sendable {
    private struct Waiter {
        let after: UInt64
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var committed: UInt64
        var waiters: [Int: Waiter] = [:]
        var nextToken = 0
        var isFinished = false
    }

    private let state: Mutex<State>

    /// Starts at `committed`, the last sequence already in the store.
    init(committed: UInt64) {
        state = Mutex(State(committed: committed))
    }

    /// The last sequence known to be committed.
    var committed: UInt64 {
        state.withLock { $0.committed }
    }

    /// Records that every sequence up to `sequence` has committed and wakes the feeds waiting for it.
    func advance(to sequence: UInt64) {
        let woken = state.withLock { state -> [Waiter] in
            guard sequence > state.committed else { return [] }
            state.committed = sequence
            let ready = state.waiters.filter { $0.value.after < sequence }
            for token in ready.keys { state.waiters[token] = nil }
            return Array(ready.values)
        }
        for waiter in woken { waiter.continuation.resume() }
    }

    /// Returns once a sequence after `sequence` has committed.
    ///
    /// - Throws: `CancellationError` when the calling task is cancelled; `IngestError` once the store closed.
    func wait(after sequence: UInt64) async throws {
        let token = state.withLock { state -> Int in
            state.nextToken += 1
            return state.nextToken
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome = state.withLock { state -> Result<Void, any Error>? in
                    if state.isFinished { return .failure(Self.closedError) }
                    if state.committed > sequence { return .success(()) }
                    if Task.isCancelled { return .failure(CancellationError()) }
                    state.waiters[token] = Waiter(after: sequence, continuation: continuation)
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: token) }
            waiter?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Ends every wait, now and later, with an error: the store is closing.
    func finish() {
        let waiters = state.withLock { state -> [Waiter] in
            state.isFinished = true
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.continuation.resume(throwing: Self.closedError) }
    }

    private static var closedError: IngestError {
        IngestError(.storeClosed, "the statement store is closing; follow the Feed again after the restart")
    }
}
