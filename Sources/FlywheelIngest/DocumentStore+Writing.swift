public import FlywheelContracts
import FlywheelStore
import FlywheelXAPI
import Foundation

extension DocumentStore {
    /// Stores a document (PUT) or merges JSON into it (POST), under the request's preconditions.
    ///
    /// Replace stores the content byte for byte with its content type (`application/octet-stream` when none
    /// came). Merge needs `application/json` objects on both sides (the stored document, when there is one,
    /// and the new content): the new top-level members replace the old, the others stay, and the result is
    /// stored as compact JSON. Preconditions are checked against the document as it is inside the write's
    /// transaction; a refused request changes nothing.
    /// - Parameter request: The key, content, mode and preconditions.
    /// - Returns: The new ETag and update time.
    /// - Throws: `IngestError` with code `invalidKey` for an incomplete key, `tooLarge` when the content
    ///   (or the merged result) exceeds ``Options/maximumDocumentBytes``, `preconditionFailed` for a failed
    ///   If-Match / If-None-Match, `preconditionRequired` when `require_precondition` is set, the document
    ///   exists and neither header came, `notMergeable` when a merge side is not a JSON object;
    ///   `DatabaseError` when SQLite fails.
    public func put(_ request: IngestV1.PutDocumentRequest) async throws -> IngestV1.PutDocumentResponse {
        let address = try DocumentAddress(request.key, needsDocument: true)
        let limit = options.maximumDocumentBytes
        guard request.content.count <= limit else {
            throw IngestError(
                .tooLarge,
                "the content of \(Self.describe(address)) is \(request.content.count) bytes; the limit is \(limit)")
        }
        let precondition = DocumentPrecondition(
            ifMatch: request.ifMatch, ifNoneMatch: request.ifNoneMatch, required: request.requirePrecondition)
        var incoming: MergeSide?
        if request.mode == .merge {
            incoming = try Self.mergeSide(request.content, contentType: request.contentType, what: "the posted content")
        }
        let posted = incoming

        return try await database.write { [clock] connection in
            let current = try Self.stored(address, connection: connection)
            try precondition.check(current: current?.etag, description: Self.describe(address))

            var content = request.content
            var contentType = request.contentType.isEmpty ? "application/octet-stream" : request.contentType
            if let posted {
                var merged = JSONObject()
                if let current {
                    let stored = try Self.mergeSide(
                        current.content, contentType: current.contentType, what: "the stored document")
                    merged = stored.object
                }
                for member in posted.object {
                    merged[member.key] = member.value
                }
                content = JSONValue.object(merged).serialized()
                contentType = "application/json"
                guard content.count <= limit else {
                    throw IngestError(
                        .tooLarge,
                        "merging into \(Self.describe(address)) gives \(content.count) bytes; the limit is \(limit)")
                }
            }

            let etag = ContentDigest.etag(of: content)
            let micros = clock.next()
            try connection.prepare(
                """
                INSERT INTO documents (kind, activity_id, agent_key, registration, document_id,
                    content, content_type, etag, updated_micros)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (kind, activity_id, agent_key, registration, document_id) DO UPDATE SET
                    content = excluded.content, content_type = excluded.content_type, etag = excluded.etag,
                    updated_micros = excluded.updated_micros
                """
            ).run(Self.primaryKey(address) + [.blob(content), .text(contentType), .text(etag), .integer(micros)])
            return IngestV1.PutDocumentResponse(etag: etag, updatedMicros: micros)
        }
    }

    /// Deletes one document, or a whole State set.
    ///
    /// With a `document_id` the key names one document and `ifMatch` (when not empty) must match its ETag;
    /// deleting a document that does not exist deletes nothing. Without one, the key must be a State key
    /// and every State document of the activity and agent goes (only those of the key's registration
    /// when it names one).
    /// - Parameters:
    ///   - key: One document, or a State set.
    ///   - ifMatch: The If-Match header value; empty when absent. Only for a single document.
    /// - Returns: How many documents were deleted.
    /// - Throws: `IngestError` with code `invalidKey` for an incomplete key, a profile key without id or
    ///   a set delete with If-Match, `preconditionFailed` when If-Match does not hold; `DatabaseError`.
    public func delete(_ key: IngestV1.DocumentKey?, ifMatch: String) async throws -> Int {
        let address = try DocumentAddress(key, needsDocument: false)
        if address.documentID.isEmpty {
            guard address.kind == .state else {
                throw IngestError(
                    .invalidKey, "an \(address.kindName) delete names one document: document_id is empty")
            }
            guard ifMatch.isEmpty else {
                throw IngestError(.invalidKey, "If-Match applies to one document, not to a State set delete")
            }
            return try await database.write { connection in
                let (condition, arguments) = Self.setCondition(address)
                try connection.prepare("DELETE FROM documents WHERE \(condition)").run(arguments)
                return connection.changes
            }
        }

        let precondition = DocumentPrecondition(ifMatch: ifMatch, ifNoneMatch: "", required: false)
        return try await database.write { connection in
            let current = try Self.stored(address, connection: connection)
            try precondition.check(current: current?.etag, description: Self.describe(address))
            try connection.prepare(
                """
                DELETE FROM documents
                WHERE kind = ? AND activity_id = ? AND agent_key = ? AND registration = ? AND document_id = ?
                """
            ).run(Self.primaryKey(address))
            return connection.changes
        }
    }

    /// One side of a merge: content that is an `application/json` object.
    struct MergeSide: Sendable {
        let object: JSONObject
    }

    /// Reads one side of a merge.
    /// - Throws: `IngestError` with code `notMergeable` naming `what` and why it cannot be merged.
    static func mergeSide(_ content: [UInt8], contentType: String, what: String) throws(IngestError) -> MergeSide {
        guard isJSONContentType(contentType) else {
            let shown = contentType.isEmpty ? "no content type" : "content type \(contentType)"
            throw IngestError(
                .notMergeable, "\(what) has \(shown); a merge needs application/json on both sides")
        }
        let value: JSONValue
        do {
            value = try JSONValue.parse(content)
        } catch {
            throw IngestError(.notMergeable, "\(what) is not valid JSON (\(error)); a merge needs JSON objects")
        }
        guard let object = value.objectValue else {
            throw IngestError(
                .notMergeable, "\(what) is a JSON \(value.typeName), not an object; a merge needs JSON objects")
        }
        return MergeSide(object: object)
    }

    /// Whether a Content-Type names JSON: `application/json`, in any case, with any parameters.
    static func isJSONContentType(_ contentType: String) -> Bool {
        let mediaType = contentType.split(separator: ";", maxSplits: 1).first ?? ""
        return mediaType.trimmingCharacters(in: .whitespaces).lowercased() == "application/json"
    }
}
