import Foundation
import FoundationNetworking
import Testing

@testable import FlywheelHTTP

@Suite("HTTP round trips over loopback", .timeLimit(.minutes(1)))
struct HTTPServerRoundTripTests {
    private func send(
        _ method: String, port: UInt16, target: String, body: String? = nil, contentType: String? = nil
    ) async throws -> (HTTPURLResponse, Echo) {
        var request = URLRequest(url: try #require(URL(string: "http://127.0.0.1:\(port)\(target)")))
        request.httpMethod = method
        request.setValue("probe-\(method)", forHTTPHeaderField: "X-Flywheel-Probe")
        if let body {
            request.httpBody = Data(body.utf8)
        }
        if let contentType {
            request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        }
        let session = URLSession(configuration: .ephemeral)
        defer { session.finishTasksAndInvalidate() }
        let (data, response) = try await session.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        return (http, try JSONDecoder().decode(Echo.self, from: data))
    }

    @Test("answers GET with the decoded path, raw query, headers and the client's address")
    func getRoundTrip() async throws {
        try await withServer(handler: echoHandler) { _, port in
            let (response, echo) = try await send("GET", port: port, target: "/statements/a%20b?limit=10&format=exact")
            #expect(response.statusCode == 200)
            #expect(response.value(forHTTPHeaderField: "Content-Type") == "application/json")
            #expect(response.value(forHTTPHeaderField: "X-Echo-Method") == "GET")
            #expect(echo.method == "GET")
            #expect(echo.path == "/statements/a b")
            #expect(echo.rawQuery == "limit=10&format=exact")
            #expect(echo.query == [["limit", "10"], ["format", "exact"]])
            #expect(echo.probe == "probe-GET")
            #expect(echo.body.isEmpty)
            #expect(echo.remoteHost == "127.0.0.1")
        }
    }

    @Test(
        "delivers PUT, POST, DELETE and OPTIONS bodies byte for byte", arguments: ["PUT", "POST", "DELETE", "OPTIONS"])
    func bodyRoundTrip(method: String) async throws {
        try await withServer(handler: echoHandler) { _, port in
            let payload = "{\"verb\":\"\(method)\",\"unicode\":\"é✓\"}"
            let (response, echo) = try await send(
                method, port: port, target: "/xAPI/statements?statementId=\(method.lowercased())", body: payload,
                contentType: "application/json")
            #expect(response.statusCode == 200)
            #expect(echo.method == method)
            #expect(echo.path == "/xAPI/statements")
            #expect(echo.query == [["statementId", method.lowercased()]])
            #expect(echo.body == payload)
            #expect(echo.contentType == "application/json")
            #expect(echo.probe == "probe-\(method)")
        }
    }

    @Test("keeps repeated query keys in order and decodes plus signs and escapes")
    func repeatedQueryKeys() async throws {
        try await withServer(handler: echoHandler) { _, port in
            let (_, echo) = try await send(
                "GET", port: port, target: "/q?tag=a&tag=b&tag=c%20d&empty=&flag&plus=x+y&tag=%E2%9C%93")
            #expect(echo.rawQuery == "tag=a&tag=b&tag=c%20d&empty=&flag&plus=x+y&tag=%E2%9C%93")
            #expect(
                echo.query == [
                    ["tag", "a"], ["tag", "b"], ["tag", "c d"], ["empty", ""], ["flag", ""], ["plus", "x y"],
                    ["tag", "✓"],
                ])
        }
    }

    @Test("hands a form-encoded body to the handler as raw bytes, parseable with URLEncodedForm")
    func formBodyArrivesRaw() async throws {
        let seen = SeenRequests()
        let handler: HTTPServer.Handler = { request in
            await seen.record(request)
            return .text("ok")
        }
        try await withServer(handler: handler) { _, port in
            let form = "method=PUT&content=%7B%22a%22%3A1%7D&Authorization=Basic+abc%3D&X-Experience-API-Version=1.0.3"
            var request = URLRequest(url: try #require(URL(string: "http://127.0.0.1:\(port)/statements?method=PUT")))
            request.httpMethod = "POST"
            request.httpBody = Data(form.utf8)
            request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
            let (_, response) = try await URLSession(configuration: .ephemeral).data(for: request)
            #expect((response as? HTTPURLResponse)?.statusCode == 200)

            let received = try #require(await seen.first)
            #expect(received.body == Data(form.utf8))
            #expect(received.hasFormBody)
            let fields = received.formFields()
            #expect(fields.first { $0.name == "content" }?.value == "{\"a\":1}")
            #expect(fields.first { $0.name == "Authorization" }?.value == "Basic abc=")
            #expect(received.queryValue("method") == "PUT")
        }
    }

    @Test("sends repeated response headers and JSON, text and HTML bodies with their content types")
    func responseShapes() async throws {
        let handler: HTTPServer.Handler = { request in
            switch request.path {
            case "/text": return .text("plain ✓", status: 202)
            case "/html": return .html("<p>dashboard</p>")
            case "/empty": return HTTPResponse(status: 204)
            default:
                var response = HTTPResponse.json(Data("{\"ok\":true}".utf8))
                response.headers.add(name: "Set-Cookie", value: "a=1")
                response.headers.add(name: "Set-Cookie", value: "b=2")
                return response
            }
        }
        try await withServer(handler: handler) { _, port in
            let responses = try await onThread {
                let client = try LoopbackClient(port: port)
                return try ["/json", "/text", "/html", "/empty"].map {
                    try client.exchange("GET \($0) HTTP/1.1\r\nHost: test\r\n\r\n")
                }
            }
            #expect(responses[0].status == 200)
            #expect(responses[0].headers.values(for: "set-cookie") == ["a=1", "b=2"])
            #expect(responses[0].text == "{\"ok\":true}")
            #expect(responses[1].status == 202)
            #expect(responses[1].headers["Content-Type"] == "text/plain; charset=utf-8")
            #expect(responses[1].text == "plain ✓")
            #expect(responses[2].headers["content-type"] == "text/html; charset=utf-8")
            #expect(responses[2].text == "<p>dashboard</p>")
            #expect(responses[3].status == 204)
            #expect(responses[3].body.isEmpty)
        }
    }
}

/// Collects requests a handler saw.
actor SeenRequests {
    private var requests: [HTTPRequest] = []

    func record(_ request: HTTPRequest) {
        requests.append(request)
    }

    var first: HTTPRequest? { requests.first }
    var count: Int { requests.count }
}
