import CFlywheelSys
import Dispatch
import Foundation
import Glibc
import Synchronization

/// One thread running epoll: it owns its sockets and timers, and runs closures handed to it.
///
/// Every listener and connection lives on exactly one loop and does all of its I/O there, so they
/// need no locks of their own. Other threads reach the loop through `execute`, which wakes it with
/// an eventfd.
///
/// - Note: the loop keeps itself alive until `shutdown()`; call it when done. Creating the first loop
///   sets SIGPIPE to be ignored for the whole process, because OpenSSL writes to sockets with write(2).
public final class EventLoop: Sendable {
    /// The loop's thread name, e.g. "flywheel-loop-0".
    public let name: String

    let epollDescriptor: Int32
    let wakeDescriptor: Int32
    /// Loop-thread state: registered sources, timers, the shared read buffer.
    let state: LoopState

    struct Inbox {
        var tasks: [@Sendable () -> Void] = []
        var wakeSignalled = false
        var shutdownRequested = false
        var closed = false
        var exitWaiters: [CheckedContinuation<Void, Never>] = []
    }

    let inbox = Mutex(Inbox())
    let threadID = Atomic<UInt>(0)
    let exited = Atomic<Bool>(false)
    private let timerSequence = Atomic<UInt64>(0)

    /// Starts a loop on a new thread.
    /// - Parameter name: the thread's name, shown in debuggers and crash logs.
    /// - Throws: `NetError` with code `.system` if epoll or the eventfd cannot be created.
    public init(name: String = "flywheel-loop") throws(NetError) {
        Self.ignoreSIGPIPE
        self.name = name
        let epollDescriptor = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epollDescriptor >= 0 else { throw .system("epoll_create1", "for \(name)") }
        let wakeDescriptor = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        guard wakeDescriptor >= 0 else {
            let code = errno
            Glibc.close(epollDescriptor)
            throw .system("eventfd", "for \(name)", errno: code)
        }
        var event = epoll_event()
        event.events = EPOLLIN.rawValue
        event.data.fd = wakeDescriptor
        guard epoll_ctl(epollDescriptor, EPOLL_CTL_ADD, wakeDescriptor, &event) == 0 else {
            let code = errno
            Glibc.close(epollDescriptor)
            Glibc.close(wakeDescriptor)
            throw .system("epoll_ctl", "adding the wake eventfd of \(name)", errno: code)
        }
        self.epollDescriptor = epollDescriptor
        self.wakeDescriptor = wakeDescriptor
        self.state = LoopState()

        let thread = Thread { [self] in run() }
        thread.name = name
        thread.start()
    }

    private static let ignoreSIGPIPE: Void = {
        _ = signal(SIGPIPE, SIG_IGN)
    }()

    /// Whether the caller is on this loop's thread.
    public var inEventLoop: Bool {
        threadID.load(ordering: .acquiring) == UInt(pthread_self())
    }

    /// Whether the loop's thread is still running (false once `shutdown()` has finished).
    public var isRunning: Bool { !exited.load(ordering: .acquiring) }

    /// Runs `task` on the loop's thread, after the events and tasks already pending. Callable from any thread.
    ///
    /// - Parameter task: the closure to run.
    /// - Returns: false if the loop has shut down, in which case `task` is dropped without running.
    @discardableResult
    public func execute(_ task: @escaping @Sendable () -> Void) -> Bool {
        let onLoop = inEventLoop
        let (accepted, signal) = inbox.withLock { inbox -> (Bool, Bool) in
            guard !inbox.closed else { return (false, false) }
            inbox.tasks.append(task)
            // The loop looks at its inbox before it sleeps, so its own thread never needs the eventfd.
            guard !onLoop, !inbox.wakeSignalled else { return (true, false) }
            inbox.wakeSignalled = true
            return (true, true)
        }
        if signal { wake() }
        return accepted
    }

    /// Runs `task` on the loop's thread once `delay` has passed, unless cancelled first.
    ///
    /// - Parameters:
    ///   - delay: how long to wait; timers have millisecond resolution.
    ///   - task: the closure to run.
    /// - Returns: a handle whose `cancel()` stops the closure from running.
    @discardableResult
    public func schedule(after delay: Duration, _ task: @escaping @Sendable () -> Void) -> ScheduledTask {
        let token = TimerToken(sequence: timerSequence.add(1, ordering: .relaxed).newValue)
        let (seconds, attoseconds) = delay.components
        let nanoseconds = max(0, seconds) * 1_000_000_000 + max(0, attoseconds / 1_000_000_000)
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(nanoseconds)
        if inEventLoop {
            state.timers.insert(deadline: deadline, token: token, body: task)
        } else {
            execute { [state] in
                guard !token.cancelled.load(ordering: .relaxed) else { return }
                state.timers.insert(deadline: deadline, token: token, body: task)
            }
        }
        return ScheduledTask(loop: self, token: token)
    }

    /// Closes every listener and connection on the loop (each connection's handler sees
    /// `closed` with `.eventLoopShutdown`), runs the tasks already queued, and stops the thread.
    ///
    /// Returns once the thread has exited. Safe to call more than once and from any thread.
    public func shutdown() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let (resumeNow, signal) = inbox.withLock { inbox -> (Bool, Bool) in
                if exited.load(ordering: .acquiring) { return (true, false) }
                inbox.exitWaiters.append(continuation)
                inbox.shutdownRequested = true
                let signal = !inbox.wakeSignalled
                inbox.wakeSignalled = true
                return (false, signal)
            }
            if resumeNow { continuation.resume() }
            if signal { wake() }
        }
    }

    /// Asks the loop to shut down without waiting for it (what `shutdown()` does before it waits).
    func requestShutdown() {
        let signal = inbox.withLock { inbox -> Bool in
            inbox.shutdownRequested = true
            defer { inbox.wakeSignalled = true }
            return !inbox.wakeSignalled
        }
        if signal { wake() }
    }

    private func wake() {
        var one: UInt64 = 1
        _ = Glibc.write(wakeDescriptor, &one, 8)
    }
}
