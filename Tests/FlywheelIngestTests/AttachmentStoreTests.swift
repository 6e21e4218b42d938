import FlywheelContracts
import FlywheelIngest
import FlywheelRPC
import Testing

@Suite("Attachment store")
struct AttachmentStoreTests {
    static let abcSHA256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    static let emptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    @Test("attachments put under their SHA-256 come back byte for byte in request order; unknown ones are left out")
    func putAndGet() async throws {
        let fixture = try DocumentsFixture()
        let put = try await fixture.gateway.putAttachments(
            .init(attachments: [
                .init(sha2: Self.abcSHA256.uppercased(), contentType: "text/plain", content: "abc".bytes),
                .init(sha2: Self.emptySHA256, content: []),
            ]))
        #expect(put.sha2 == [Self.abcSHA256, Self.emptySHA256])

        let unknown = String(repeating: "0", count: 64)
        let got = try await fixture.gateway.getAttachments(
            .init(sha2: [Self.emptySHA256, unknown, Self.abcSHA256, Self.abcSHA256]))
        #expect(
            got.attachments == [
                .init(sha2: Self.emptySHA256, contentType: "application/octet-stream", content: []),
                .init(sha2: Self.abcSHA256, contentType: "text/plain", content: "abc".bytes),
            ])
        await fixture.close()
    }

    @Test("content whose hash differs from its sha2 is refused with INVALID_ARGUMENT and none of the batch is kept")
    func hashMismatch() async throws {
        let fixture = try DocumentsFixture()
        let batch: [IngestV1.Attachment] = [
            .init(sha2: Self.abcSHA256, contentType: "text/plain", content: "abc".bytes),
            .init(sha2: Self.abcSHA256, contentType: "text/plain", content: "abd".bytes),
        ]
        await #expect {
            _ = try await fixture.gateway.putAttachments(.init(attachments: batch))
        } throws: { isRPCError($0, .invalidArgument) }
        await #expect {
            _ = try await fixture.gateway.putAttachments(.init(attachments: [.init(sha2: "abc", content: "abc".bytes)]))
        } throws: { isRPCError($0, .invalidArgument) }
        #expect(try await fixture.gateway.getAttachments(.init(sha2: [Self.abcSHA256])).attachments.isEmpty)
        await fixture.close()
    }

    @Test("content over the limit is refused with RESOURCE_EXHAUSTED and not stored")
    func sizeLimit() async throws {
        let fixture = try DocumentsFixture(maximumAttachmentBytes: 2)
        await #expect {
            _ = try await fixture.gateway.putAttachments(
                .init(attachments: [.init(sha2: Self.abcSHA256, content: "abc".bytes)]))
        } throws: { isRPCError($0, .resourceExhausted) }
        #expect(try await fixture.gateway.getAttachments(.init(sha2: [Self.abcSHA256])).attachments.isEmpty)
        await fixture.close()
    }

    @Test("putting the same content again is a no-op that keeps the first content type")
    func idempotentPut() async throws {
        let fixture = try DocumentsFixture()
        let first = IngestV1.Attachment(sha2: Self.abcSHA256, contentType: "text/plain", content: "abc".bytes)
        #expect(try await fixture.gateway.putAttachments(.init(attachments: [first])).sha2 == [Self.abcSHA256])
        let again = IngestV1.Attachment(sha2: Self.abcSHA256, contentType: "application/x-other", content: "abc".bytes)
        #expect(try await fixture.gateway.putAttachments(.init(attachments: [again, again])).sha2.count == 2)
        let stored = try await fixture.gateway.getAttachments(.init(sha2: [Self.abcSHA256])).attachments
        #expect(stored == [first])
        await #expect {
            _ = try await fixture.client(as: "cli").putAttachments(.init(attachments: [first]))
        } throws: { isRPCError($0, .permissionDenied) }
        await fixture.close()
    }
}
