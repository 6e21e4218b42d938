import Dispatch
import Foundation
import Synchronization

/// A fixed set of threads, each owning one SQLite connection, that run the jobs handed to the pool.
///
/// Every SQLite call the store makes happens on these threads, never on Swift's cooperative pool.
/// Jobs start in submission order; with several threads, several run at once, one per connection.
/// - Note: The threads are plain Foundation threads named after the pool; jobs may block.
final class ConnectionPool: Sendable {
    /// Work to run on one of the pool's connections.
    typealias Job = @Sendable (Connection) -> Void

    private struct State {
        var jobs: [Job?] = []
        var nextJob = 0
        var isStopping = false
        var runningThreads = 0
        var threads: Set<pthread_t> = []
        var stopObservers: [@Sendable () -> Void] = []

        /// Takes the oldest job off the queue.
        mutating func popJob() -> Job? {
            guard nextJob < jobs.count else {
                return nil
            }
            let job = jobs[nextJob]
            jobs[nextJob] = nil
            nextJob += 1
            if nextJob == jobs.count {
                jobs.removeAll(keepingCapacity: true)
                nextJob = 0
            }
            return job
        }
    }

    private enum Instruction {
        case run(Job)
        case exit
        case wait
    }

    private let state = LockedValue(State())
    /// Signalled once per submitted job and once per thread when stopping.
    private let wakeup = DispatchSemaphore(value: 0)
    private let threadCount: Int
    /// Names the pool's database in errors.
    let location: String

    /// Starts `threadCount` threads and opens one connection on each.
    ///
    /// - Parameters:
    ///   - name: The threads' name ("store.writer"); Linux keeps at most 15 bytes of a thread name, so with
    ///     several threads the name plus ".N" must fit.
    ///   - threadCount: How many threads and connections.
    ///   - location: The database's path, for error messages.
    ///   - open: Opens a connection; runs on the new thread, which keeps the connection for its lifetime.
    /// - Throws: The first error `open` threw, after stopping the threads that did open.
    init(
        name: String, threadCount: Int, location: String,
        open: @escaping @Sendable () throws -> Connection
    ) throws {
        self.threadCount = threadCount
        self.location = location
        let started = DispatchSemaphore(value: 0)
        let failures = LockedValue<[any Error]>([])
        state.withLock { $0.runningThreads = threadCount }

        for index in 0..<threadCount {
            let threadName = threadCount == 1 ? name : "\(name).\(index)"
            let thread = Thread { [self] in
                // Set from inside: on Linux a name given before start() is not applied to the thread.
                Thread.current.name = threadName
                let thread = pthread_self()
                state.withLock { _ = $0.threads.insert(thread) }
                let connection: Connection
                do {
                    connection = try open()
                } catch {
                    failures.withLock { $0.append(error) }
                    started.signal()
                    threadExited()
                    return
                }
                started.signal()
                serve(connection)
                connection.close()
                threadExited()
            }
            thread.start()
        }

        for _ in 0..<threadCount {
            started.wait()
        }
        if let failure = failures.withLock({ $0.first }) {
            stop()
            throw failure
        }
    }

    /// Queues `job` for the next free thread.
    ///
    /// - Returns: False when the pool is stopping and the job was not queued.
    func submit(_ job: @escaping Job) -> Bool {
        let accepted = state.withLock { state -> Bool in
            guard !state.isStopping else {
                return false
            }
            state.jobs.append(job)
            return true
        }
        if accepted {
            wakeup.signal()
        }
        return accepted
    }

    /// Runs `work` on a pool thread and suspends the calling task until it finishes.
    ///
    /// - Returns: What `work` returned.
    /// - Throws: What `work` threw, or a `closed` error when the pool is stopping.
    func run<T: Sendable>(_ work: @escaping @Sendable (Connection) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let accepted = submit { connection in
                continuation.resume(with: Result { try work(connection) })
            }
            if !accepted {
                continuation.resume(throwing: DatabaseError.closed(location))
            }
        }
    }

    /// Runs `work` on a pool thread and blocks the calling thread until it finishes.
    ///
    /// - Returns: What `work` returned.
    /// - Throws: What `work` threw; a `misuse` error when called from one of this pool's own threads
    ///   (the call would wait for itself); a `closed` error when the pool is stopping.
    func runBlocking<T: Sendable>(_ work: @escaping @Sendable (Connection) throws -> T) throws -> T {
        guard !isCurrentThreadInPool else {
            throw DatabaseError.misuse(
                "a blocking store call was made from inside a closure already running on the same connection "
                    + "pool; it would wait for itself forever")
        }
        let finished = DispatchSemaphore(value: 0)
        let outcome = LockedValue<Result<T, any Error>?>(nil)
        let accepted = submit { connection in
            let result = Result { try work(connection) }
            outcome.withLock { $0 = result }
            finished.signal()
        }
        guard accepted else {
            throw DatabaseError.closed(location)
        }
        finished.wait()
        return try outcome.withLock { $0 }!.get()
    }

    /// True when the calling thread is one of this pool's threads.
    var isCurrentThreadInPool: Bool {
        let current = pthread_self()
        return state.withLock { $0.threads.contains(current) }
    }

    /// Refuses new jobs, lets queued jobs finish, then closes the connections and ends the threads.
    ///
    /// - Parameter whenStopped: Called once every thread has ended (at once if they already have).
    func stop(whenStopped: (@Sendable () -> Void)? = nil) {
        let (signals, callNow) = state.withLock { state -> (Int, Bool) in
            var callNow = false
            if let whenStopped {
                if state.runningThreads == 0 {
                    callNow = true
                } else {
                    state.stopObservers.append(whenStopped)
                }
            }
            guard !state.isStopping else {
                return (0, callNow)
            }
            state.isStopping = true
            return (threadCount, callNow)
        }
        for _ in 0..<signals {
            wakeup.signal()
        }
        if callNow {
            whenStopped?()
        }
    }

    /// Runs jobs on `connection` until the pool stops and the queue is empty.
    private func serve(_ connection: Connection) {
        while true {
            wakeup.wait()
            let instruction = state.withLock { state -> Instruction in
                if let job = state.popJob() {
                    return .run(job)
                }
                return state.isStopping ? .exit : .wait
            }
            switch instruction {
            case .run(let job):
                job(connection)
            case .exit:
                return
            case .wait:
                continue
            }
        }
    }

    /// Records that a thread ended and tells the observers once the last one has.
    private func threadExited() {
        let observers = state.withLock { state -> [@Sendable () -> Void] in
            state.runningThreads -= 1
            guard state.runningThreads == 0 else {
                return []
            }
            defer { state.stopObservers = [] }
            return state.stopObservers
        }
        for observer in observers {
            observer()
        }
    }
}
