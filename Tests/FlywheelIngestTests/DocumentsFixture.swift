import FlywheelContracts
import FlywheelIngest
import FlywheelRPC
import FlywheelXAPI
import Foundation

/// A statement store, a document store and an attachment store in a scratch folder, served by an
/// in-process RPC server with both ingest services, and clients calling as the gateway.
final class DocumentsFixture: Sendable {
    let folder: URL
    let statementStore: StatementStore
    let documentStore: DocumentStore
    let attachmentStore: AttachmentStore
    let server: RPCServer
    /// The Documents service, called as the gateway.
    let gateway: IngestV1.Documents.Client
    /// The Ingest service, called as the gateway.
    let ingest: IngestV1.Ingest.Client

    init(maximumDocumentBytes: Int = 16 << 20, maximumAttachmentBytes: Int = 16 << 20) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("documents-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        statementStore = try StatementStore(path: folder.appendingPathComponent("ingest.sqlite").path)
        documentStore = try DocumentStore(
            path: folder.appendingPathComponent("documents.sqlite").path,
            options: DocumentStore.Options(maximumDocumentBytes: maximumDocumentBytes))
        attachmentStore = try AttachmentStore(
            path: folder.appendingPathComponent("attachments.sqlite").path,
            options: AttachmentStore.Options(maximumAttachmentBytes: maximumAttachmentBytes))
        server = RPCServer()
        server.register(IngestService(store: statementStore).rpcService, policy: IngestService.accessPolicy)
        let documents = DocumentsService(
            documents: documentStore, statements: statementStore, attachments: attachmentStore)
        server.register(documents.rpcService, policy: DocumentsService.accessPolicy)
        gateway = IngestV1.Documents.Client(channel: server.inProcessChannel(identity: "gateway"))
        ingest = IngestV1.Ingest.Client(channel: server.inProcessChannel(identity: "gateway"))
    }

    /// A Documents client calling as `identity`.
    func client(as identity: String) -> IngestV1.Documents.Client {
        IngestV1.Documents.Client(channel: server.inProcessChannel(identity: identity))
    }

    /// Closes every store and deletes the folder.
    func close() async {
        server.closeAll()
        await statementStore.close()
        await documentStore.close()
        await attachmentStore.close()
        try? FileManager.default.removeItem(at: folder)
    }

    /// Stores statements through the Ingest service.
    func store(_ statements: [JSONValue]) async throws {
        _ = try await ingest.storeStatements(
            IngestV1.StoreStatementsRequest(statements: statements.map { $0.serialized() }))
    }

    /// Puts a document and returns the response.
    @discardableResult
    func put(
        _ key: IngestV1.DocumentKey, _ content: [UInt8], contentType: String = "application/json",
        mode: IngestV1.PutDocumentRequest.Mode = .replace, ifMatch: String = "", ifNoneMatch: String = "",
        requirePrecondition: Bool = false
    ) async throws -> IngestV1.PutDocumentResponse {
        try await gateway.putDocument(
            IngestV1.PutDocumentRequest(
                key: key, content: content, contentType: contentType, mode: mode, ifMatch: ifMatch,
                ifNoneMatch: ifNoneMatch, requirePrecondition: requirePrecondition))
    }

    /// The stored document at `key`.
    func get(_ key: IngestV1.DocumentKey) async throws -> IngestV1.Document {
        let response = try await gateway.getDocument(IngestV1.GetDocumentRequest(key: key))
        guard let document = response.document else { throw RPCError(.internal, "GetDocument returned no document") }
        return document
    }

    /// The stored document at `key`, parsed as JSON.
    func json(_ key: IngestV1.DocumentKey) async throws -> JSONValue {
        try JSONValue.parse(try await get(key).content)
    }

    /// The ids of the set `key` names.
    func ids(_ key: IngestV1.DocumentKey, since: Int64 = 0) async throws -> [String] {
        try await gateway.listDocuments(IngestV1.ListDocumentsRequest(key: key, sinceMicros: since)).documentIDS
    }
}

/// Document keys for the tests.
enum Keys {
    static let activity = "https://example.com/activities/course"
    static let ann = "mbox:mailto:ann@example.com"
    static let registration = "6f0b5e4c-1d2a-4c3b-9a8e-7d6c5b4a3f21"

    static func state(
        _ id: String, activity: String = activity, agent: String = ann, registration: String = ""
    ) -> IngestV1.DocumentKey {
        IngestV1.DocumentKey(
            kind: .state, activityID: activity, agentKey: agent, registration: registration, documentID: id)
    }

    static func activityProfile(_ id: String, activity: String = activity) -> IngestV1.DocumentKey {
        IngestV1.DocumentKey(kind: .activityProfile, activityID: activity, documentID: id)
    }

    static func agentProfile(_ id: String, agent: String = ann) -> IngestV1.DocumentKey {
        IngestV1.DocumentKey(kind: .agentProfile, agentKey: agent, documentID: id)
    }
}

extension String {
    /// The UTF-8 bytes.
    var bytes: [UInt8] { Array(utf8) }
}
