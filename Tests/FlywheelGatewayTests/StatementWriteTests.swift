import FlywheelXAPI
import Foundation
import Testing

@Suite("Storing statements")
struct StatementWriteTests {
    @Test("a PUT stores the statement with id, authority, version and stored set as the spec says", arguments: ["1.0.3", "2.0.0"])
    func putSetsLRSProperties(version: String) async throws {
        try await withGateway { lrs in
            let id = Sample.uuid()
            let put = try await lrs.send(
                "PUT", "/xapi/statements?statementId=\(id)", json: Sample.statement(), version: version,
                auth: lrs.writer)
            #expect(put.status == 204, "\(put.text)")
            let got = try await lrs.send("GET", "/xapi/statements?statementId=\(id)", version: version, auth: lrs.admin)
            #expect(got.status == 200)
            let statement = try #require(got.json)
            #expect(statement["id"]?.stringValue == id)
            #expect(statement["version"]?.stringValue == (version == "2.0.0" ? "2.0.0" : "1.0.0"))
            #expect(statement["stored"]?.stringValue != nil)
            #expect(statement["timestamp"]?.stringValue != nil)
            #expect(statement["authority"]?["account"]?["homePage"]?.stringValue == "http://lrs.example.com/")
            #expect(statement["authority"]?["name"]?.stringValue == "writer")
            #expect(got.header("X-Experience-API-Version") == version)
            #expect(got.header("X-Experience-API-Consistent-Through") != nil)
            let stored = try #require(statement["stored"]?.stringValue.flatMap { XAPITimestamp.parse($0) })
            let modified = try #require(got.header("Last-Modified"))
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
            let date = try #require(formatter.date(from: modified), "Last-Modified \(modified) is not an HTTP date")
            #expect(Int64(date.timeIntervalSince1970) == stored.epochSeconds)
        }
    }

    @Test("a client-supplied authority is replaced by the credential's")
    func authorityOverwritten() async throws {
        try await withGateway { lrs in
            guard case .object(var statement) = Sample.statement() else { return }
            statement["authority"] = Sample.agent("mallory")
            let id = try await lrs.post([.object(statement)], auth: lrs.writer).first
            let got = try await lrs.send("GET", "/xapi/statements?statementId=\(try #require(id))", auth: lrs.admin)
            #expect(got.json?["authority"]?["mbox"] == nil)
            #expect(got.json?["authority"]?["account"]?["name"] != nil)
        }
    }

    @Test("re-sending an identical statement answers 204; a different one under the same id answers 409")
    func putConflict() async throws {
        try await withGateway { lrs in
            let id = Sample.uuid()
            let path = "/xapi/statements?statementId=\(id)"
            #expect(try await lrs.send("PUT", path, json: Sample.statement(), auth: lrs.admin).status == 204)
            #expect(try await lrs.send("PUT", path, json: Sample.statement(), auth: lrs.admin).status == 204)
            let changed = try await lrs.send("PUT", path, json: Sample.statement(actor: "bob"), auth: lrs.admin)
            #expect(changed.status == 409)
            let got = try await lrs.send("GET", path, auth: lrs.admin)
            #expect(got.json?["actor"]?["mbox"]?.stringValue == "mailto:ann@example.com")
            #expect(lrs.ingest.count == 1)
        }
    }

    @Test("a PUT without statementId, with a non-UUID one or with a different body id answers 400")
    func putParameterRules() async throws {
        try await withGateway { lrs in
            let missing = try await lrs.send("PUT", "/xapi/statements", json: Sample.statement(), auth: lrs.admin)
            #expect(missing.status == 400)
            #expect(missing.json?["error"]?["path"]?.stringValue == "statementId")
            let bad = try await lrs.send(
                "PUT", "/xapi/statements?statementId=nope", json: Sample.statement(), auth: lrs.admin)
            #expect(bad.status == 400)
            let mismatch = try await lrs.send(
                "PUT", "/xapi/statements?statementId=\(Sample.uuid())", json: Sample.statement(id: Sample.uuid()),
                auth: lrs.admin)
            #expect(mismatch.status == 400)
            #expect(mismatch.json?["error"]?["path"]?.stringValue == "statement.id")
            #expect(lrs.ingest.count == 0)
        }
    }

