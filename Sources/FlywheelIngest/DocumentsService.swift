public import FlywheelContracts
public import FlywheelRPC

/// The `flywheel.ingest.v1.Documents` RPC service: the xAPI document resources over a ``DocumentStore``,
/// the Activities and Agents resources over what the ``StatementStore`` learnt, and attachment content
/// over an ``AttachmentStore``.
///
/// Register it with ``accessPolicy``: the gateway reads and writes everything; the operator CLI only reads.
/// Refusals reach the caller as these statuses: INVALID_ARGUMENT for a bad key, hash or unmergeable content,
/// NOT_FOUND for a missing document or Activity, FAILED_PRECONDITION for a failed If-Match / If-None-Match
/// (HTTP 412), ABORTED when a required precondition is missing (HTTP 409), RESOURCE_EXHAUSTED for content
/// over a size limit (HTTP 413).
public struct DocumentsService: IngestV1.Documents.Handler {
    /// Who may call which method.
    public static let accessPolicy = AccessPolicy(
        defaultCallers: [],
        methods: [
            "PutDocument": ["gateway"],
            "GetDocument": ["gateway", "cli"],
            "ListDocuments": ["gateway", "cli"],
            "DeleteDocuments": ["gateway"],
            "GetActivity": ["gateway", "cli"],
            "GetPerson": ["gateway", "cli"],
            "PutAttachments": ["gateway"],
            "GetAttachments": ["gateway", "cli"],
        ])

    /// The State, Activity Profile and Agent Profile documents.
    public let documents: DocumentStore
    /// The statements, for the Activities and Agents resources.
    public let statements: StatementStore
    /// The attachment content.
    public let attachments: AttachmentStore

    /// Creates the service.
    /// - Parameters:
    ///   - documents: An open document store.
    ///   - statements: The open statement store.
    ///   - attachments: An open attachment store.
    public init(documents: DocumentStore, statements: StatementStore, attachments: AttachmentStore) {
        self.documents = documents
        self.statements = statements
        self.attachments = attachments
    }

    /// Stores or merges a document; see ``DocumentStore/put(_:)``.
    public func putDocument(
        _ request: IngestV1.PutDocumentRequest, context: ServerCallContext
    ) async throws -> IngestV1.PutDocumentResponse {
        try await documents.put(request)
    }

    /// One document; see ``DocumentStore/document(_:)``.
    public func getDocument(
        _ request: IngestV1.GetDocumentRequest, context: ServerCallContext
    ) async throws -> IngestV1.GetDocumentResponse {
        IngestV1.GetDocumentResponse(document: try await documents.document(request.key))
    }

    /// The ids of a document set; see ``DocumentStore/documentIDs(_:sinceMicros:)``.
    public func listDocuments(
        _ request: IngestV1.ListDocumentsRequest, context: ServerCallContext
    ) async throws -> IngestV1.ListDocumentsResponse {
        IngestV1.ListDocumentsResponse(
            documentIDS: try await documents.documentIDs(request.key, sinceMicros: request.sinceMicros))
    }

    /// Deletes a document or a State set; see ``DocumentStore/delete(_:ifMatch:)``.
    public func deleteDocuments(
        _ request: IngestV1.DeleteDocumentsRequest, context: ServerCallContext
    ) async throws -> IngestV1.DeleteDocumentsResponse {
        IngestV1.DeleteDocumentsResponse(
            deleted: UInt32(try await documents.delete(request.key, ifMatch: request.ifMatch)))
    }

    /// The canonical Activity object; see ``StatementStore/activity(id:)``.
    public func getActivity(
        _ request: IngestV1.GetActivityRequest, context: ServerCallContext
    ) async throws -> IngestV1.GetActivityResponse {
        guard !request.activityID.isEmpty else {
            throw RPCError(.invalidArgument, "GetActivity needs an activity_id")
        }
        return IngestV1.GetActivityResponse(activityJSON: try await statements.activity(id: request.activityID))
    }

    /// The combined Person object; see ``StatementStore/person(agentKey:)``.
    public func getPerson(
        _ request: IngestV1.GetPersonRequest, context: ServerCallContext
    ) async throws -> IngestV1.GetPersonResponse {
        guard !request.agentKey.isEmpty else {
            throw RPCError(.invalidArgument, "GetPerson needs an agent_key")
        }
        return IngestV1.GetPersonResponse(personJSON: try await statements.person(agentKey: request.agentKey))
    }

    /// Stores attachment content by hash; see ``AttachmentStore/put(_:)``.
    public func putAttachments(
        _ request: IngestV1.PutAttachmentsRequest, context: ServerCallContext
    ) async throws -> IngestV1.PutAttachmentsResponse {
        IngestV1.PutAttachmentsResponse(sha2: try await attachments.put(request.attachments))
    }

    /// The stored attachments among the hashes asked for; see ``AttachmentStore/attachments(_:)``.
    public func getAttachments(
        _ request: IngestV1.GetAttachmentsRequest, context: ServerCallContext
    ) async throws -> IngestV1.GetAttachmentsResponse {
        IngestV1.GetAttachmentsResponse(attachments: try await attachments.attachments(request.sha2))
    }
}
