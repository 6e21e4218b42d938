import Foundation
import Testing

@testable import FlywheelHTTP

@Suite("Body limits, slow clients and malformed input", .timeLimit(.minutes(1)))
struct HTTPServerLimitsTests {
    private let smallBodies = HTTPServer.Configuration(maximumBodyBytes: 1024)

    @Test("answers 413 to a declared body over the limit without reading it, then serves others")
    func declaredBodyOverLimit() async throws {
        let seen = SeenRequests()
        let handler: HTTPServer.Handler = { request in
            await seen.record(request)
            return .text("served \(request.body.count)")
        }
        try await withServer(smallBodies, handler: handler) { _, port in
            let refused = try await onThread {
                let client = try LoopbackClient(port: port)
                // Only the head is sent: the answer must come without the server waiting for the body.
                let response = try client.exchange(
                    "PUT /statements HTTP/1.1\r\nHost: test\r\nContent-Length: 1025\r\n\r\n")
                return (response, client.waitForClose())
            }
            #expect(refused.0.status == 413)
            #expect(refused.0.text == "request body exceeds the limit of 1024 bytes")
            #expect(refused.0.headers["Connection"]?.lowercased() == "close")
            #expect(refused.1)

            let accepted = try await onThread {
                let client = try LoopbackClient(port: port)
                let body = String(repeating: "x", count: 1024)
                return try client.exchange(
                    "PUT /statements HTTP/1.1\r\nHost: test\r\nContent-Length: 1024\r\n\r\n\(body)")
            }
            #expect(accepted.status == 200)
            #expect(accepted.text == "served 1024")
            #expect(await seen.count == 1)
        }
    }

    @Test("answers 413 to a chunked body that grows past the limit and never calls the handler")
    func chunkedBodyOverLimit() async throws {
        let seen = SeenRequests()
        let handler: HTTPServer.Handler = { request in
            await seen.record(request)
            return .text("served")
        }
        try await withServer(smallBodies, handler: handler) { _, port in
            let response = try await onThread {
                let client = try LoopbackClient(port: port)
                let chunk = String(repeating: "y", count: 600)
                return try client.exchange(
                    "POST /statements HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "258\r\n\(chunk)\r\n258\r\n\(chunk)\r\n0\r\n\r\n")
            }
            #expect(response.status == 413)
            #expect(response.text.contains("1024 bytes"))
            #expect(await seen.count == 0)

            let small = try await onThread {
                try LoopbackClient(port: port).exchange(
                    "POST /statements HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "5\r\nhello\r\n0\r\n\r\n"
                )
            }
            #expect(small.status == 200)
            #expect(await seen.first?.body == Data("hello".utf8))
        }
    }

    @Test("closes a client that sends half a request while another client is served meanwhile")
    func slowClientTimedOut() async throws {
        let configuration = HTTPServer.Configuration(connectionTimeoutSeconds: 1)
        try await withServer(configuration, handler: echoHandler) { _, port in
            let (served, closed) = try await onThread { () -> (LoopbackClient.Response, Bool) in
                let slow = try LoopbackClient(port: port, receiveTimeoutSeconds: 15)
                try slow.send("POST /statements HTTP/1.1\r\nHost: test\r\nContent-Length: 100\r\n\r\nhalf")
                let served = try LoopbackClient(port: port).exchange("GET /meanwhile HTTP/1.1\r\nHost: test\r\n\r\n")
                return (served, slow.waitForClose())
            }
            #expect(served.status == 200)
            let echo = try JSONDecoder().decode(Echo.self, from: Data(served.body))
            #expect(echo.path == "/meanwhile")
            #expect(closed, "the server should close the stalled connection before the client's 15 s bound")
        }
    }

    @Test("answers a malformed request with a 400 from the library and keeps serving")
    func malformedRequest() async throws {
        try await withServer(handler: echoHandler) { _, port in
            let malformed = try await onThread {
                try LoopbackClient(port: port).exchange("GET /x HTTP/1.1\r\nHost: test\r\nBroken header line\r\n\r\n")
            }
            #expect(malformed.status == 400)

            let garbage = try await onThread { () -> Bool in
                let client = try LoopbackClient(port: port)
                try client.send([0x16, 0x03, 0x01, 0x00, 0x05, 0x01, 0x00, 0x00, 0x01, 0x00, 0x0D, 0x0A, 0x0D, 0x0A])
                return client.waitForClose()
            }
            #expect(garbage)

            let fine = try await onThread {
                try LoopbackClient(port: port).exchange("GET /after HTTP/1.1\r\nHost: test\r\n\r\n")
            }
            #expect(fine.status == 200)
        }
    }

    @Test("turns a response with a forbidden header or status into a 500 naming the fault")
    func invalidResponseBecomes500() async throws {
        let handler: HTTPServer.Handler = { request in
            if request.path == "/header" {
                return HTTPResponse(status: 200, headers: ["X-Bad": "line\r\nInjected: yes"], body: Data("no".utf8))
            }
            return HTTPResponse(status: 42)
        }
        try await withServer(handler: handler) { _, port in
            let responses = try await onThread {
                let client = try LoopbackClient(port: port)
                return try ["/header", "/status"].map { try client.exchange("GET \($0) HTTP/1.1\r\nHost: t\r\n\r\n") }
            }
            #expect(responses[0].status == 500)
            #expect(responses[0].text.contains("\"X-Bad\""))
            #expect(responses[0].headers["Injected"] == nil)
            #expect(responses[1].status == 500)
            #expect(responses[1].text.contains("status 42"))
        }
    }

    @Test("holds a connection beyond the maximum unserved until an admitted one closes")
    func connectionCap() async throws {
        let configuration = HTTPServer.Configuration(maximumConnections: 2, threadCount: 1)
        try await withServer(configuration, handler: echoHandler) { _, port in
            let outcome = try await onThread { () -> (first: Int, second: Int, heldBack: Bool, later: Int) in
                let first = try LoopbackClient(port: port)
                let second = try LoopbackClient(port: port)
                let firstStatus = try first.exchange("GET /a HTTP/1.1\r\nHost: t\r\n\r\n").status
                let secondStatus = try second.exchange("GET /b HTTP/1.1\r\nHost: t\r\n\r\n").status

                // While two connections are open the third is not accepted, so its read times out.
                let third = try LoopbackClient(port: port, receiveTimeoutSeconds: 1)
                try third.send("GET /c HTTP/1.1\r\nHost: t\r\n\r\n")
                let heldBack = (try? third.readResponse()) == nil
                first.close()

                third.setReceiveTimeout(seconds: 10)
                let laterStatus = try third.readResponse().status
                return (firstStatus, secondStatus, heldBack, laterStatus)
            }
            #expect(outcome.first == 200)
            #expect(outcome.second == 200)
            #expect(outcome.heldBack, "a third connection must not be served while two are open")
            #expect(outcome.later == 200)
        }
    }
}
