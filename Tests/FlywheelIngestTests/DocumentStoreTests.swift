import FlywheelContracts
import FlywheelIngest
import FlywheelRPC
import FlywheelXAPI
import Foundation
import Testing

@Suite("Document store: content, ETags, merge, listing and deletes")
struct DocumentStoreTests {
    @Test("non-JSON content comes back byte for byte with its content type, every byte value included")
    func binaryRoundTrip() async throws {
        let fixture = try DocumentsFixture()
        let content = (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let put = try await fixture.put(Keys.state("blob"), content, contentType: "application/octet-stream")
        let document = try await fixture.get(Keys.state("blob"))
        #expect(document.content == content)
        #expect(document.contentType == "application/octet-stream")
        #expect(document.etag == put.etag)
        #expect(document.updatedMicros == put.updatedMicros)
        #expect(document.key?.documentID == "blob")

        try await fixture.put(Keys.agentProfile("empty"), [], contentType: "text/plain")
        let empty = try await fixture.get(Keys.agentProfile("empty"))
        #expect(empty.content.isEmpty)
        #expect(empty.contentType == "text/plain")
        await fixture.close()
    }

    @Test("the ETag is the quoted lower-case SHA-1 of the content and changes with it, the update time grows")
    func etags() async throws {
        let fixture = try DocumentsFixture()
        let first = try await fixture.put(Keys.activityProfile("p"), "abc".bytes, contentType: "text/plain")
        #expect(first.etag == "\"a9993e364706816aba3e25717850c26c9cd0d89d\"")
        let second = try await fixture.put(Keys.activityProfile("p"), "abd".bytes, contentType: "text/plain")
        #expect(second.etag != first.etag)
        #expect(second.updatedMicros > first.updatedMicros)
        #expect(try await fixture.get(Keys.activityProfile("p")).etag == second.etag)
        let same = try await fixture.put(Keys.activityProfile("p"), "abd".bytes, contentType: "text/plain")
        #expect(same.etag == second.etag)
        await fixture.close()
    }

    @Test("a merge sets the posted top-level members over the stored ones and keeps the others")
    func mergeObjects() async throws {
        let fixture = try DocumentsFixture()
        let key = Keys.state("vars")
        try await fixture.put(key, #"{"x":"foo","y":"bar","nested":{"a":1}}"#.bytes)
        try await fixture.put(key, #"{"x":"bash","z":"faz","nested":{"b":2}}"#.bytes, mode: .merge)
        let merged = try await fixture.json(key)
        #expect(merged == ["x": "bash", "y": "bar", "z": "faz", "nested": ["b": 2]])
        #expect(try await fixture.get(key).contentType == "application/json")
        await fixture.close()
    }

    @Test("a merge into a missing document stores the posted object, with a charset parameter accepted")
    func mergeCreates() async throws {
        let fixture = try DocumentsFixture()
        let key = Keys.agentProfile("new")
        try await fixture.put(key, #"{"a":1}"#.bytes, contentType: "Application/JSON; charset=utf-8", mode: .merge)
        #expect(try await fixture.json(key) == ["a": 1])
        await fixture.close()
    }

    @Test("a merge is refused with INVALID_ARGUMENT when either side is not an application/json object")
    func mergeRefusals() async throws {
        let fixture = try DocumentsFixture()
        let json = Keys.state("json")
        let text = Keys.state("text")
        try await fixture.put(json, #"{"a":1}"#.bytes)
        try await fixture.put(text, "plain words".bytes, contentType: "text/plain")
        let before = try await fixture.get(json)

        let refusals: [(IngestV1.DocumentKey, String, String)] = [
            (json, #"{"b":2}"#, "text/plain"),
            (json, "[1,2]", "application/json"),
            (json, "{not json", "application/json"),
            (text, #"{"b":2}"#, "application/json"),
        ]
        for (key, content, contentType) in refusals {
            await #expect {
                try await fixture.put(key, content.bytes, contentType: contentType, mode: .merge)
            } throws: { isRPCError($0, .invalidArgument) }
        }
        #expect(try await fixture.get(json) == before)
        #expect(try await fixture.get(text).content == "plain words".bytes)
        await fixture.close()
    }

    @Test("If-Match that differs or names a missing document fails with FAILED_PRECONDITION and changes nothing")
    func ifMatchFailures() async throws {
        let fixture = try DocumentsFixture()
        let key = Keys.activityProfile("guarded")
        let put = try await fixture.put(key, #"{"v":1}"#.bytes)
        await #expect {
            try await fixture.put(key, #"{"v":2}"#.bytes, ifMatch: "\"0000000000000000000000000000000000000000\"")
        } throws: { isRPCError($0, .failedPrecondition) }
        await #expect {
            try await fixture.put(Keys.activityProfile("absent"), #"{}"#.bytes, ifMatch: "*")
        } throws: { isRPCError($0, .failedPrecondition) }
        #expect(try await fixture.get(key).etag == put.etag)
        await #expect {
            _ = try await fixture.get(Keys.activityProfile("absent"))
        } throws: { isRPCError($0, .notFound) }

        let updated = try await fixture.put(key, #"{"v":3}"#.bytes, ifMatch: put.etag)
        #expect(try await fixture.get(key).etag == updated.etag)
        try await fixture.put(key, #"{"v":4}"#.bytes, ifMatch: "*")
        #expect(try await fixture.json(key) == ["v": 4])
        await fixture.close()
    }

    @Test("If-None-Match * fails with FAILED_PRECONDITION on an existing document and creates a missing one")
    func ifNoneMatch() async throws {
        let fixture = try DocumentsFixture()
        let key = Keys.agentProfile("once")
        try await fixture.put(key, #"{"v":1}"#.bytes, ifNoneMatch: "*")
        await #expect {
            try await fixture.put(key, #"{"v":2}"#.bytes, ifNoneMatch: "*")
        } throws: { isRPCError($0, .failedPrecondition) }
        let etag = try await fixture.get(key).etag
        await #expect {
            try await fixture.put(key, #"{"v":2}"#.bytes, ifNoneMatch: etag)
        } throws: { isRPCError($0, .failedPrecondition) }
        #expect(try await fixture.json(key) == ["v": 1])
        await fixture.close()
    }

    @Test("require_precondition answers ABORTED for an existing document without headers, not for a new one")
    func preconditionRequired() async throws {
        let fixture = try DocumentsFixture()
        let key = Keys.activityProfile("profile")
        let created = try await fixture.put(key, #"{"v":1}"#.bytes, requirePrecondition: true)
        await #expect {
            try await fixture.put(key, #"{"v":2}"#.bytes, requirePrecondition: true)
        } throws: { isRPCError($0, .aborted) }
        #expect(try await fixture.get(key).etag == created.etag)
        try await fixture.put(key, #"{"v":3}"#.bytes, ifMatch: created.etag, requirePrecondition: true)
        #expect(try await fixture.json(key) == ["v": 3])
        await fixture.close()
    }

    @Test("listing returns the ids of one set, and since keeps only documents updated strictly after it")
    func listingSince() async throws {
        let fixture = try DocumentsFixture()
        try await fixture.put(Keys.state("b"), "1".bytes)
        let a = try await fixture.put(Keys.state("a"), "1".bytes)
        try await fixture.put(Keys.state("c", registration: Keys.registration), "1".bytes)
        try await fixture.put(Keys.state("other", agent: "mbox:mailto:bob@example.com"), "1".bytes)
        try await fixture.put(Keys.activityProfile("profile"), "1".bytes)

        #expect(try await fixture.ids(Keys.state("")) == ["a", "b", "c"])
        #expect(try await fixture.ids(Keys.state("", registration: Keys.registration.uppercased())) == ["c"])
        #expect(try await fixture.ids(Keys.state(""), since: a.updatedMicros) == ["c"])
        #expect(try await fixture.ids(Keys.activityProfile("")) == ["profile"])
        #expect(try await fixture.ids(Keys.agentProfile("")) == [])

        try await fixture.put(Keys.state("b"), "2".bytes)
        #expect(try await fixture.ids(Keys.state(""), since: a.updatedMicros) == ["b", "c"])
        await fixture.close()
    }

    @Test("a registration is part of a State document's key: with and without it are two documents")
    func registrationScopesState() async throws {
        let fixture = try DocumentsFixture()
        try await fixture.put(Keys.state("s"), "plain".bytes, contentType: "text/plain")
        let scoped = Keys.state("s", registration: Keys.registration)
        try await fixture.put(scoped, "scoped".bytes, contentType: "text/plain")
        #expect(try await fixture.get(Keys.state("s")).content == "plain".bytes)
        #expect(try await fixture.get(scoped).content == "scoped".bytes)
        await fixture.close()
    }

    @Test("a State set delete removes one registration's documents, or all of the activity and agent")
    func setDelete() async throws {
        let fixture = try DocumentsFixture()
        try await fixture.put(Keys.state("a"), "1".bytes)
        try await fixture.put(Keys.state("b", registration: Keys.registration), "1".bytes)
        try await fixture.put(Keys.state("c", registration: Keys.registration), "1".bytes)
        try await fixture.put(Keys.state("kept", agent: "mbox:mailto:bob@example.com"), "1".bytes)

        let scoped = try await fixture.gateway.deleteDocuments(
            .init(key: Keys.state("", registration: Keys.registration)))
        #expect(scoped.deleted == 2)
        #expect(try await fixture.ids(Keys.state("")) == ["a"])
        let all = try await fixture.gateway.deleteDocuments(.init(key: Keys.state("")))
        #expect(all.deleted == 1)
        #expect(try await fixture.ids(Keys.state("")) == [])
        #expect(try await fixture.ids(Keys.state("", agent: "mbox:mailto:bob@example.com")) == ["kept"])
        await fixture.close()
    }

    @Test("a single delete honours If-Match, and a profile delete without id is refused")
    func singleDelete() async throws {
        let fixture = try DocumentsFixture()
        let key = Keys.agentProfile("p")
        let put = try await fixture.put(key, "1".bytes)
        await #expect {
            _ = try await fixture.gateway.deleteDocuments(.init(key: key, ifMatch: "\"nope\""))
        } throws: { isRPCError($0, .failedPrecondition) }
        #expect(try await fixture.ids(Keys.agentProfile("")) == ["p"])
        await #expect {
            _ = try await fixture.gateway.deleteDocuments(.init(key: Keys.agentProfile("")))
        } throws: { isRPCError($0, .invalidArgument) }
        #expect(try await fixture.gateway.deleteDocuments(.init(key: key, ifMatch: put.etag)).deleted == 1)
        #expect(try await fixture.gateway.deleteDocuments(.init(key: key)).deleted == 0)
        await fixture.close()
    }

    @Test("content over the size limit is refused with RESOURCE_EXHAUSTED and leaves the store unchanged")
    func sizeLimit() async throws {
        let fixture = try DocumentsFixture(maximumDocumentBytes: 64)
        let key = Keys.state("limited")
        let put = try await fixture.put(key, #"{"a":"0123456789012345678901234567890123456789"}"#.bytes)
        await #expect {
            try await fixture.put(key, [UInt8](repeating: 65, count: 65), contentType: "text/plain")
        } throws: { isRPCError($0, .resourceExhausted) }
        await #expect {
            try await fixture.put(key, #"{"b":"01234567890123456789"}"#.bytes, mode: .merge)
        } throws: { isRPCError($0, .resourceExhausted) }
        await #expect {
            try await fixture.put(Keys.state("new"), [UInt8](repeating: 65, count: 65), contentType: "text/plain")
        } throws: { isRPCError($0, .resourceExhausted) }
        #expect(try await fixture.get(key).etag == put.etag)
        #expect(try await fixture.ids(Keys.state("")) == ["limited"])
        try await fixture.put(Keys.state("edge"), [UInt8](repeating: 65, count: 64), contentType: "text/plain")
        await fixture.close()
    }

    @Test("incomplete or contradictory keys are refused with INVALID_ARGUMENT")
    func invalidKeys() async throws {
        let fixture = try DocumentsFixture()
        let keys: [IngestV1.DocumentKey] = [
            IngestV1.DocumentKey(kind: .unknown, activityID: Keys.activity, documentID: "x"),
            IngestV1.DocumentKey(kind: .state, activityID: Keys.activity, documentID: "x"),
            IngestV1.DocumentKey(
                kind: .activityProfile, activityID: Keys.activity, agentKey: Keys.ann, documentID: "x"),
            IngestV1.DocumentKey(kind: .agentProfile, activityID: Keys.activity, agentKey: Keys.ann, documentID: "x"),
            Keys.state(""),
        ]
        for key in keys {
            await #expect {
                try await fixture.put(key, "1".bytes)
            } throws: { isRPCError($0, .invalidArgument) }
        }
        await fixture.close()
    }

    @Test("the CLI may read documents but not write or delete them; other services may do neither")
    func accessPolicy() async throws {
        let fixture = try DocumentsFixture()
        try await fixture.put(Keys.state("s"), "1".bytes)
        let cli = fixture.client(as: "cli")
        #expect(try await cli.getDocument(.init(key: Keys.state("s"))).document?.content == "1".bytes)
        await #expect {
            _ = try await cli.putDocument(.init(key: Keys.state("s"), content: "2".bytes))
        } throws: { isRPCError($0, .permissionDenied) }
        await #expect {
            _ = try await cli.deleteDocuments(.init(key: Keys.state("s")))
        } throws: { isRPCError($0, .permissionDenied) }
        await #expect {
            _ = try await fixture.client(as: "intelligence").getDocument(.init(key: Keys.state("s")))
        } throws: { isRPCError($0, .permissionDenied) }
        #expect(try await fixture.get(Keys.state("s")).content == "1".bytes)
        await fixture.close()
    }
}
