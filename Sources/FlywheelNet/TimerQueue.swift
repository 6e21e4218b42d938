import Synchronization

/// Marks a scheduled closure as cancelled, from any thread.
final class TimerToken: Sendable {
    /// Orders timers that share a deadline and names the closure in `TimerQueue.bodies`.
    let sequence: UInt64
    let cancelled = Atomic<Bool>(false)

    init(sequence: UInt64) {
        self.sequence = sequence
    }
}

/// The loop's pending timers: a binary min-heap of deadlines, with the closures kept aside so that a
/// cancelled timer frees what it captured at once.
///
/// - Note: used on the loop's thread only.
struct TimerQueue {
    private struct Entry {
        let deadline: UInt64
        let token: TimerToken

        func fires(before other: Entry) -> Bool {
            (deadline, token.sequence) < (other.deadline, other.token.sequence)
        }
    }

    private var heap: [Entry] = []
    private var bodies: [UInt64: @Sendable () -> Void] = [:]

    /// The earliest deadline in nanoseconds of uptime, if any timer is pending.
    var nextDeadline: UInt64? { heap.first?.deadline }

    mutating func insert(deadline: UInt64, token: TimerToken, body: @escaping @Sendable () -> Void) {
        bodies[token.sequence] = body
        heap.append(Entry(deadline: deadline, token: token))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].fires(before: heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    mutating func remove(_ token: TimerToken) {
        bodies[token.sequence] = nil
    }

    /// Removes and returns the closures whose deadline is at or before `now`, earliest first.
    mutating func popExpired(now: UInt64) -> [@Sendable () -> Void] {
        var due: [@Sendable () -> Void] = []
        while let first = heap.first, first.deadline <= now {
            popFirst()
            let body = bodies.removeValue(forKey: first.token.sequence)
            if let body, !first.token.cancelled.load(ordering: .relaxed) {
                due.append(body)
            }
        }
        return due
    }

    /// Drops every timer without running it.
    mutating func removeAll() {
        heap.removeAll()
        bodies.removeAll()
    }

    private mutating func popFirst() {
        let last = heap.removeLast()
        guard !heap.isEmpty else { return }
        heap[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var first = parent
            if left < heap.count, heap[left].fires(before: heap[first]) { first = left }
            if right < heap.count, heap[right].fires(before: heap[first]) { first = right }
            guard first != parent else { return }
            heap.swapAt(parent, first)
            parent = first
        }
    }
}
