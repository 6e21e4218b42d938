import Foundation
import Synchronization

/// A fixed set of event loops; listeners spread accepted connections across them round-robin.
public final class EventLoopGroup: Sendable {
    /// The loops, in the order `next()` hands them out.
    public let loops: [EventLoop]
    private let cursor = Atomic<Int>(0)

    /// Starts `loopCount` loops, each on its own thread.
    /// - Parameter loopCount: how many loops; nil (the default) means one per active processor core.
    /// - Throws: `NetError` if a loop cannot start; loops already started are told to shut down.
    public init(loopCount: Int? = nil) throws(NetError) {
        let count = max(1, loopCount ?? ProcessInfo.processInfo.activeProcessorCount)
        var loops: [EventLoop] = []
        do {
            for index in 0..<count {
                loops.append(try EventLoop(name: "flywheel-loop-\(index)"))
            }
        } catch {
            for loop in loops { loop.requestShutdown() }
            throw error
        }
        self.loops = loops
    }

    /// The next loop in round-robin order. Callable from any thread.
    public func next() -> EventLoop {
        let index = cursor.add(1, ordering: .relaxed).oldValue
        return loops[index % loops.count]
    }

    /// Shuts every loop down and returns once all their threads have exited.
    public func shutdown() async {
        for loop in loops { loop.requestShutdown() }
        for loop in loops { await loop.shutdown() }
    }
}
