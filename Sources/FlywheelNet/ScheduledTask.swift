/// A closure an event loop will run after a delay; cancel it to stop that from happening.
public struct ScheduledTask: Sendable {
    let loop: EventLoop
    let token: TimerToken

    /// Stops the closure from running if it has not started yet. Callable from any thread, idempotent.
    public func cancel() {
        guard !token.cancelled.exchange(true, ordering: .relaxed) else { return }
        if loop.inEventLoop {
            loop.state.timers.remove(token)
        } else {
            let loop = self.loop
            let token = self.token
            loop.execute { loop.state.timers.remove(token) }
        }
    }
}
