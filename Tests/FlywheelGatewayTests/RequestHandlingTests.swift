import FlywheelGateway
import FlywheelHTTP
import FlywheelXAPI
import Foundation
import Testing

@Suite("Authentication, CORS, alternate syntax and bad input")
struct RequestHandlingTests {
    @Test("no or bad credentials answer 401 with a Basic challenge")
    func unauthenticated() async throws {
        try await withGateway { lrs in
            let none = try await lrs.send("GET", "/xapi/statements")
            #expect(none.status == 401)
            #expect(none.header("WWW-Authenticate")?.hasPrefix("Basic") == true)
            let wrongSecret = lrs.admin.dropLast(4) + "AAAA"
            #expect(try await lrs.send("GET", "/xapi/statements", auth: String(wrongSecret)).status == 401)
            #expect(try await lrs.send("GET", "/xapi/statements", auth: "Bearer abc").status == 401)
            #expect(try await lrs.send("GET", "/xapi/statements", auth: "Basic !!!").status == 401)
        }
    }

    @Test("a revoked credential answers 401")
    func revoked() async throws {
        try await withGateway { lrs in
            let (credential, secret) = try await lrs.credentials.create(name: "temp", scopes: [.all])
            let auth = "Basic " + Data("\(credential.key):\(secret)".utf8).base64EncodedString()
            #expect(try await lrs.send("GET", "/xapi/statements", auth: auth).status == 200)
            #expect(try await lrs.credentials.revoke(key: credential.key))
            #expect(try await lrs.send("GET", "/xapi/statements", auth: auth).status == 401)
        }
    }

    @Test("scopes are enforced with 403: write-only cannot read, read-only cannot write")
    func scopes() async throws {
        try await withGateway { lrs in
            #expect(try await lrs.send("GET", "/xapi/statements", auth: lrs.writer).status == 403)
            let post = try await lrs.send("POST", "/xapi/statements", json: Sample.statement(), auth: lrs.reader)
            #expect(post.status == 403)
            #expect(lrs.ingest.count == 0)
            #expect(try await lrs.send("GET", "/xapi/statements", auth: lrs.reader).status == 200)
        }
    }

    @Test("the dashboards scopes grant nothing in the xAPI API and tell the dashboards what they may show")
    func dashboardScopes() async throws {
        try await withGateway { lrs in
            for (scopes, learners) in [([CredentialScope.dashboards], false), ([.dashboardsLearners], true)] {
                let (credential, secret) = try await lrs.credentials.create(name: "viewer", scopes: scopes)
                let auth = "Basic " + Data("\(credential.key):\(secret)".utf8).base64EncodedString()
                #expect(try await lrs.send("GET", "/xapi/statements", auth: auth).status == 403)
                let post = try await lrs.send("POST", "/xapi/statements", json: Sample.statement(), auth: auth)
                #expect(post.status == 403)
                let request = HTTPRequest(method: .get, path: "/dashboards/", headers: ["Authorization": auth])
                let granted = try #require(lrs.gateway.authenticatedScopes(request))
                #expect(granted.allowsAggregateDashboards)
                #expect(granted.allowsLearnerDashboards == learners)
            }
            #expect(lrs.ingest.count == 0)
            #expect(lrs.gateway.authenticatedScopes(HTTPRequest(method: .get, path: "/dashboards/")) == nil)
            for (scopes, allowed) in [
                ([CredentialScope.allRead], true), ([.all], true), ([.statementsRead], false), ([.statementsWrite], false),
            ] {
                #expect(scopes.allowsLearnerDashboards == allowed, "\(scopes)")
                #expect(scopes.allowsAggregateDashboards == allowed, "\(scopes)")
            }
        }
    }

    @Test("statements/read/mine sees only the statements its own credential stored")
    func readMine() async throws {
        try await withGateway { lrs in
            let own = try await lrs.post([Sample.statement(), Sample.statement()], auth: lrs.mineA)
            let others = try await lrs.post([Sample.statement()], auth: lrs.mineB)
            try await lrs.post((0..<5).map { _ in Sample.statement() }, auth: lrs.admin)
            let seen = try await lrs.all(auth: lrs.mineA).compactMap { $0["id"]?.stringValue }
            #expect(Set(seen) == Set(own))
            let paged = try await lrs.all("limit=1", auth: lrs.mineA).compactMap { $0["id"]?.stringValue }
            #expect(Set(paged) == Set(own))
            let foreign = try await lrs.send("GET", "/xapi/statements?statementId=\(others[0])", auth: lrs.mineA)
            #expect(foreign.status == 404)
            let mine = try await lrs.send("GET", "/xapi/statements?statementId=\(own[0])", auth: lrs.mineA)
            #expect(mine.status == 200)
        }
    }

    @Test("a preflight OPTIONS approves the xAPI headers; responses expose the xAPI headers")
    func cors() async throws {
        try await withGateway { lrs in
            let preflight = try await lrs.send(
                "OPTIONS", "/xapi/statements", version: nil,
                headers: ["Origin": "https://course.example.com", "Access-Control-Request-Method": "PUT",
                          "Access-Control-Request-Headers": "authorization,content-type,x-experience-api-version"])
            #expect((200...204).contains(preflight.status))
            #expect(preflight.header("Access-Control-Allow-Origin") == "https://course.example.com")
            let allowed = preflight.header("Access-Control-Allow-Headers")?.lowercased() ?? ""
            for header in ["authorization", "content-type", "x-experience-api-version", "if-match", "if-none-match"] {
                #expect(allowed.contains(header))
            }
            #expect(preflight.header("Access-Control-Allow-Methods")?.contains("PUT") == true)
            let get = try await lrs.send(
                "GET", "/xapi/statements", auth: lrs.admin, headers: ["Origin": "https://course.example.com"])
            let exposed = get.header("Access-Control-Expose-Headers") ?? ""
            for header in ["X-Experience-API-Consistent-Through", "X-Experience-API-Version", "ETag", "Last-Modified"] {
                #expect(exposed.contains(header))
            }
        }
    }

