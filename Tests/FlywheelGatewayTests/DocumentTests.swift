import FlywheelGateway
import FlywheelXAPI
import Foundation
import Testing

/// The State, Activity Profile and Agent Profile resources, and the Activities and Agents resources,
/// against the real ingest and documents services in process.
@Suite("Document resources with the real ingest service")
struct DocumentTests {
    static let activity = "http://example.com/activities/one"

    private func withRealIngest(_ body: (GatewayHarness) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gateway-docs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try await withGateway(realIngestPath: folder.appendingPathComponent("ingest.sqlite").path, body)
    }

    private func basic(_ lrs: GatewayHarness, _ scopes: [CredentialScope]) async throws -> String {
        let (credential, secret) = try await lrs.credentials.create(name: "docs", scopes: scopes)
        return "Basic " + Data("\(credential.key):\(secret)".utf8).base64EncodedString()
    }

    private func encoded(_ text: String) -> String {
        URLEncodedFormFragment.encode(text)
    }

    private func statePath(_ stateID: String? = nil, agent: String = "ann", registration: String? = nil) -> String {
        var path = "/xapi/activities/state?activityId=\(encoded(Self.activity))"
            + "&agent=\(encoded(Sample.agent(agent).jsonString))"
        if let registration { path += "&registration=\(registration)" }
        if let stateID { path += "&stateId=\(encoded(stateID))" }
        return path
    }

    @Test("a State document round-trips with its content type, ETag and Last-Modified", arguments: ["1.0.3", "2.0.0"])
    func stateRoundTrip(version: String) async throws {
        try await withRealIngest { lrs in
            let content = Data("bookmark=page 7".utf8)
            let put = try await lrs.send(
                "PUT", statePath("bookmark"), body: content, contentType: "text/plain", version: version,
                auth: lrs.admin)
            #expect(put.status == 204, "\(put.text)")
            let etag = try #require(put.header("ETag"))
            #expect(etag.hasPrefix("\"") && etag.hasSuffix("\""))
            let got = try await lrs.send("GET", statePath("bookmark"), version: version, auth: lrs.admin)
            #expect(got.status == 200, "\(got.text)")
            #expect(got.body == content)
            #expect(got.header("Content-Type") == "text/plain")
            #expect(got.header("ETag") == etag)
            #expect(got.header("Last-Modified")?.hasSuffix(" GMT") == true)
            #expect(got.header("X-Experience-API-Version") == version)
        }
    }

    @Test("the agent parameter is read as its canonical key, whatever else the JSON carries")
    func agentCanonical() async throws {
        try await withRealIngest { lrs in
            #expect(try await lrs.send("PUT", statePath("s"), json: ["a": 1], auth: lrs.admin).status == 204)
            let named: JSONValue = ["name": "Ann", "mbox": "mailto:ann@example.com"]
            let path = "/xapi/activities/state?activityId=\(encoded(Self.activity))&agent=\(encoded(named.jsonString))"
                + "&stateId=s"
            let got = try await lrs.send("GET", path, auth: lrs.admin)
            #expect(got.status == 200, "\(got.text)")
            #expect(got.json?["a"]?.numberValue?.integer == 1)
            let other = try await lrs.send("GET", statePath("s", agent: "bob"), auth: lrs.admin)
            #expect(other.status == 404)
            let bad = try await lrs.send(
                "GET", "/xapi/activities/state?activityId=\(encoded(Self.activity))&agent=%7B%7D&stateId=s",
                auth: lrs.admin)
            #expect(bad.status == 400, "\(bad.text)")
        }
    }

    @Test("POST merges JSON State documents and refuses to merge into non-JSON")
    func stateMerge() async throws {
        try await withRealIngest { lrs in
            #expect(try await lrs.send("POST", statePath("m"), json: ["a": 1, "b": 2], auth: lrs.admin).status == 204)
            #expect(try await lrs.send("POST", statePath("m"), json: ["b": 3, "c": 4], auth: lrs.admin).status == 204)
            let merged = try await lrs.send("GET", statePath("m"), auth: lrs.admin).json
            #expect(merged?["a"]?.numberValue?.integer == 1)
            #expect(merged?["b"]?.numberValue?.integer == 3)
            #expect(merged?["c"]?.numberValue?.integer == 4)
            _ = try await lrs.send(
                "PUT", statePath("t"), body: Data("x".utf8), contentType: "text/plain", auth: lrs.admin)
            let refused = try await lrs.send("POST", statePath("t"), json: ["a": 1], auth: lrs.admin)
            #expect(refused.status == 400, "\(refused.text)")
        }
    }

