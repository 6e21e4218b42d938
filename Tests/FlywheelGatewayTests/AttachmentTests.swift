import FlywheelXAPI
import Foundation
import Testing

/// Statements with attachment data in multipart/mixed requests, `attachments=true` reads, and signed
/// statements, against the real ingest and documents services in process.
@Suite("Attachments and signed statements with the real ingest service")
struct AttachmentTests {
    static let first = Data("here is a simple attachment".utf8)
    static let firstSHA2 = "495395e777cd98da653df9615d09c0fd6bb2f8d4788394cd53c56a3bfdcd848a"
    static let second = Data("a second attachment, longer than the first".utf8)
    static let secondSHA2 = "a7a4b8eb974e139413debb6510a763dbc42e47bdd3f5b998e631737d3ab3f02c"
    static let boundary = "abcABC0123'()+_,-./:=?"
    static let signatureUsage = "http://adlnet.gov/expapi/attachments/signature"

    private func withRealIngest(_ body: (GatewayHarness) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gateway-att-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try await withGateway(realIngestPath: folder.appendingPathComponent("ingest.sqlite").path, body)
    }

    static func attachment(
        sha2: String, length: Int, contentType: String = "text/plain",
        usageType: String = "http://example.com/attachment"
    ) -> JSONValue {
        [
            "usageType": .string(usageType), "display": ["en-US": "file"], "contentType": .string(contentType),
            "length": .number(JSONNumber(Int64(length))), "sha2": .string(sha2),
        ]
    }

    static func statement(attachments: [JSONValue], id: String? = nil, actor: String = "ann") -> JSONValue {
        guard case .object(var fields) = Sample.statement(id: id, actor: actor) else { return .null }
        fields["attachments"] = .array(attachments)
        return .object(fields)
    }

    /// The statement the signature fixtures sign, with its signature attachment.
    static func signedStatement(signature: String) -> JSONValue {
        let sha2 = SignatureFixtures.sha2[signature] ?? ""
        return [
            "id": .string(SignatureFixtures.statementID),
            "actor": ["objectType": "Agent", "mbox": "mailto:ann@example.com"],
            "verb": ["id": "http://adlnet.gov/expapi/verbs/completed"],
            "object": ["objectType": "Activity", "id": "http://example.com/activities/one"],
            "attachments": [
                attachment(
                    sha2: sha2, length: 2136, contentType: "application/octet-stream", usageType: signatureUsage)
            ],
        ]
    }

    /// A multipart/mixed body: the statements, then each part with its hash header.
    static func multipart(_ statements: JSONValue, parts: [Part]) -> Data {
        var body = Data("preamble to ignore\r\n--\(boundary)\r\nContent-Type: application/json\r\n\r\n".utf8)
        body.append(Data(statements.serialized()))
        for part in parts {
            body.append(Data("\r\n--\(boundary)\r\nContent-Type: \(part.type)\r\n".utf8))
            body.append(Data("Content-Transfer-Encoding: binary\r\nX-Experience-API-Hash: \(part.sha2)\r\n\r\n".utf8))
            body.append(part.content)
        }
        body.append(Data("\r\n--\(boundary)--\r\n".utf8))
        return body
    }

    typealias Part = (type: String, content: Data, sha2: String)

    private func post(_ lrs: GatewayHarness, _ statements: JSONValue, parts: [Part]) async throws -> Reply {
        try await lrs.send(
            "POST", "/xapi/statements", body: Self.multipart(statements, parts: parts),
            contentType: "multipart/mixed; boundary=\"\(Self.boundary)\"", auth: lrs.admin)
    }

    /// The parts of a multipart/mixed reply, split by its boundary.
    private func parts(of reply: Reply) throws -> [(headers: String, body: Data)] {
        let type = try #require(reply.header("Content-Type"))
        #expect(type.hasPrefix("multipart/mixed"))
        let boundary = try #require(type.components(separatedBy: "boundary=").last)
        let text = String(decoding: reply.body, as: UTF8.self)
        let chunks = text.components(separatedBy: "--\(boundary)").dropFirst().dropLast()
        return chunks.map { chunk in
            // "\r\n" is one Character in a Swift String, so one drop removes each line break.
            let trimmed = chunk.dropFirst(chunk.hasPrefix("\r\n") ? 1 : 0).dropLast(chunk.hasSuffix("\r\n") ? 1 : 0)
            let split = trimmed.components(separatedBy: "\r\n\r\n")
            return (split[0], Data(split.dropFirst().joined(separator: "\r\n\r\n").utf8))
        }
    }

    @Test("a multipart POST stores the attachment and attachments=true returns it as a part")
    func roundTrip() async throws {
        try await withRealIngest { lrs in
            let id = Sample.uuid()
            let statement = Self.statement(
                attachments: [Self.attachment(sha2: Self.firstSHA2, length: Self.first.count)], id: id)
            let stored = try await post(lrs, .array([statement]), parts: [("text/plain", Self.first, Self.firstSHA2)])
            #expect(stored.status == 200, "\(stored.text)")
            let plain = try await lrs.send("GET", "/xapi/statements?statementId=\(id)", auth: lrs.admin)
            #expect(plain.header("Content-Type") == "application/json")
            let reply = try await lrs.send(
                "GET", "/xapi/statements?statementId=\(id)&attachments=true", auth: lrs.admin)
            #expect(reply.status == 200, "\(reply.text)")
            let parts = try parts(of: reply)
            try #require(parts.count == 2)
            #expect(try JSONValue.parse(parts[0].body)["id"]?.stringValue == id)
            #expect(parts[1].body == Self.first)
            #expect(parts[1].headers.contains("X-Experience-API-Hash: \(Self.firstSHA2)"))
            let query = try await lrs.send("GET", "/xapi/statements?attachments=true", auth: lrs.admin)
            let queried = try self.parts(of: query)
            #expect(queried.count == 2)
            #expect(try JSONValue.parse(queried[0].body)["statements"]?.arrayValue?.count == 1)
        }
    }