    private func form(_ fields: [(String, String)]) -> Data {
        Data(fields.map { "\($0.0)=\(URLEncodedFormFragment.encode($0.1))" }.joined(separator: "&").utf8)
    }

    @Test("the 1.0.3 alternate request syntax carries PUT and GET in a form POST")
    func alternateSyntax() async throws {
        try await withGateway { lrs in
            let id = Sample.uuid()
            let put = try await lrs.send(
                "POST", "/xapi/statements?method=PUT",
                body: form([("statementId", id), ("content", Sample.statement().jsonString),
                            ("Authorization", lrs.admin), ("X-Experience-API-Version", "1.0.3"),
                            ("Content-Type", "application/json")]),
                contentType: "application/x-www-form-urlencoded", version: nil)
            #expect(put.status == 204, "\(put.text)")
            let get = try await lrs.send(
                "POST", "/xapi/statements?method=GET",
                body: form([("statementId", id), ("Authorization", lrs.admin), ("X-Experience-API-Version", "1.0.3")]),
                contentType: "application/x-www-form-urlencoded", version: nil)
            #expect(get.status == 200)
            #expect(get.json?["id"]?.stringValue == id)
            let query = try await lrs.send(
                "POST", "/xapi/statements?method=GET", body: form([("limit", "5"), ("Authorization", lrs.admin)]),
                contentType: "application/x-www-form-urlencoded")
            #expect(query.json?["statements"]?.arrayValue?.count == 1)
        }
    }

    @Test("malformed alternate syntax answers 400, and xAPI 2.0 refuses it")
    func alternateSyntaxRules() async throws {
        try await withGateway { lrs in
            let fields = form([("Authorization", lrs.admin), ("content", Sample.statement().jsonString)])
            let extra = try await lrs.send(
                "POST", "/xapi/statements?method=PUT&statementId=\(Sample.uuid())", body: fields,
                contentType: "application/x-www-form-urlencoded")
            #expect(extra.status == 400)
            let notPost = try await lrs.send("GET", "/xapi/statements?method=GET", auth: lrs.admin)
            #expect(notPost.status == 400)
            let notForm = try await lrs.send(
                "POST", "/xapi/statements?method=POST", json: Sample.statement(), auth: lrs.admin)
            #expect(notForm.status == 400)
            let version2 = try await lrs.send(
                "POST", "/xapi/statements?method=POST", body: fields,
                contentType: "application/x-www-form-urlencoded", version: "2.0.0")
            #expect(version2.status == 400)
            #expect(lrs.ingest.count == 0)
        }
    }

    @Test("broken JSON answers 400 naming the byte offset")
    func brokenJSON() async throws {
        try await withGateway { lrs in
            let reply = try await lrs.send(
                "POST", "/xapi/statements", body: Data("{\"actor\": [1, 2,, 3]}".utf8),
                contentType: "application/json", auth: lrs.admin)
            #expect(reply.status == 400)
            let message = try #require(reply.json?["error"]?["message"]?.stringValue)
            #expect(message.contains("byte 16"), "\(message)")
        }
    }

    @Test("wrong content types answer 400, as does multipart/mixed whose body is not multipart",
          arguments: [("text/plain", 400), ("application/xml", 400), ("multipart/mixed; boundary=x", 400),
                      ("application/x-www-form-urlencoded", 400)])
    func contentTypes(type: String, status: Int) async throws {
        try await withGateway { lrs in
            let reply = try await lrs.send(
                "POST", "/xapi/statements", body: Data(Sample.statement().serialized()), contentType: type,
                auth: lrs.admin)
            #expect(reply.status == status)
            #expect(lrs.ingest.count == 0)
        }
    }

    @Test("an oversized body answers 413 and other clients are still served")
    func oversized() async throws {
        try await withGateway(maximumBodyBytes: 64 * 1024) { lrs in
            let big = Data(repeating: UInt8(ascii: " "), count: 200 * 1024)
            async let refused = lrs.send(
                "POST", "/xapi/statements", body: big, contentType: "application/json", auth: lrs.admin)
            let served = try await lrs.send("GET", "/xapi/statements", auth: lrs.admin)
            #expect(try await refused.status == 413)
            #expect(served.status == 200)
        }
    }

    @Test("an attachment without fileUrl in a JSON request answers 400")
    func attachmentWithoutFileURL() async throws {
        try await withGateway { lrs in
            guard case .object(var statement) = Sample.statement() else { return }
            statement["attachments"] = [[
                "usageType": "http://example.com/attachment", "display": ["en-US": "file"],
                "contentType": "text/plain", "length": 4,
                "sha2": "88d4266fd4e6338d13b845fcf289579d209c897823b9217da3e161936f031589",
            ]]
            let reply = try await lrs.send("POST", "/xapi/statements", json: .object(statement), auth: lrs.admin)
            #expect(reply.status == 400)
            #expect(reply.json?["error"]?["rule"]?.stringValue == "attachmentData")
        }
    }

    @Test("unknown resources answer 404 and unsupported methods 405, both with the version header")
    func routing() async throws {
        try await withGateway { lrs in
            let unknown = try await lrs.send("GET", "/xapi/activities/nothing", auth: lrs.admin)
            #expect(unknown.status == 404)
            #expect(unknown.header("X-Experience-API-Version") != nil)
            let delete = try await lrs.send("DELETE", "/xapi/statements", auth: lrs.admin)
            #expect(delete.status == 405)
        }
    }
}