    @Test("a POST batch answers the ids in order, assigning the missing ones")
    func postBatch() async throws {
        try await withGateway { lrs in
            let given = Sample.uuid()
            let ids = try await lrs.post([Sample.statement(), Sample.statement(id: given), Sample.statement()])
            #expect(ids.count == 3)
            #expect(ids[1] == given)
            #expect(Set(ids).count == 3)
            #expect(ids.allSatisfy { XAPIFormat.isUUID($0) })
        }
    }

    @Test("one invalid statement rejects the whole batch with the member's path and rule; nothing is stored")
    func batchAllOrNothing() async throws {
        try await withGateway { lrs in
            guard case .object(var broken) = Sample.statement() else { return }
            broken["verb"] = ["id": "not an iri"]
            let reply = try await lrs.send(
                "POST", "/xapi/statements", json: [Sample.statement(), .object(broken)], auth: lrs.admin)
            #expect(reply.status == 400)
            let path = try #require(reply.json?["error"]?["path"]?.stringValue)
            #expect(path.hasPrefix("statements[1].verb"))
            #expect(reply.json?["error"]?["rule"]?.stringValue == "invalidIRI")
            #expect(try await lrs.all().isEmpty)
        }
    }

    @Test("a batch repeating an id answers 400 and stores nothing")
    func batchDuplicateIDs() async throws {
        try await withGateway { lrs in
            let id = Sample.uuid()
            let reply = try await lrs.send(
                "POST", "/xapi/statements", json: [Sample.statement(id: id), Sample.statement(id: id.uppercased())],
                auth: lrs.admin)
            #expect(reply.status == 400)
            #expect(reply.json?["error"]?["rule"]?.stringValue == "duplicateID")
            #expect(lrs.ingest.count == 0)
        }
    }

    @Test("a batch whose id collides with a different stored statement answers 409 and stores none of it")
    func batchCollidesWithStore() async throws {
        try await withGateway { lrs in
            let id = Sample.uuid()
            try await lrs.post([Sample.statement(id: id)])
            let reply = try await lrs.send(
                "POST", "/xapi/statements", json: [Sample.statement(), Sample.statement(id: id, actor: "zed")],
                auth: lrs.admin)
            #expect(reply.status == 409)
            #expect(lrs.ingest.count == 1)
            let again = try await lrs.send(
                "POST", "/xapi/statements", json: [Sample.statement(id: id)], auth: lrs.admin)
            #expect(again.status == 200)
            #expect(lrs.ingest.count == 1)
        }
    }

    @Test("voiding hides the target from statementId and queries; voidedStatementId finds it")
    func voiding() async throws {
        try await withGateway { lrs in
            let target = Sample.uuid()
            let voider = Sample.uuid()
            try await lrs.post([Sample.statement(id: target)])
            try await lrs.post([Sample.voiding(target, id: voider)])
            #expect(try await lrs.send("GET", "/xapi/statements?statementId=\(target)", auth: lrs.admin).status == 404)
            let voided = try await lrs.send("GET", "/xapi/statements?voidedStatementId=\(target)", auth: lrs.admin)
            #expect(voided.status == 200)
            #expect(voided.json?["id"]?.stringValue == target)
            let notVoided = try await lrs.send(
                "GET", "/xapi/statements?voidedStatementId=\(voider)", auth: lrs.admin)
            #expect(notVoided.status == 404)
            let listed = try await lrs.all().compactMap { $0["id"]?.stringValue }
            #expect(listed == [voider])
        }
    }

    @Test("voiding a voiding statement answers 400; voiding an unknown statement is accepted")
    func voidingRules() async throws {
        try await withGateway { lrs in
            let voider = Sample.uuid()
            try await lrs.post([Sample.voiding(Sample.uuid(), id: voider)])
            let reply = try await lrs.send(
                "POST", "/xapi/statements", json: [Sample.voiding(voider)], auth: lrs.admin)
            #expect(reply.status == 400)
            #expect(reply.json?["error"]?["rule"]?.stringValue == "voidingTarget")
            let inBatch = Sample.uuid()
            let batch = try await lrs.send(
                "POST", "/xapi/statements", json: [Sample.voiding(Sample.uuid(), id: inBatch), Sample.voiding(inBatch)],
                auth: lrs.admin)
            #expect(batch.status == 400)
            #expect(lrs.ingest.count == 1)
        }
    }
}
