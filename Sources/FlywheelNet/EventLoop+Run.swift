import CFlywheelSys
import Dispatch
import Glibc

extension EventLoop {
    /// The loop's thread: wait for events, dispatch them, run due timers and queued tasks, repeat.
    func run() {
        threadID.store(UInt(pthread_self()), ordering: .releasing)
        let capacity: Int32 = 256
        let events = UnsafeMutablePointer<epoll_event>.allocate(capacity: Int(capacity))
        defer { events.deallocate() }

        while true {
            let (tasks, stopping) = takeTasks()
            for task in tasks { task() }
            if stopping { break }
            runDueTimers()

            let timeout = hasQueuedTasks() ? 0 : millisecondsUntilNextTimer()
            let count = epoll_wait(epollDescriptor, events, capacity, timeout)
            guard count >= 0 else {
                if errno == EINTR { continue }
                break
            }
            for index in 0..<Int(count) {
                let event = events[index]
                let descriptor = event.data.fd
                if descriptor == wakeDescriptor {
                    var counter: UInt64 = 0
                    _ = Glibc.read(wakeDescriptor, &counter, 8)
                } else if let source = state.sources[descriptor] {
                    source.handle(events: event.events)
                }
            }
        }
        finish()
    }

    private func takeTasks() -> ([@Sendable () -> Void], Bool) {
        inbox.withLock { inbox in
            inbox.wakeSignalled = false
            guard !inbox.tasks.isEmpty else { return ([], inbox.shutdownRequested) }
            var tasks: [@Sendable () -> Void] = []
            swap(&tasks, &inbox.tasks)
            return (tasks, inbox.shutdownRequested)
        }
    }

    private func hasQueuedTasks() -> Bool {
        inbox.withLock { !$0.tasks.isEmpty || $0.shutdownRequested }
    }

    private func runDueTimers() {
        guard let next = state.timers.nextDeadline else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        guard next <= now else { return }
        for body in state.timers.popExpired(now: now) { body() }
    }

    private func millisecondsUntilNextTimer() -> Int32 {
        guard let next = state.timers.nextDeadline else { return -1 }
        let now = DispatchTime.now().uptimeNanoseconds
        guard next > now else { return 0 }
        // Round up so the loop never wakes just before a deadline and spins.
        return Int32(min((next - now + 999_999) / 1_000_000, 60_000))
    }

    /// Closes every source, runs what is still queued, refuses new tasks, and releases waiters.
    private func finish() {
        for source in Array(state.sources.values) { source.loopDidShutDown() }
        state.sources.removeAll()
        while true {
            let tasks = inbox.withLock { inbox -> [@Sendable () -> Void] in
                if inbox.tasks.isEmpty { inbox.closed = true }
                var tasks: [@Sendable () -> Void] = []
                swap(&tasks, &inbox.tasks)
                return tasks
            }
            if tasks.isEmpty { break }
            for task in tasks { task() }
            // A task may have registered a new source before it learned of the shutdown.
            for source in Array(state.sources.values) { source.loopDidShutDown() }
            state.sources.removeAll()
        }
        state.timers.removeAll()
        Glibc.close(wakeDescriptor)
        Glibc.close(epollDescriptor)
        let waiters = inbox.withLock { inbox -> [CheckedContinuation<Void, Never>] in
            exited.store(true, ordering: .releasing)
            defer { inbox.exitWaiters.removeAll() }
            return inbox.exitWaiters
        }
        for waiter in waiters { waiter.resume() }
    }
}
