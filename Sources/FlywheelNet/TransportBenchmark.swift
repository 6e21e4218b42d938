import Dispatch
import Synchronization

/// Measures the bare transport so RPC overhead can be told apart from it: one connection over loopback,
/// a client that sends a payload and waits for the server to echo it back, repeated.
public enum TransportBenchmark {
    /// What one run measured.
    public struct Result: Sendable, CustomStringConvertible {
        /// Completed round trips (always the number asked for).
        public let roundTrips: Int
        /// Bytes in each direction per round trip.
        public let payloadSize: Int
        /// Wall time from the first send to the last echo.
        public let seconds: Double

        /// Round trips per second.
        public var roundTripsPerSecond: Double { seconds > 0 ? Double(roundTrips) / seconds : 0 }

        public var description: String {
            let rate = Int(roundTripsPerSecond.rounded())
            return "\(roundTrips) round trips of \(payloadSize) B in \(seconds) s: \(rate) round trips/s"
        }
    }

    /// Runs ping-pong over a fresh listener and connection on 127.0.0.1 using the given loops.
    /// - Parameters:
    ///   - roundTrips: how many request/response exchanges to time.
    ///   - payloadSize: bytes per message (100 by default).
    ///   - server: the listener's TLS context; its certificate names `serverService`.
    ///   - client: the client's TLS context, trusted by the server.
    ///   - serverService: the service the server's certificate names.
    ///   - group: loops for the listener, its connection and the client (with 2 loops, one each).
    /// - Returns: the timing of the run.
    /// - Throws: `NetError` if listening, connecting or the connection fails.
    public static func pingPong(
        roundTrips: Int, payloadSize: Int = 100, server: TLSContext, client: TLSContext,
        serverService: String, group: EventLoopGroup
    ) async throws -> Result {
        let listener = try TCPListener(
            host: "127.0.0.1", port: 0, tls: server, group: group,
            onConnection: { $0.start(handler: EchoingHandler()) }, onRefusal: { _ in })
        defer { listener.close() }
        let connection = try await TLSConnection.connect(
            host: "127.0.0.1", port: listener.localPort, expectedService: serverService, tls: client,
            loop: group.next())
        defer { connection.close() }

        let payload = [UInt8](repeating: 0x5A, count: max(1, payloadSize))
        let seconds = try await withCheckedThrowingContinuation { continuation in
            let pinger = PingingHandler(
                payload: payload, roundTrips: max(1, roundTrips), continuation: continuation)
            connection.start(handler: pinger)
            pinger.begin(on: connection)
        }
        return Result(roundTrips: max(1, roundTrips), payloadSize: payload.count, seconds: seconds)
    }
}

/// Writes back whatever arrives.
final class EchoingHandler: TLSConnectionHandler {
    func received(_ bytes: UnsafeRawBufferPointer, on connection: TLSConnection) {
        connection.write(bytes)
    }

    func closed(_ connection: TLSConnection, error: NetError?) {}
}

/// Sends the payload, waits until as many bytes came back, and repeats; resumes with the elapsed seconds.
final class PingingHandler: TLSConnectionHandler {
    private struct Progress {
        var completed = 0
        var pendingBytes = 0
        var started: UInt64 = 0
        var continuation: CheckedContinuation<Double, any Error>?
    }

    private let payload: [UInt8]
    private let roundTrips: Int
    private let progress: Mutex<Progress>

    init(payload: [UInt8], roundTrips: Int, continuation: CheckedContinuation<Double, any Error>) {
        self.payload = payload
        self.roundTrips = roundTrips
        self.progress = Mutex(Progress(continuation: continuation))
    }

    func begin(on connection: TLSConnection) {
        progress.withLock { $0.started = DispatchTime.now().uptimeNanoseconds }
        connection.write(payload)
    }

    func received(_ bytes: UnsafeRawBufferPointer, on connection: TLSConnection) {
        let sendNext = progress.withLock { progress -> Bool in
            progress.pendingBytes += bytes.count
            guard progress.pendingBytes >= payload.count else { return false }
            progress.pendingBytes -= payload.count
            progress.completed += 1
            guard progress.completed >= roundTrips else { return true }
            let elapsed = DispatchTime.now().uptimeNanoseconds - progress.started
            progress.continuation?.resume(returning: Double(elapsed) / 1e9)
            progress.continuation = nil
            return false
        }
        if sendNext { connection.write(payload) }
    }

    func closed(_ connection: TLSConnection, error: NetError?) {
        progress.withLock { progress in
            progress.continuation?.resume(
                throwing: error ?? NetError(.connectionReset, "benchmark connection closed early"))
            progress.continuation = nil
        }
    }
}
