import FlywheelXAPI
import Foundation
import Testing

@Suite("Reading statements")
struct StatementReadTests {
    @Test("every filter narrows the result to the matching statements")
    func filters() async throws {
        try await withGateway { lrs in
            let registration = Sample.uuid()
            try await lrs.post([
                Sample.statement(actor: "ann", verb: "http://example.com/verbs/a", activity: "http://example.com/x"),
                Sample.statement(actor: "bob", verb: "http://example.com/verbs/b", activity: "http://example.com/y",
                                 registration: registration),
                [
                    "actor": Sample.agent("cy"), "verb": ["id": "http://example.com/verbs/a"],
                    "object": ["id": "http://example.com/z"],
                    "context": ["instructor": Sample.agent("ann"),
                                "contextActivities": ["parent": ["id": "http://example.com/x"]]],
                ],
            ])
            func count(_ query: String) async throws -> Int {
                let statements = try await lrs.all(query)
                return statements.count
            }
            let ann = URLEncodedFormFragment.encode(Sample.agent("ann").jsonString)
            #expect(try await count("agent=\(ann)") == 1)
            #expect(try await count("agent=\(ann)&related_agents=true") == 2)
            #expect(try await count("verb=http%3A%2F%2Fexample.com%2Fverbs%2Fa") == 2)
            #expect(try await count("activity=http%3A%2F%2Fexample.com%2Fx") == 1)
            #expect(try await count("activity=http%3A%2F%2Fexample.com%2Fx&related_activities=true") == 2)
            #expect(try await count("registration=\(registration)") == 1)
            let all = try await lrs.all()
            #expect(all.count == 3)
            let newest = try #require(all.first?["stored"]?.stringValue)
            let oldest = try #require(all.last?["stored"]?.stringValue)
            #expect(try await count("since=\(URLEncodedFormFragment.encode(oldest))") == 2)
            #expect(try await count("until=\(URLEncodedFormFragment.encode(oldest))") == 1)
            #expect(try await count("since=\(URLEncodedFormFragment.encode(newest))") == 0)
            let ascending = try await lrs.all("ascending=true")
            #expect(ascending.map { $0["id"] } == all.reversed().map { $0["id"] })
            let limited = try await lrs.send("GET", "/xapi/statements?limit=2", auth: lrs.admin)
            #expect(limited.json?["statements"]?.arrayValue?.count == 2)
            #expect(limited.json?["more"]?.stringValue?.hasPrefix("/xapi/statements?more=") == true)
            #expect(limited.header("Last-Modified") != nil)
        }
    }

    @Test("parameters are checked: unknown, repeated, malformed and forbidden combinations answer 400",
          arguments: [
              "statementId=\(UUID().uuidString)&agent=%7B%7D", "statementId=\(UUID().uuidString)&voidedStatementId=\(UUID().uuidString)",
              "statementId=\(UUID().uuidString)&limit=1", "colour=blue", "Verb=http%3A%2F%2Fexample.com",
              "limit=-1", "limit=ten", "since=yesterday", "agent=not-json", "agent=%7B%22name%22%3A%22x%22%7D",
              "format=pretty", "ascending=yes", "verb=not%20an%20iri", "registration=r1", "limit=1&limit=2",
              "more=garbage", "statementId=not-a-uuid",
          ])
    func parameterRules(query: String) async throws {
        try await withGateway { lrs in
            let reply = try await lrs.send("GET", "/xapi/statements?\(query)", auth: lrs.admin)
            #expect(reply.status == 400, "\(query) answered \(reply.status)")
            #expect(reply.json?["error"]?["message"]?.stringValue?.isEmpty == false)
            #expect(reply.header("X-Experience-API-Consistent-Through") != nil)
        }
    }

    @Test("statementId with format or attachments is accepted")
    func singleWithFormat() async throws {
        try await withGateway { lrs in
            let id = try #require(try await lrs.post([Sample.statement()]).first)
            let reply = try await lrs.send(
                "GET", "/xapi/statements?statementId=\(id)&format=ids&attachments=false", auth: lrs.admin)
            #expect(reply.status == 200)
            #expect(reply.json?["verb"]?["display"] == nil)
            #expect(reply.json?["object"]?["definition"] == nil)
        }
    }

    @Test("format=canonical keeps the language Accept-Language prefers; exact keeps every language")
    func canonicalFormat() async throws {
        try await withGateway { lrs in
            let id = try #require(try await lrs.post([Sample.statement()]).first)
            let canonical = try await lrs.send(
                "GET", "/xapi/statements?statementId=\(id)&format=canonical", auth: lrs.admin,
                headers: ["Accept-Language": "fr"])
            #expect(canonical.json?["verb"]?["display"] == ["fr": "terminé"])
            let exact = try await lrs.send(
                "GET", "/xapi/statements?statementId=\(id)", auth: lrs.admin, headers: ["Accept-Language": "fr"])
            #expect(exact.json?["verb"]?["display"]?.objectValue?.count == 2)
        }
    }

    @Test("paging with more sees every statement exactly once while new ones arrive")
    func pagingWhileWriting() async throws {
        try await withGateway { lrs in
            var expected: Set<String> = []
            for _ in 0..<12 {
                expected.formUnion(try await lrs.post((0..<250).map { _ in Sample.statement() }))
            }
            #expect(expected.count == 3000)
            var seen: [String] = []
            var next = "/xapi/statements?limit=170&format=ids"
            var pages = 0
            while true {
                let reply = try await lrs.send("GET", next, auth: lrs.reader)
                try #require(reply.status == 200)
                seen += reply.json?["statements"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
                pages += 1
                if pages % 3 == 0 {
                    try await lrs.post((0..<40).map { _ in Sample.statement() })
                }
                guard let more = reply.json?["more"]?.stringValue, !more.isEmpty else { break }
                next = more
            }
            #expect(seen.count == 3000)
            #expect(Set(seen) == expected)
            #expect(lrs.ingest.count > 3000)
        }
    }

    @Test("HEAD answers like GET without a body")
    func head() async throws {
        try await withGateway { lrs in
            try await lrs.post([Sample.statement()])
            let reply = try await lrs.send("HEAD", "/xapi/statements", auth: lrs.admin)
            #expect(reply.status == 200)
            #expect(reply.body.isEmpty)
            #expect(reply.header("X-Experience-API-Consistent-Through") != nil)
        }
    }

    @Test("the about resource lists both versions without credentials or a version header")
    func about() async throws {
        try await withGateway { lrs in
            let reply = try await lrs.send("GET", "/xapi/about", version: nil)
            #expect(reply.status == 200)
            #expect(reply.json?["version"] == ["1.0.3", "2.0.0"])
            #expect(reply.header("X-Experience-API-Version") != nil)
        }
    }

    @Test("a client announcing 1.0.x is shown only the 1.0.x versions in about")
    func aboutForOldClients() async throws {
        try await withGateway { lrs in
            let reply = try await lrs.send("GET", "/xapi/about", version: "1.0.1")
            #expect(reply.status == 200)
            #expect(reply.json?["version"] == ["1.0.3"])
        }
    }
}

/// Percent-encodes a query value.
enum URLEncodedFormFragment {
    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }
}
