import CFlywheelSys
import Glibc

/// What only the loop's thread touches: registered sources, timers, and one read buffer shared by
/// every connection on the loop (a read is delivered before the next one starts).
final class LoopState: @unchecked Sendable {
    var sources: [Int32: any EventLoopSource] = [:]
    var timers = TimerQueue()
    /// Plaintext from SSL_read lands here; 64 KiB holds several full TLS records.
    let readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)

    deinit {
        readBuffer.deallocate()
    }
}

extension EventLoop {
    /// Adds `descriptor` to epoll with the given interest and routes its events to `source`.
    /// - Note: loop thread only.
    func register(_ descriptor: Int32, interest: UInt32, source: any EventLoopSource) throws(NetError) {
        var event = epoll_event()
        event.events = interest
        event.data.fd = descriptor
        guard epoll_ctl(epollDescriptor, EPOLL_CTL_ADD, descriptor, &event) == 0 else {
            throw .system("epoll_ctl", "adding descriptor \(descriptor)")
        }
        state.sources[descriptor] = source
    }

    /// Changes the events epoll reports for a registered descriptor.
    /// - Note: loop thread only.
    func modify(_ descriptor: Int32, interest: UInt32) {
        var event = epoll_event()
        event.events = interest
        event.data.fd = descriptor
        _ = epoll_ctl(epollDescriptor, EPOLL_CTL_MOD, descriptor, &event)
    }

    /// Removes a descriptor from epoll; call before closing it.
    /// - Note: loop thread only.
    func deregister(_ descriptor: Int32) {
        guard state.sources.removeValue(forKey: descriptor) != nil else { return }
        // Fails harmlessly for a source already taken out of epoll (paused or suspended).
        _ = epoll_ctl(epollDescriptor, EPOLL_CTL_DEL, descriptor, nil)
    }
}
