public import FlywheelContracts
import FlywheelRPC
import Synchronization

/// Follows ingest's Feed into an ``IntelligenceStore``: resumes after the stored checkpoint, commits each
/// batch of events with its checkpoint, and retries with backoff while ingest is unavailable.
///
/// Events are read by one task and applied by another, so a batch holds whatever arrived while the previous
/// batch committed: large batches under load, one event at a time when the stream is quiet.
public final class FeedFollower: Sendable {
    /// What happened to the connection to ingest, for the caller to log.
    public enum Event: Sendable {
        /// The Feed failed; the follower retries. Sent once per outage.
        case outage(reason: String)
        /// Events flow again after an outage.
        case recovered
    }

    private let store: IntelligenceStore
    private let ingest: IngestV1.Ingest.Client
    private let batchLimit: Int
    private let onEvent: @Sendable (Event) -> Void
    private let outage = Mutex(false)
    private let progress = Mutex<(sequence: UInt64, waiters: [(UInt64, CheckedContinuation<Void, Never>)])>((0, []))

    /// Creates a follower.
    /// - Parameters:
    ///   - store: Where facts, aggregates and the checkpoint go.
    ///   - ingest: A client for ingest's Feed.
    ///   - batchLimit: The most events one transaction applies.
    ///   - onEvent: Told about outages and recoveries.
    public init(
        store: IntelligenceStore, ingest: IngestV1.Ingest.Client, batchLimit: Int = 1000,
        onEvent: @escaping @Sendable (Event) -> Void = { _ in }
    ) {
        self.store = store
        self.ingest = ingest
        self.batchLimit = max(1, batchLimit)
        self.onEvent = onEvent
    }

    /// Follows the Feed until the calling task is cancelled.
    public func run() async {
        var delay = Duration.milliseconds(100)
        while !Task.isCancelled {
            let flowed = FlowMarker()
            do {
                let start = try await store.checkpoint().sequence
                publish(start)
                try await follow(after: start, flowed: flowed)
            } catch {
                if Task.isCancelled { return }
                if flowed.isSet { delay = .milliseconds(100) }
                if outage.withLock({ state in defer { state = true }; return !state }) {
                    onEvent(.outage(reason: "\(error)"))
                }
            }
            try? await Task.sleep(for: delay)
            delay = min(delay * 2, .seconds(5))
        }
    }

    /// The last sequence this follower committed.
    public var appliedSequence: UInt64 {
        progress.withLock { $0.sequence }
    }

    /// Returns once the follower has committed everything up to `sequence`.
    public func waitUntilApplied(_ sequence: UInt64) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = progress.withLock { state -> Bool in
                if state.sequence >= sequence { return true }
                state.waiters.append((sequence, continuation))
                return false
            }
            if done { continuation.resume() }
        }
    }

    private func publish(_ sequence: UInt64) {
        let ready = progress.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.sequence = max(state.sequence, sequence)
            let ready = state.waiters.filter { $0.0 <= state.sequence }.map(\.1)
            state.waiters.removeAll { $0.0 <= state.sequence }
            return ready
        }
        for waiter in ready { waiter.resume() }
    }

    /// One Feed call: a reader task queues events, this task applies whatever is queued in one transaction.
    private func follow(after start: UInt64, flowed: FlowMarker) async throws {
        let queue = FeedQueue()
        try await ingest.feed(IngestV1.FeedRequest(afterSequence: start)) { stream in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    do {
                        for try await event in stream { await queue.push(event) }
                        queue.finish(nil)
                    } catch {
                        queue.finish(error)
                    }
                }
                group.addTask {
                    while let batch = try await queue.take(limit: self.batchLimit) {
                        let checkpoint = try await self.store.apply(batch)
                        flowed.set()
                        if self.outage.withLock({ state in defer { state = false }; return state }) {
                            self.onEvent(.recovered)
                        }
                        self.publish(checkpoint.sequence)
                    }
                }
                try await group.next()
                group.cancelAll()
                try await group.waitForAll()
            }
        }
    }
}

/// Whether a Feed call applied anything before it ended.
final class FlowMarker: Sendable {
    private let flag = Mutex(false)

    var isSet: Bool { flag.withLock { $0 } }

    func set() { flag.withLock { $0 = true } }
}

/// Events read but not yet applied, with room for a bounded number so a slow store slows the reader.
final class FeedQueue: Sendable {
    private struct State {
        var events: [IngestV1.FeedEvent] = []
        var finished = false
        var failure: (any Error)?
        var taker: CheckedContinuation<Void, Never>?
        var pusher: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())
    private let capacity = 4096

    func push(_ event: IngestV1.FeedEvent) async {
        let full = state.withLock { state -> Bool in
            state.events.append(event)
            return state.events.count >= capacity
        }
        wakeTaker()
        if full {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let stillFull = state.withLock { state -> Bool in
                    guard state.events.count >= capacity, !state.finished else { return false }
                    state.pusher = continuation
                    return true
                }
                if !stillFull { continuation.resume() }
            }
        }
    }

    func finish(_ error: (any Error)?) {
        state.withLock { state in
            state.finished = true
            state.failure = error
        }
        wakeTaker()
    }

    /// Up to `limit` queued events, waiting for one; nil once the stream ended with nothing left.
    func take(limit: Int) async throws -> [IngestV1.FeedEvent]? {
        while true {
            try Task.checkCancellation()
            let (batch, ended, failure, pusher) = state.withLock { state in
                let batch = Array(state.events.prefix(limit))
                state.events.removeFirst(batch.count)
                let pusher = state.events.count < capacity ? state.pusher : nil
                if pusher != nil { state.pusher = nil }
                return (batch, state.finished, state.failure, pusher)
            }
            pusher?.resume()
            if !batch.isEmpty { return batch }
            if ended {
                if let failure { throw failure }
                return nil
            }
            await withTaskCancellationHandler {
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let ready = state.withLock { state -> Bool in
                        if !state.events.isEmpty || state.finished { return true }
                        state.taker = continuation
                        return false
                    }
                    if ready { continuation.resume() }
                }
            } onCancel: {
                self.finish(CancellationError())
            }
        }
    }

    private func wakeTaker() {
        let taker = state.withLock { state -> CheckedContinuation<Void, Never>? in
            defer { state.taker = nil }
            return state.taker
        }
        taker?.resume()
    }
}
