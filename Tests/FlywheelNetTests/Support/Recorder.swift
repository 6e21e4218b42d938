import FlywheelNet
import Synchronization

/// A connection handler that records what it sees and, if asked, echoes every byte back.
final class Recorder: TLSConnectionHandler {
    struct State {
        var bytes: [UInt8] = []
        var closeCount = 0
        var closeError: NetError?
        var writableCount = 0
    }

    let echo: Bool
    let state = Mutex(State())

    init(echo: Bool = false) {
        self.echo = echo
    }

    func received(_ bytes: UnsafeRawBufferPointer, on connection: TLSConnection) {
        state.withLock { $0.bytes.append(contentsOf: bytes) }
        if echo { connection.write(bytes) }
    }

    func writable(_ connection: TLSConnection) {
        state.withLock { $0.writableCount += 1 }
    }

    func closed(_ connection: TLSConnection, error: NetError?) {
        state.withLock { state in
            state.closeCount += 1
            state.closeError = error
        }
    }

    var bytes: [UInt8] { state.withLock { $0.bytes } }
    var byteCount: Int { state.withLock { $0.bytes.count } }
    var closeCount: Int { state.withLock { $0.closeCount } }
    var closeError: NetError? { state.withLock { $0.closeError } }
}

/// A listener whose accepted connections get a `Recorder` each, and whose refusals are kept.
final class RecordingServer: Sendable {
    let listener: TCPListener
    private let log: Log

    private final class Log: Sendable {
        let connections = Mutex<[(TLSConnection, Recorder)]>([])
        let refusals = Mutex<[TLSRefusal]>([])
    }

    init(tls: TLSContext, group: EventLoopGroup, echo: Bool = true, handshakeTimeout: Duration = .seconds(10))
        throws
    {
        let log = Log()
        self.log = log
        listener = try TCPListener(
            host: "127.0.0.1", port: 0, tls: tls, group: group, handshakeTimeout: handshakeTimeout,
            onConnection: { connection in
                let recorder = Recorder(echo: echo)
                log.connections.withLock { $0.append((connection, recorder)) }
                connection.start(handler: recorder)
            },
            onRefusal: { refusal in log.refusals.withLock { $0.append(refusal) } })
    }

    var port: Int { listener.localPort }
    var connections: [(TLSConnection, Recorder)] { log.connections.withLock { $0 } }
    var refusals: [TLSRefusal] { log.refusals.withLock { $0 } }
}

/// Waits until `condition` holds, checking every few milliseconds, for at most `limit`.
/// - Returns: whether the condition came true; tests assert on this rather than on elapsed time.
func eventually(within limit: Duration = .seconds(15), _ condition: () -> Bool) async -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: limit)
    while !condition() {
        if clock.now >= deadline { return false }
        try? await Task.sleep(for: .milliseconds(5))
    }
    return true
}
