import FlywheelContracts

/// A validated ``IngestV1/DocumentKey``: the columns that locate one document, or one set of documents.
///
/// Columns a kind does not use hold the empty string, so every document has one primary key of five text
/// columns. Registrations compare lower-cased.
struct DocumentAddress: Sendable, Hashable {
    let kind: IngestV1.DocumentKey.Kind
    let activityID: String
    let agentKey: String
    let registration: String
    /// The stateId or profileId; empty addresses the whole set.
    let documentID: String

    /// Validates a key.
    /// - Parameters:
    ///   - key: The key from the request; nil is refused.
    ///   - needsDocument: Whether the request addresses one document, so `document_id` must be set.
    /// - Throws: `IngestError` with code `invalidKey` naming the missing or contradictory field.
    init(_ key: IngestV1.DocumentKey?, needsDocument: Bool) throws(IngestError) {
        guard let key else {
            throw IngestError(.invalidKey, "the request has no document key")
        }
        switch key.kind {
        case .state:
            guard !key.activityID.isEmpty, !key.agentKey.isEmpty else {
                throw IngestError(.invalidKey, "a State document needs both activity_id and agent_key")
            }
        case .activityProfile:
            guard !key.activityID.isEmpty else {
                throw IngestError(.invalidKey, "an Activity Profile document needs activity_id")
            }
            guard key.agentKey.isEmpty, key.registration.isEmpty else {
                throw IngestError(
                    .invalidKey,
                    "an Activity Profile document is addressed by activity_id alone (no agent, no registration)")
            }
        case .agentProfile:
            guard !key.agentKey.isEmpty else {
                throw IngestError(.invalidKey, "an Agent Profile document needs agent_key")
            }
            guard key.activityID.isEmpty, key.registration.isEmpty else {
                throw IngestError(
                    .invalidKey,
                    "an Agent Profile document is addressed by agent_key alone (no activity, no registration)")
            }
        case .unknown:
            throw IngestError(.invalidKey, "the document key has no kind (State, Activity Profile or Agent Profile)")
        }
        if needsDocument, key.documentID.isEmpty {
            throw IngestError(.invalidKey, "the request addresses one document but document_id is empty")
        }
        kind = key.kind
        activityID = key.activityID
        agentKey = key.agentKey
        registration = key.registration.lowercased()
        documentID = key.documentID
    }

    /// The key as the contract spells it.
    var key: IngestV1.DocumentKey {
        IngestV1.DocumentKey(
            kind: kind, activityID: activityID, agentKey: agentKey, registration: registration, documentID: documentID)
    }

    /// The name of the document kind, for messages.
    var kindName: String {
        switch kind {
        case .state: "State"
        case .activityProfile: "Activity Profile"
        case .agentProfile: "Agent Profile"
        case .unknown: "unknown"
        }
    }
}