    @Test("GET without stateId lists ids (all registrations unless one is named), filtered by since; DELETE clears")
    func stateListAndDelete() async throws {
        try await withRealIngest { lrs in
            let registration = Sample.uuid()
            #expect(try await lrs.send("PUT", statePath("one"), json: ["n": 1], auth: lrs.admin).status == 204)
            let second = try await lrs.send("PUT", statePath("two"), json: ["n": 2], auth: lrs.admin)
            #expect(second.status == 204)
            let inRegistration = try await lrs.send(
                "PUT", statePath("three", registration: registration), json: ["n": 3], auth: lrs.admin)
            #expect(inRegistration.status == 204)
            let listed = try await lrs.send("GET", statePath(), auth: lrs.admin)
            #expect(listed.status == 200)
            let ids = Set(listed.json?.arrayValue?.compactMap(\.stringValue) ?? [])
            #expect(ids == ["one", "two", "three"])
            let registered = try await lrs.send("GET", statePath(registration: registration), auth: lrs.admin)
            #expect(registered.json?.arrayValue?.compactMap(\.stringValue) == ["three"])

            let future = try await lrs.send("GET", statePath() + "&since=2999-01-01T00:00:00Z", auth: lrs.admin)
            #expect(future.json?.arrayValue?.isEmpty == true, "\(future.text)")
            let past = try await lrs.send("GET", statePath() + "&since=2000-01-01T00:00:00Z", auth: lrs.admin)
            #expect(past.json?.arrayValue?.count == 3)
            let badSince = try await lrs.send("GET", statePath() + "&since=yesterday", auth: lrs.admin)
            #expect(badSince.status == 400)

            #expect(try await lrs.send("DELETE", statePath("one"), auth: lrs.admin).status == 204)
            #expect(try await lrs.send("GET", statePath("one"), auth: lrs.admin).status == 404)
            #expect(try await lrs.send("DELETE", statePath(), auth: lrs.admin).status == 204)
            #expect(try await lrs.send("GET", statePath("two"), auth: lrs.admin).status == 404)
            let left = try await lrs.send("GET", statePath(registration: registration), auth: lrs.admin)
            #expect(left.json?.arrayValue?.isEmpty == true, "\(left.text)")
        }
    }

    @Test("profile PUT needs a precondition to overwrite; If-Match and If-None-Match pass through")
    func profileConcurrency() async throws {
        try await withRealIngest { lrs in
            let path = "/xapi/activities/profile?activityId=\(encoded(Self.activity))&profileId=p"
            let created = try await lrs.send("PUT", path, json: ["v": 1], auth: lrs.admin)
            #expect(created.status == 204, "\(created.text)")
            let etag = try #require(created.header("ETag"))
            let blind = try await lrs.send("PUT", path, json: ["v": 2], auth: lrs.admin)
            #expect(blind.status == 409, "\(blind.text)")
            let stale = try await lrs.send(
                "PUT", path, json: ["v": 2], auth: lrs.admin, headers: ["If-Match": "\"0\""])
            #expect(stale.status == 412, "\(stale.text)")
            let exists = try await lrs.send(
                "PUT", path, json: ["v": 2], auth: lrs.admin, headers: ["If-None-Match": "*"])
            #expect(exists.status == 412)
            let matched = try await lrs.send("PUT", path, json: ["v": 2], auth: lrs.admin, headers: ["If-Match": etag])
            #expect(matched.status == 204, "\(matched.text)")
            #expect(try await lrs.send("GET", path, auth: lrs.admin).json?["v"]?.numberValue?.integer == 2)
            let noID = try await lrs.send("DELETE", "/xapi/activities/profile?activityId=\(encoded(Self.activity))",
                                          auth: lrs.admin)
            #expect(noID.status == 400)
            #expect(try await lrs.send("DELETE", path, auth: lrs.admin).status == 204)
            #expect(try await lrs.send("GET", path, auth: lrs.admin).status == 404)
        }
    }

    @Test("agent profiles are addressed by agent and profileId and listed per agent")
    func agentProfile() async throws {
        try await withRealIngest { lrs in
            let ann = encoded(Sample.agent("ann").jsonString)
            let bob = encoded(Sample.agent("bob").jsonString)
            let path = "/xapi/agents/profile?agent=\(ann)&profileId=prefs"
            #expect(try await lrs.send("PUT", path, json: ["lang": "fr"], auth: lrs.admin).status == 204)
            #expect(try await lrs.send("GET", path, auth: lrs.admin).json?["lang"]?.stringValue == "fr")
            let listed = try await lrs.send("GET", "/xapi/agents/profile?agent=\(ann)", auth: lrs.admin)
            #expect(listed.json?.arrayValue?.compactMap(\.stringValue) == ["prefs"])
            let others = try await lrs.send("GET", "/xapi/agents/profile?agent=\(bob)", auth: lrs.admin)
            #expect(others.json?.arrayValue?.isEmpty == true)
            let missing = try await lrs.send("GET", "/xapi/agents/profile?profileId=prefs", auth: lrs.admin)
            #expect(missing.status == 400, "\(missing.text)")
            let stray = try await lrs.send("GET", path + "&stateId=x", auth: lrs.admin)
            #expect(stray.status == 400)
        }
    }

