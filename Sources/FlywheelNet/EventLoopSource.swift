/// A descriptor registered with an event loop: a listener or a connection's socket.
///
/// - Note: every method is called on the loop's thread only.
protocol EventLoopSource: AnyObject {
    /// The descriptor became ready; `events` holds the epoll bits (EPOLLIN, EPOLLOUT, EPOLLERR, EPOLLHUP).
    func handle(events: UInt32)

    /// The loop is shutting down: close the descriptor and tell whoever waits on it.
    func loopDidShutDown()
}
