public import FlywheelContracts
public import FlywheelStore

/// The xAPI document resources of the LRS: State, Activity Profile and Agent Profile documents, each
/// stored byte for byte with its content type, a quoted SHA-1 ETag and the time it was last updated.
///
/// One SQLite file owned by ingest. Every write reads the current document, checks the request's
/// preconditions and stores the result in one transaction on the single writer, so concurrent conditional
/// writes to one document are serialized and exactly one of several writers holding the same ETag wins.
public final class DocumentStore: Sendable {
    /// How the store is tuned; every default is visible in the initializer.
    public struct Options: Sendable {
        /// The largest document content accepted, in bytes (also the limit on the result of a merge).
        public var maximumDocumentBytes: Int
        /// The SQLite settings.
        public var database: Database.Options

        /// Creates options.
        /// - Parameters:
        ///   - maximumDocumentBytes: 16 MiB per document.
        ///   - database: FlywheelStore's defaults (synchronous FULL).
        public init(maximumDocumentBytes: Int = 16 << 20, database: Database.Options = Database.Options()) {
            self.maximumDocumentBytes = maximumDocumentBytes
            self.database = database
        }
    }

    /// The SQLite file.
    public let path: String
    let options: Options
    let database: Database
    let clock: StoredClock

    /// Opens (creating if needed) the document store at `path`.
    ///
    /// Blocks while it opens the file and brings the schema up to date: call it from start-up code.
    /// - Parameters:
    ///   - path: The SQLite file.
    ///   - options: How to tune the store.
    /// - Throws: `DatabaseError` when the file cannot be opened or is not this store's.
    public init(path: String, options: Options = Options()) throws {
        let database = try Database(path: path, options: options.database, migrations: Self.migrations)
        let last = try database.readBlocking { connection in
            try connection.query("SELECT max(updated_micros) FROM documents").first?[0].integerValue ?? 0
        }
        self.path = path
        self.options = options
        self.database = database
        self.clock = StoredClock(after: last)
    }

    /// Lets queued work finish and closes the file.
    public func close() async {
        await database.close()
    }

    /// One document with its content, content type, ETag and update time.
    ///
    /// - Parameter key: A key naming one document.
    /// - Returns: The document.
    /// - Throws: `IngestError` with code `invalidKey` for an incomplete key, `notFound` when no document
    ///   has the key; `DatabaseError` when SQLite fails.
    public func document(_ key: IngestV1.DocumentKey?) async throws -> IngestV1.Document {
        let address = try DocumentAddress(key, needsDocument: true)
        let found = try await database.read { connection in
            try Self.stored(address, connection: connection)
        }
        guard let found else {
            throw IngestError(.notFound, "no \(Self.describe(address))")
        }
        return IngestV1.Document(
            key: address.key, content: found.content, contentType: found.contentType, etag: found.etag,
            updatedMicros: found.updatedMicros)
    }

    /// The ids of a set of documents, in id order.
    ///
    /// A State set is an activity and an agent, narrowed to one registration when the key names one; a
    /// profile set is an activity or an agent. The key's `document_id` is ignored.
    /// - Parameters:
    ///   - key: The set.
    ///   - sinceMicros: Only documents updated strictly after this time; 0 for all.
    /// - Returns: The document ids.
    /// - Throws: `IngestError` with code `invalidKey` for an incomplete key; `DatabaseError`.
    public func documentIDs(_ key: IngestV1.DocumentKey?, sinceMicros: Int64) async throws -> [String] {
        let address = try DocumentAddress(key, needsDocument: false)
        return try await database.read { connection in
            let (condition, arguments) = Self.setCondition(address)
            var ids: [String] = []
            try connection.prepare(
                "SELECT document_id FROM documents WHERE \(condition) AND updated_micros > ? ORDER BY document_id"
            ).forEachRow(arguments + [.integer(sinceMicros)]) { row in
                ids.append(row.string(at: 0) ?? "")
            }
            return ids
        }
    }

    /// A stored document's content and metadata.
    struct StoredDocument: Sendable {
        var content: [UInt8]
        var contentType: String
        var etag: String
        var updatedMicros: Int64
    }

    /// The document at `address`, or nil.
    static func stored(_ address: DocumentAddress, connection: Connection) throws -> StoredDocument? {
        var found: StoredDocument?
        try connection.prepare(
            """
            SELECT content, content_type, etag, updated_micros FROM documents
            WHERE kind = ? AND activity_id = ? AND agent_key = ? AND registration = ? AND document_id = ?
            """
        ).forEachRow(primaryKey(address)) { row in
            found = StoredDocument(
                content: row.bytes(at: 0) ?? [], contentType: row.string(at: 1) ?? "", etag: row.string(at: 2) ?? "",
                updatedMicros: row.int64(at: 3))
        }
        return found
    }

    /// The five key columns of `address`, in primary-key order.
    static func primaryKey(_ address: DocumentAddress) -> [DatabaseValue] {
        [
            .integer(Int64(address.kind.rawValue)), .text(address.activityID), .text(address.agentKey),
            .text(address.registration), .text(address.documentID),
        ]
    }

    /// The WHERE condition selecting the set `address` names, with its arguments.
    ///
    /// A State set without registration spans every registration, as the multiple-document State requests
    /// of xAPI do; a single State document without registration is the one stored without.
    static func setCondition(_ address: DocumentAddress) -> (String, [DatabaseValue]) {
        var condition = "kind = ? AND activity_id = ? AND agent_key = ?"
        var arguments: [DatabaseValue] = [
            .integer(Int64(address.kind.rawValue)), .text(address.activityID), .text(address.agentKey),
        ]
        if !address.registration.isEmpty {
            condition += " AND registration = ?"
            arguments.append(.text(address.registration))
        }
        return (condition, arguments)
    }

    /// Names a document for messages: its kind, id and owners.
    static func describe(_ address: DocumentAddress) -> String {
        var parts: [String] = []
        if !address.activityID.isEmpty { parts.append("activity \(address.activityID)") }
        if !address.agentKey.isEmpty { parts.append("agent \(address.agentKey)") }
        if !address.registration.isEmpty { parts.append("registration \(address.registration)") }
        let owner = parts.joined(separator: ", ")
        if address.documentID.isEmpty {
            return "\(address.kindName) documents of \(owner)"
        }
        return "\(address.kindName) document \"\(address.documentID)\" of \(owner)"
    }
}