    @Test("scopes: state and profile write their own resource, all/read reads, others get 403")
    func scopes() async throws {
        try await withRealIngest { lrs in
            let state = try await basic(lrs, [.state])
            let profile = try await basic(lrs, [.profile])
            let allRead = try await basic(lrs, [.allRead])
            let profilePath = "/xapi/activities/profile?activityId=\(encoded(Self.activity))&profileId=p"
            #expect(try await lrs.send("PUT", statePath("s"), json: ["a": 1], auth: state).status == 204)
            #expect(try await lrs.send("PUT", profilePath, json: ["a": 1], auth: state).status == 403)
            #expect(try await lrs.send("PUT", profilePath, json: ["a": 1], auth: profile).status == 204)
            #expect(try await lrs.send("GET", statePath("s"), auth: profile).status == 403)
            #expect(try await lrs.send("GET", statePath("s"), auth: allRead).status == 200)
            #expect(try await lrs.send("GET", profilePath, auth: allRead).status == 200)
            #expect(try await lrs.send("PUT", statePath("s"), json: ["a": 2], auth: allRead).status == 403)
            #expect(try await lrs.send("GET", statePath("s"), auth: lrs.writer).status == 403)
            #expect(try await lrs.send("GET", statePath("s")).status == 401)
        }
    }

    @Test("a missing document is 404 and a bad registration or activityId is 400")
    func refusals() async throws {
        try await withRealIngest { lrs in
            #expect(try await lrs.send("GET", statePath("none"), auth: lrs.admin).status == 404)
            let badRegistration = try await lrs.send("GET", statePath("s", registration: "nope"), auth: lrs.admin)
            #expect(badRegistration.status == 400)
            let badActivity = try await lrs.send(
                "GET", "/xapi/activities/profile?activityId=not%20an%20iri&profileId=p", auth: lrs.admin)
            #expect(badActivity.status == 400, "\(badActivity.text)")
            let noStateID = try await lrs.send("PUT", statePath(), json: ["a": 1], auth: lrs.admin)
            #expect(noStateID.status == 400)
            let patch = try await lrs.send("PATCH", statePath("s"), json: ["a": 1], auth: lrs.admin)
            #expect(patch.status == 405)
        }
    }

    @Test("the Activities resource answers the Activity learnt from statements; define reads it")
    func activities() async throws {
        try await withRealIngest { lrs in
            try await lrs.post([Sample.statement()])
            let define = try await basic(lrs, [.define])
            let path = "/xapi/activities?activityId=\(encoded(Self.activity))"
            let got = try await lrs.send("GET", path, auth: define)
            #expect(got.status == 200, "\(got.text)")
            #expect(got.json?["id"]?.stringValue == Self.activity)
            #expect(got.json?["definition"]?["name"]?["en-US"]?.stringValue == "One")
            let unknown = "/xapi/activities?activityId=\(encoded("http://example.com/never"))"
            #expect(try await lrs.send("GET", unknown, auth: define).status == 404)
            #expect(try await lrs.send("GET", path, auth: lrs.writer).status == 403)
        }
    }

    @Test("the Agents resource answers a Person object combining what statements said")
    func agents() async throws {
        try await withRealIngest { lrs in
            var statement = Sample.statement()
            if case .object(var fields) = statement {
                fields["actor"] = ["objectType": "Agent", "name": "Ann Lee", "mbox": "mailto:ann@example.com"]
                statement = .object(fields)
            }
            try await lrs.post([statement])
            let path = "/xapi/agents?agent=\(encoded(Sample.agent("ann").jsonString))"
            let got = try await lrs.send("GET", path, auth: lrs.admin)
            #expect(got.status == 200, "\(got.text)")
            #expect(got.json?["objectType"]?.stringValue == "Person")
            #expect(got.json?["name"]?.arrayValue?.first?.stringValue == "Ann Lee")
            #expect(got.json?["mbox"]?.arrayValue?.first?.stringValue == "mailto:ann@example.com")
            #expect(try await lrs.send("GET", "/xapi/agents", auth: lrs.admin).status == 400)
            #expect(try await lrs.send("PUT", path, json: ["a": 1], auth: lrs.admin).status == 405)
        }
    }
}
