import FlywheelContracts
import Synchronization

/// Effectiveness answers by request, each with the store's change count it was computed at.
///
/// An answer computed at the current count is returned as it is. An older one is returned at once too, while
/// one refresh per request runs in the background, so a page never waits for the whole analysis once it has
/// been made, and is at most one refresh behind the facts.
public final class EffectivenessCache: Sendable {
    private struct Entry {
        var changes: UInt64
        var response: IntelligenceV1.GetEffectivenessResponse
        var refreshing = false
        var lastUsed: UInt64
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var clock: UInt64 = 0
    }

    /// What a look-up found.
    enum Lookup {
        case current(IntelligenceV1.GetEffectivenessResponse)
        /// An older answer; `refresh` is true for the one caller that should compute a new one.
        case stale(IntelligenceV1.GetEffectivenessResponse, refresh: Bool)
        case missing
    }

    private let capacity: Int
    private let state = Mutex(State())

    /// Creates a cache holding at most `capacity` requests' answers.
    public init(capacity: Int = 64) {
        self.capacity = max(1, capacity)
    }

    /// Looks an answer up for a store at `changes`.
    func lookup(_ key: String, changes: UInt64) -> Lookup {
        state.withLock { state in
            state.clock += 1
            guard var entry = state.entries[key] else { return .missing }
            entry.lastUsed = state.clock
            defer { state.entries[key] = entry }
            if entry.changes == changes { return .current(entry.response) }
            let refresh = !entry.refreshing
            entry.refreshing = true
            return .stale(entry.response, refresh: refresh)
        }
    }

    /// Keeps an answer computed at `changes`, unless a newer one is kept already.
    func store(_ key: String, changes: UInt64, _ response: IntelligenceV1.GetEffectivenessResponse) {
        state.withLock { state in
            state.clock += 1
            if let existing = state.entries[key], existing.changes > changes {
                state.entries[key]?.refreshing = false
                return
            }
            state.entries[key] = Entry(changes: changes, response: response, lastUsed: state.clock)
            if state.entries.count > capacity, let oldest = state.entries.min(by: { $0.value.lastUsed < $1.value.lastUsed }) {
                state.entries[oldest.key] = nil
            }
        }
    }

    /// Lets a later look-up start a refresh again after one failed.
    func refreshFailed(_ key: String) {
        state.withLock { $0.entries[key]?.refreshing = false }
    }
}
