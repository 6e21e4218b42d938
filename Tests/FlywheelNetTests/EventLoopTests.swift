import FlywheelNet
import Synchronization
import Testing

@Suite("EventLoop")
struct EventLoopTests {
    @Test("runs closures from other threads on its own thread, in order")
    func executesInOrder() async throws {
        let loop = try EventLoop(name: "test-loop")
        let seen = Mutex<[Int]>([])
        let onLoop = Mutex<[Bool]>([])
        for index in 0..<100 {
            loop.execute {
                seen.withLock { $0.append(index) }
                onLoop.withLock { $0.append(loop.inEventLoop) }
            }
        }
        #expect(await eventually { seen.withLock { $0.count } == 100 })
        #expect(seen.withLock { $0 } == Array(0..<100))
        #expect(onLoop.withLock { $0 }.allSatisfy { $0 })
        #expect(!loop.inEventLoop)
        await loop.shutdown()
    }

    @Test("fires timers in deadline order and never a cancelled one")
    func timers() async throws {
        let loop = try EventLoop()
        let fired = Mutex<[String]>([])
        loop.schedule(after: .milliseconds(60)) { fired.withLock { $0.append("late") } }
        let cancelled = loop.schedule(after: .milliseconds(30)) { fired.withLock { $0.append("cancelled") } }
        loop.schedule(after: .milliseconds(10)) { fired.withLock { $0.append("early") } }
        cancelled.cancel()

        #expect(await eventually { fired.withLock { $0.count } == 2 })
        let ran = Mutex(false)
        loop.schedule(after: .milliseconds(100)) { ran.withLock { $0 = true } }
        #expect(await eventually { ran.withLock { $0 } })
        #expect(fired.withLock { $0 } == ["early", "late"])
        await loop.shutdown()
    }

    @Test("stops its thread on shutdown and refuses closures afterwards")
    func shutdown() async throws {
        let loop = try EventLoop()
        #expect(loop.isRunning)
        await loop.shutdown()
        #expect(!loop.isRunning)
        #expect(!loop.execute {})
        await loop.shutdown()
    }

    @Test("hands out a group's loops round-robin")
    func groupRoundRobin() async throws {
        let group = try EventLoopGroup(loopCount: 3)
        let picks = (0..<6).map { _ in group.next() }
        #expect(picks[0] === group.loops[0] && picks[3] === group.loops[0])
        #expect(picks[1] === group.loops[1] && picks[4] === group.loops[1])
        #expect(picks[2] === group.loops[2] && picks[5] === group.loops[2])
        await group.shutdown()
    }
}
