import Synchronization

/// An established, mutually authenticated TLS 1.3 connection to another service.
///
/// Obtain one from `TLSConnection.connect(...)` or a `TCPListener`'s `onConnection`, then call
/// `start(handler:)` once to begin receiving. All I/O happens on `loop`; `write`, `close` and `abort`
/// may be called from any thread.
public final class TLSConnection: Sendable {
    /// The loop that owns this connection; handler callbacks run on its thread.
    public let loop: EventLoop
    /// The service on the other end, as its verified certificate names it.
    public let peer: PeerIdentity
    /// The remote end's address.
    public let remoteAddress: SocketAddress
    /// The local end's address, if the kernel reported it.
    public let localAddress: SocketAddress?
    /// The negotiated protocol, always "TLSv1.3".
    public let tlsVersion: String

    let channel: TLSChannel

    struct Queue {
        var bytes: [UInt8] = []
        var flushScheduled = false
        var accepting = true
    }

    private let queue = Mutex(Queue())
    private let buffered = Atomic<Int>(0)
    private let lowWaterMark = Atomic<Int>(64 * 1024)
    private let reachedLowWater = Atomic<Bool>(false)
    /// Made once so that scheduling a flush allocates nothing.
    private let flushTask: @Sendable () -> Void

    init(
        channel: TLSChannel, peer: PeerIdentity, remoteAddress: SocketAddress, localAddress: SocketAddress?,
        tlsVersion: String
    ) {
        self.channel = channel
        self.loop = channel.loop
        self.peer = peer
        self.remoteAddress = remoteAddress
        self.localAddress = localAddress
        self.tlsVersion = tlsVersion
        self.flushTask = { [channel] in channel.flushOutbound() }
    }

    /// Bytes accepted by `write` and not yet handed to the kernel. Callable from any thread.
    public var bufferedWriteBytes: Int { buffered.load(ordering: .relaxed) }

    /// Begins delivering received bytes and events to `handler`. Call exactly once.
    /// - Parameters:
    ///   - handler: receives bytes, writability and the close, on the loop thread.
    ///   - lowWaterMark: once `bufferedWriteBytes` has reached this many bytes, `handler.writable` is
    ///     called when it falls below again.
    public func start(handler: any TLSConnectionHandler, lowWaterMark: Int = 64 * 1024) {
        self.lowWaterMark.store(max(1, lowWaterMark), ordering: .relaxed)
        if loop.inEventLoop {
            channel.start(handler)
        } else {
            let channel = self.channel
            if !loop.execute({ channel.start(handler) }) {
                handler.closed(self, error: NetError(.eventLoopShutdown, "event loop \(loop.name) shut down"))
            }
        }
    }

    /// Queues bytes to send; the loop writes them after the events it is handling, together with
    /// whatever else was queued meanwhile. Callable from any thread.
    ///
    /// Bytes written after `close()`, `abort()` or the connection's end are discarded.
    /// - Parameter bytes: the bytes to send, copied before the call returns.
    public func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { write($0) }
    }

    /// Queues bytes to send, copying them before the call returns. Callable from any thread.
    /// - Parameter bytes: the bytes to send.
    public func write(_ bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty else { return }
        let (accepted, scheduleFlush) = queue.withLock { queue -> (Bool, Bool) in
            guard queue.accepting else { return (false, false) }
            queue.bytes.append(contentsOf: bytes)
            defer { queue.flushScheduled = true }
            return (true, !queue.flushScheduled)
        }
        guard accepted else { return }
        if buffered.add(bytes.count, ordering: .relaxed).newValue >= lowWaterMark.load(ordering: .relaxed) {
            reachedLowWater.store(true, ordering: .relaxed)
        }
        if scheduleFlush { loop.execute(flushTask) }
    }

    /// Closes gracefully: sends what is queued, then close_notify, then closes the socket.
    /// The handler's `closed` follows with a nil error. Callable from any thread.
    public func close() {
        queue.withLock { $0.accepting = false }
        let channel = self.channel
        loop.execute { channel.beginClose() }
    }

    /// Closes the socket at once, dropping queued bytes. The handler's `closed` follows with a nil error.
    /// Callable from any thread.
    public func abort() {
        queue.withLock { $0.accepting = false }
        let channel = self.channel
        loop.execute { channel.finish(nil) }
    }

    // MARK: Loop side

    /// Moves the queued bytes behind those still to be written, swapping buffers when it can so that
    /// steady traffic allocates nothing.
    func takeQueued(into outbound: inout [UInt8]) {
        queue.withLock { queue in
            queue.flushScheduled = false
            guard !queue.bytes.isEmpty else { return }
            if outbound.isEmpty {
                swap(&outbound, &queue.bytes)
            } else {
                outbound.append(contentsOf: queue.bytes)
                queue.bytes.removeAll(keepingCapacity: true)
            }
        }
    }

    func didWrite(_ count: Int) {
        buffered.subtract(count, ordering: .relaxed)
    }

    /// True once per fall below the low-water mark after the buffer had reached it.
    func crossedBelowLowWater() -> Bool {
        guard buffered.load(ordering: .relaxed) < lowWaterMark.load(ordering: .relaxed) else { return false }
        return reachedLowWater.exchange(false, ordering: .relaxed)
    }

    /// The channel closed: drop what is queued and refuse later writes.
    func refuseWrites() {
        queue.withLock { queue in
            queue.accepting = false
            queue.bytes = []
        }
        buffered.store(0, ordering: .relaxed)
    }
}
