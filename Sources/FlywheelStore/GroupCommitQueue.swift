/// Batched writes waiting for the writer, and whether a drain job is already on its way.
///
/// Callers of ``Database/writeBatched(_:)`` add entries; one drain job at a time takes up to a batch of
/// them into a single transaction. Entries that arrive while a batch runs wait for the next one.
final class GroupCommitQueue: Sendable {
    /// What running one entry's closure produced: whether it succeeded, and how to hand the caller its
    /// outcome once the batch's fate is known.
    struct Outcome: Sendable {
        let succeeded: Bool
        /// Resumes the caller: with its own result or error, or with `batchError` when the shared
        /// transaction failed after its closure succeeded.
        let deliver: @Sendable (_ batchError: (any Error)?) -> Void
    }

    /// One caller's queued write.
    struct Entry: Sendable {
        /// Runs the caller's closure; the writer wraps it in a savepoint.
        let run: @Sendable (Connection) -> Outcome
        /// Resumes the caller with `error` without running its closure.
        let fail: @Sendable (any Error) -> Void
    }

    private struct State {
        var entries: [Entry] = []
        var isDrainScheduled = false
    }

    private let state = LockedValue(State())

    /// Adds `entry`.
    ///
    /// - Returns: True when the caller must schedule a drain job (none is scheduled yet).
    func enqueue(_ entry: Entry) -> Bool {
        state.withLock { state -> Bool in
            state.entries.append(entry)
            guard !state.isDrainScheduled else {
                return false
            }
            state.isDrainScheduled = true
            return true
        }
    }

    /// How many writes are waiting for a drain job.
    var pendingCount: Int {
        state.withLock { $0.entries.count }
    }

    /// Takes up to `limit` entries, oldest first, for the running drain job.
    func take(upTo limit: Int) -> [Entry] {
        state.withLock { state -> [Entry] in
            let count = min(max(1, limit), state.entries.count)
            let taken = Array(state.entries.prefix(count))
            state.entries.removeFirst(count)
            return taken
        }
    }

    /// Ends the running drain job.
    ///
    /// - Returns: True when entries are waiting and the caller must schedule another drain job.
    func finishDrain() -> Bool {
        state.withLock { state -> Bool in
            state.isDrainScheduled = !state.entries.isEmpty
            return state.isDrainScheduled
        }
    }

    /// Fails every waiting entry with `error` (the writer is gone) and clears the scheduled flag.
    func failAll(with error: any Error) {
        let entries = state.withLock { state -> [Entry] in
            defer {
                state.entries = []
                state.isDrainScheduled = false
            }
            return state.entries
        }
        for entry in entries {
            entry.fail(error)
        }
    }
}