    @Test("a multipart PUT stores one statement with two attachments")
    func put() async throws {
        try await withRealIngest { lrs in
            let id = Sample.uuid()
            let statement = Self.statement(attachments: [
                Self.attachment(sha2: Self.firstSHA2, length: Self.first.count),
                Self.attachment(sha2: Self.secondSHA2, length: Self.second.count),
            ])
            let body = Self.multipart(
                statement,
                parts: [("text/plain", Self.second, Self.secondSHA2), ("text/plain", Self.first, Self.firstSHA2)])
            let reply = try await lrs.send(
                "PUT", "/xapi/statements?statementId=\(id)", body: body,
                contentType: "multipart/mixed; boundary=\(Self.boundary)", auth: lrs.admin)
            #expect(reply.status == 204, "\(reply.text)")
            let got = try await lrs.send("GET", "/xapi/statements?statementId=\(id)&attachments=true", auth: lrs.admin)
            #expect(try parts(of: got).count == 3)
        }
    }

    @Test("a missing, extra, mis-hashed or mis-sized part answers 400 naming the reason and stores nothing")
    func refusals() async throws {
        try await withRealIngest { lrs in
            let one = Self.statement(attachments: [Self.attachment(sha2: Self.firstSHA2, length: Self.first.count)])
            let missing = try await post(lrs, one, parts: [])
            #expect(missing.status == 400)
            #expect(missing.json?["error"]?["rule"]?.stringValue == "attachmentData")
            let extra = try await post(
                lrs, one,
                parts: [("text/plain", Self.first, Self.firstSHA2), ("text/plain", Self.second, Self.secondSHA2)])
            #expect(extra.status == 400)
            #expect(extra.json?["error"]?["message"]?.stringValue?.contains(Self.secondSHA2) == true)
            let misHashed = try await post(lrs, one, parts: [("text/plain", Self.second, Self.firstSHA2)])
            #expect(misHashed.status == 400)
            #expect(misHashed.json?["error"]?["rule"]?.stringValue == "attachmentHash")
            let wrongLength = Self.statement(attachments: [Self.attachment(sha2: Self.firstSHA2, length: 3)])
            let misSized = try await post(lrs, wrongLength, parts: [("text/plain", Self.first, Self.firstSHA2)])
            #expect(misSized.status == 400)
            #expect(misSized.json?["error"]?["rule"]?.stringValue == "attachmentLength")
            let noBoundary = try await lrs.send(
                "POST", "/xapi/statements", body: Self.multipart(one, parts: []), contentType: "multipart/mixed",
                auth: lrs.admin)
            #expect(noBoundary.status == 400)
            #expect(try await lrs.all().isEmpty)
        }
    }

    @Test("a multipart body whose parts use another boundary than declared answers 400 and stores nothing")
    func brokenBoundary() async throws {
        try await withRealIngest { lrs in
            let one = Self.statement(attachments: [Self.attachment(sha2: Self.firstSHA2, length: Self.first.count)])
            let body = Self.multipart(one, parts: [("text/plain", Self.first, Self.firstSHA2)])
            let reply = try await lrs.send(
                "POST", "/xapi/statements", body: body, contentType: "multipart/mixed; boundary=not-the-one-used",
                auth: lrs.admin)
            #expect(reply.status == 400)
            #expect(reply.json?["error"]?["message"]?.stringValue?.isEmpty == false)
            #expect(try await lrs.all().isEmpty)
        }
    }

    @Test("a statement signed with RS256 or RS512 by its x5c certificate is stored", arguments: ["rs256", "rs512"])
    func validSignature(name: String) async throws {
        try await withRealIngest { lrs in
            let jws = name == "rs256" ? SignatureFixtures.rs256 : SignatureFixtures.rs512
            let sha2 = try #require(SignatureFixtures.sha2[name])
            let reply = try await post(
                lrs, Self.signedStatement(signature: name),
                parts: [("application/octet-stream", Data(jws.utf8), sha2)])
            #expect(reply.status == 200, "\(reply.text)")
        }
    }

    @Test(
        "a tampered signature, or one over a different statement, answers 400",
        arguments: ["tampered", "otherPayload"])
    func badSignature(name: String) async throws {
        try await withRealIngest { lrs in
            let jws = name == "tampered" ? SignatureFixtures.tampered : SignatureFixtures.otherPayload
            let sha2 = try #require(SignatureFixtures.sha2[name])
            let reply = try await post(
                lrs, Self.signedStatement(signature: name),
                parts: [("application/octet-stream", Data(jws.utf8), sha2)])
            #expect(reply.status == 400, "\(reply.text)")
            #expect(reply.json?["error"]?["rule"]?.stringValue == "signature")
            #expect(try await lrs.all().isEmpty)
        }
    }
}
