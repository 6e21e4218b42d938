import Foundation
import Synchronization
import Testing

@testable import FlywheelHTTP

@Suite("Concurrent load", .timeLimit(.minutes(1)))
struct HTTPServerConcurrencyTests {
    @Test("answers 208 requests across 16 keep-alive connections, each with its own correct body")
    func manyConcurrentRequests() async throws {
        let running = Mutex((now: 0, peak: 0))
        let handler: HTTPServer.Handler = { request in
            running.withLock {
                $0.now += 1
                $0.peak = max($0.peak, $0.now)
            }
            // Yield so handlers genuinely interleave instead of finishing before the next one starts.
            try? await Task.sleep(for: .milliseconds(2))
            running.withLock { $0.now -= 1 }
            let body = String(decoding: request.body, as: UTF8.self)
            return .text("\(request.path)|\(request.queryValue("n") ?? "-")|\(body.uppercased())")
        }
        let connections = 16
        let perConnection = 13
        try await withServer(handler: handler) { _, port in
            let mismatches = try await withThrowingTaskGroup(of: [String].self) { group in
                for connection in 0..<connections {
                    group.addTask {
                        try await onThread {
                            let client = try LoopbackClient(port: port)
                            var wrong: [String] = []
                            for index in 0..<perConnection {
                                let body = "payload-\(connection)-\(index)"
                                let response = try client.exchange(
                                    "POST /c\(connection)?n=\(index) HTTP/1.1\r\nHost: t\r\n"
                                        + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)")
                                let expected = "/c\(connection)|\(index)|\(body.uppercased())"
                                if response.status != 200 || response.text != expected {
                                    wrong.append("\(connection)/\(index): \(response.status) \(response.text)")
                                }
                            }
                            return wrong
                        }
                    }
                }
                var all: [String] = []
                for try await wrong in group {
                    all += wrong
                }
                return all
            }
            #expect(mismatches.isEmpty, "wrong answers: \(mismatches.prefix(5))")
        }
        #expect(running.withLock { $0.now } == 0)
        #expect(running.withLock { $0.peak } > 1, "handlers should have run concurrently")
    }
}
