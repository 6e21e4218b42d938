import FlywheelXAPI
import Foundation
import Testing

/// One statement that breaks one rule, and the rule the 400 must name.
struct InvalidCase: Sendable, CustomTestStringConvertible {
    let name: String
    let rule: String
    let change: @Sendable (inout JSONObject) -> Void
    var testDescription: String { name }
}

@Suite("Conformance: statement rules in both versions")
struct ConformanceTests {
    static let versions = ["1.0.3", "2.0.0"]

    static let invalid: [InvalidCase] = [
        InvalidCase(name: "missing actor", rule: "missingProperty") { $0["actor"] = nil },
        InvalidCase(name: "missing verb", rule: "missingProperty") { $0["verb"] = nil },
        InvalidCase(name: "missing object", rule: "missingProperty") { $0["object"] = nil },
        InvalidCase(name: "id not a UUID", rule: "invalidUUID") { $0["id"] = "123" },
        InvalidCase(name: "mbox without mailto", rule: "invalidMailto") {
            $0["actor"] = ["mbox": "ann@example.com"]
        },
        InvalidCase(name: "agent with two identifiers", rule: "identifierCount") {
            $0["actor"] = ["mbox": "mailto:a@example.com", "openid": "http://example.com/a"]
        },
        InvalidCase(name: "verb id not an IRI", rule: "invalidIRI") { $0["verb"] = ["id": "completed"] },
        InvalidCase(name: "unknown top-level property", rule: "unknownProperty") { $0["colour"] = "blue" },
        InvalidCase(name: "timestamp not ISO 8601", rule: "invalidTimestamp") { $0["timestamp"] = "yesterday" },
        InvalidCase(name: "scaled score above 1", rule: "scoreRange") { $0["result"] = ["score": ["scaled": 1.5]] },
        InvalidCase(name: "language map with a bad tag", rule: "invalidLanguageTag") {
            $0["verb"] = ["id": "http://example.com/v", "display": ["not a tag!": "x"]]
        },
        InvalidCase(name: "registration not a UUID", rule: "invalidUUID") { $0["context"] = ["registration": "r1"] },
        InvalidCase(name: "null value", rule: "nullValue") { $0["result"] = ["success": nil] },
    ]

    @Test("an invalid statement answers 400 naming its rule and path, in both versions, and is not stored",
          arguments: versions, invalid)
    func rejects(version: String, invalidCase: InvalidCase) async throws {
        try await withGateway { lrs in
            guard case .object(var statement) = Sample.statement() else { return }
            invalidCase.change(&statement)
            let reply = try await lrs.send(
                "POST", "/xapi/statements", json: .object(statement), version: version, auth: lrs.admin)
            #expect(reply.status == 400, "\(invalidCase.name) answered \(reply.status)")
            #expect(reply.json?["error"]?["rule"]?.stringValue == invalidCase.rule, "\(reply.text)")
            #expect(reply.json?["error"]?["path"]?.stringValue?.hasPrefix("statement") == true)
            #expect(reply.header("X-Experience-API-Version") == version)
            #expect(try await lrs.all().isEmpty)
        }
    }

    @Test("valid statements of every object kind are stored in both versions", arguments: versions)
    func accepts(version: String) async throws {
        try await withGateway { lrs in
            let statements: [JSONValue] = [
                Sample.statement(),
                ["actor": Sample.agent("ann"), "verb": ["id": "http://example.com/v"], "object": Sample.agent("bob")],
                [
                    "actor": ["objectType": "Group", "member": [Sample.agent("a"), Sample.agent("b")]],
                    "verb": ["id": "http://example.com/v"], "object": ["id": "http://example.com/a"],
                ],
                [
                    "actor": Sample.agent("ann"), "verb": ["id": "http://example.com/v"],
                    "object": [
                        "objectType": "SubStatement", "actor": Sample.agent("bob"),
                        "verb": ["id": "http://example.com/w"], "object": ["id": "http://example.com/a"],
                    ],
                    "result": ["score": ["scaled": 0.5], "success": true, "duration": "PT1M30S"],
                    "timestamp": "2024-05-01T10:20:30.5+02:00",
                ],
            ]
            let ids = try await lrs.post(statements, version: version)
            #expect(ids.count == statements.count)
            #expect(try await lrs.all().count == statements.count)
        }
    }

    @Test("a missing or unsupported version header answers 400; 1.0 and 1.0.x are accepted",
          arguments: [(String?.none, 400), ("0.95", 400), ("1.1.0", 400), ("2.1.0", 400), ("banana", 400),
                      ("1.0", 200), ("1.0.1", 200), ("2.0", 200)])
    func versionHeader(version: String?, status: Int) async throws {
        try await withGateway { lrs in
            let reply = try await lrs.send("GET", "/xapi/statements", version: version, auth: lrs.admin)
            #expect(reply.status == status)
            #expect(reply.header("X-Experience-API-Version") != nil)
            if status == 400 { #expect(reply.json?["error"]?["path"]?.stringValue == "X-Experience-API-Version") }
        }
    }
}
