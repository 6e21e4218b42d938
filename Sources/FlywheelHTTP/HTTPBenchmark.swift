import Foundation
import Synchronization

/// The outcome of one `HTTPBenchmark` run.
public struct HTTPBenchmarkResult: Sendable, CustomStringConvertible {
    /// The number of concurrent keep-alive clients.
    public let clients: Int
    /// Requests answered with the expected 200 and body.
    public let completedRequests: Int
    /// Requests that failed (wrong answer, timeout, dropped connection).
    public let failedRequests: Int
    /// Wall-clock time from the first connection to the last answer.
    public let elapsed: Duration

    /// Completed requests per second of elapsed time.
    public var requestsPerSecond: Double {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return seconds > 0 ? Double(completedRequests) / seconds : 0
    }

    /// A one-line summary with the rate.
    public var description: String {
        let rate = Int(requestsPerSecond.rounded())
        return "\(completedRequests) requests (\(failedRequests) failed) over \(clients) keep-alive clients "
            + "in \(elapsed): \(rate) requests/s"
    }
}

/// Measures requests per second of a server with a trivial handler under keep-alive load on loopback.
///
/// Each client is a blocking socket on its own thread sending one request at a time, so the figure
/// includes the clients' own CPU use on the same machine.
public enum HTTPBenchmark {
    /// Runs a server on an ephemeral loopback port and drives it with `clients` connections.
    /// - Parameters:
    ///   - clients: The number of concurrent keep-alive connections.
    ///   - requestsPerClient: Requests each connection sends, one after another.
    ///   - threadCount: The server's libmicrohttpd thread count.
    /// - Returns: The counts and the rate.
    /// - Throws: `HTTPServerError` when the server cannot start.
    public static func run(
        clients: Int = 16, requestsPerClient: Int = 2_000, threadCount: Int = 2
    ) async throws -> HTTPBenchmarkResult {
        let server = HTTPServer(configuration: .init(threadCount: threadCount)) { request in
            .text("ok \(request.path)")
        }
        try server.start()
        guard let port = server.localPort else {
            throw HTTPServerError(code: .socketFailure, message: "the benchmark server reported no port")
        }

        let counts = Mutex((completed: 0, failed: 0))
        let clock = ContinuousClock()
        let started = clock.now
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let group = DispatchGroup()
            for client in 0..<clients {
                group.enter()
                let thread = Thread {
                    let outcome = drive(port: port, client: client, requests: requestsPerClient)
                    counts.withLock {
                        $0.completed += outcome.completed
                        $0.failed += outcome.failed
                    }
                    group.leave()
                }
                thread.start()
            }
            group.notify(queue: .global()) { continuation.resume() }
        }
        let elapsed = clock.now - started
        await server.shutdown(gracePeriod: .seconds(5))

        let totals = counts.withLock { $0 }
        return HTTPBenchmarkResult(
            clients: clients, completedRequests: totals.completed, failedRequests: totals.failed, elapsed: elapsed)
    }

    private static func drive(port: UInt16, client: Int, requests: Int) -> (completed: Int, failed: Int) {
        guard let connection = try? LoopbackClient(port: port) else {
            return (0, requests)
        }
        let request = "GET /bench/\(client) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        let expected = "ok /bench/\(client)"
        for index in 0..<requests {
            guard let response = try? connection.exchange(request), response.status == 200,
                response.text == expected
            else {
                return (index, requests - index)
            }
        }
        return (requests, 0)
    }
}
