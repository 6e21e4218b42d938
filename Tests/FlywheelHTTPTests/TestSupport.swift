import Foundation
import Synchronization
import Testing

@testable import FlywheelHTTP

/// Starts a server for one test and always shuts it down.
func withServer<Result>(
    _ configuration: HTTPServer.Configuration = .init(),
    handler: @escaping HTTPServer.Handler,
    _ body: (HTTPServer, UInt16) async throws -> Result
) async throws -> Result {
    let server = HTTPServer(configuration: configuration, handler: handler)
    try server.start()
    let port = try #require(server.localPort)
    do {
        let result = try await body(server, port)
        await server.shutdown(gracePeriod: .seconds(5))
        return result
    } catch {
        await server.shutdown(gracePeriod: .seconds(5))
        throw error
    }
}

/// Runs blocking socket work on its own thread, off the cooperative pool.
func onThread<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            continuation.resume(with: Result { try work() })
        }
        thread.start()
    }
}

/// What the echo handler saw, returned as JSON.
struct Echo: Codable, Sendable {
    var method: String
    var path: String
    var rawQuery: String
    var query: [[String]]
    var probe: String?
    var contentType: String?
    var body: String
    var remoteHost: String?
}

/// Answers every request with an `Echo` of it.
let echoHandler: HTTPServer.Handler = { request in
    let echo = Echo(
        method: request.method.rawValue, path: request.path, rawQuery: request.rawQuery,
        query: request.queryItems.map { [$0.name, $0.value] }, probe: request.headers["x-flywheel-probe"],
        contentType: request.headers["content-type"], body: String(decoding: request.body, as: UTF8.self),
        remoteHost: request.remoteAddress?.host)
    var response = (try? HTTPResponse.json(encoding: echo)) ?? .text("encoding failed", status: 500)
    response.headers.add(name: "X-Echo-Method", value: request.method.rawValue)
    return response
}

/// A one-shot signal a test can wait on without depending on timing.
final class Signal: Sendable {
    private let state = Mutex<(fired: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func fire() {
        let waiters = state.withLock { state in
            state.fired = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters {
            waiter.resume()
        }
    }

    func wait() async {
        await withCheckedContinuation { continuation in
            let fired = state.withLock { state in
                if !state.fired {
                    state.waiters.append(continuation)
                }
                return state.fired
            }
            if fired {
                continuation.resume()
            }
        }
    }

    var hasFired: Bool { state.withLock { $0.fired } }
}
