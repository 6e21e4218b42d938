import Foundation
import Synchronization
import Testing

@testable import FlywheelHTTP

@Suite("Start, port errors and graceful shutdown", .timeLimit(.minutes(1)))
struct HTTPServerLifecycleTests {
    @Test("reports a port already in use with a code and a message naming the port")
    func portInUse() async throws {
        try await withServer(handler: echoHandler) { _, port in
            let second = HTTPServer(configuration: .init(port: port), handler: echoHandler)
            let error = try #require(throws: HTTPServerError.self) { try second.start() }
            #expect(error.code == .addressInUse)
            #expect(error.message.contains("port \(port) is already in use"))
            #expect(second.localPort == nil)
        }
    }

    @Test("rejects an invalid host and configuration with precise errors")
    func invalidConfiguration() throws {
        let badHost = HTTPServer(configuration: .init(host: "not-an-address"), handler: echoHandler)
        let hostError = try #require(throws: HTTPServerError.self) { try badHost.start() }
        #expect(hostError.code == .invalidAddress)
        #expect(hostError.message.contains("not-an-address"))

        let badThreads = HTTPServer(configuration: .init(threadCount: 0), handler: echoHandler)
        let threadError = try #require(throws: HTTPServerError.self) { try badThreads.start() }
        #expect(threadError.code == .invalidConfiguration)
        #expect(threadError.message.contains("threadCount"))
    }

    @Test("refuses a second start")
    func secondStart() async throws {
        try await withServer(handler: echoHandler) { server, _ in
            let error = try #require(throws: HTTPServerError.self) { try server.start() }
            #expect(error.code == .alreadyStarted)
        }
    }

    @Test("serves on IPv6 loopback when configured with ::1")
    func ipv6Loopback() async throws {
        let server = HTTPServer(configuration: .init(host: "::1"), handler: echoHandler)
        do {
            try server.start()
        } catch let error as HTTPServerError where error.code == .invalidAddress {
            return  // This machine has no IPv6 loopback; nothing to check.
        }
        #expect(try #require(server.localPort) > 0)
        await server.shutdown()
        #expect(server.localPort == nil)
    }

    @Test("lets a slow handler finish during shutdown, then stops accepting")
    func shutdownWaitsForSlowHandler() async throws {
        let started = Signal()
        let release = Signal()
        let handler: HTTPServer.Handler = { request in
            started.fire()
            await release.wait()
            return .text("finished \(request.path)")
        }
        let server = HTTPServer(handler: handler)
        try server.start()
        let port = try #require(server.localPort)

        async let response = onThread {
            try LoopbackClient(port: port, receiveTimeoutSeconds: 30).exchange("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n")
        }
        await started.wait()

        let stopped = Signal()
        let shutdown = Task {
            await server.shutdown(gracePeriod: .seconds(30))
            stopped.fire()
        }
        // Release the handler only once shutdown is draining, so the wait is really exercised.
        while !server.isDraining && !stopped.hasFired {
            try await Task.sleep(for: .milliseconds(1))
        }
        #expect(!stopped.hasFired, "shutdown must wait for the running handler")
        release.fire()

        let answer = try await response
        #expect(answer.status == 200)
        #expect(answer.text == "finished /slow")
        #expect(answer.headers["Connection"]?.lowercased() == "close")
        await shutdown.value
        #expect(stopped.hasFired)

        let refused = try await onThread { () -> Bool in
            (try? LoopbackClient(port: port)) == nil
        }
        #expect(refused, "nothing should listen on the port after shutdown")
    }

    @Test("answers 503 for a handler that outlives the grace period, and still stops")
    func shutdownAbandonsAfterGracePeriod() async throws {
        let started = Signal()
        let release = Signal()
        let handler: HTTPServer.Handler = { _ in
            started.fire()
            await release.wait()
            return .text("too late")
        }
        let server = HTTPServer(handler: handler)
        try server.start()
        let port = try #require(server.localPort)

        async let response = onThread { () -> LoopbackClient.Response? in
            try? LoopbackClient(port: port).exchange("GET /stuck HTTP/1.1\r\nHost: t\r\n\r\n")
        }
        await started.wait()
        await server.shutdown(gracePeriod: .milliseconds(100))
        release.fire()

        // The 503 is queued before the daemon stops; the daemon may close the socket before sending it.
        if let answer = try await response {
            #expect(answer.status == 503)
            #expect(answer.text == "server is shutting down")
        }
        #expect(server.localPort == nil)
    }

    @Test("shuts down an idle server and treats a second shutdown as done")
    func idleShutdown() async throws {
        let server = HTTPServer(handler: echoHandler)
        try server.start()
        #expect(server.localPort != nil)
        await server.shutdown()
        await server.shutdown()
        #expect(server.localPort == nil)
    }
}
