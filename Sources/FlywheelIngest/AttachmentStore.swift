public import FlywheelContracts
public import FlywheelStore

/// Statement attachment content, addressed by the hex SHA-256 of its bytes.
///
/// One SQLite file owned by ingest. A put checks every attachment's hash and size before it writes any,
/// and stores all of them in one transaction; content already stored under its hash is left as it is, so
/// puts are idempotent (the content type stored first is the one kept).
public final class AttachmentStore: Sendable {
    /// How the store is tuned; every default is visible in the initializer.
    public struct Options: Sendable {
        /// The largest attachment content accepted, in bytes.
        public var maximumAttachmentBytes: Int
        /// The SQLite settings.
        public var database: Database.Options

        /// Creates options.
        /// - Parameters:
        ///   - maximumAttachmentBytes: 16 MiB per attachment.
        ///   - database: FlywheelStore's defaults (synchronous FULL).
        public init(maximumAttachmentBytes: Int = 16 << 20, database: Database.Options = Database.Options()) {
            self.maximumAttachmentBytes = maximumAttachmentBytes
            self.database = database
        }
    }

    /// The SQLite file.
    public let path: String
    let options: Options
    let database: Database

    /// Opens (creating if needed) the attachment store at `path`.
    ///
    /// Blocks while it opens the file and brings the schema up to date: call it from start-up code.
    /// - Parameters:
    ///   - path: The SQLite file.
    ///   - options: How to tune the store.
    /// - Throws: `DatabaseError` when the file cannot be opened or is not this store's.
    public init(path: String, options: Options = Options()) throws {
        database = try Database(path: path, options: options.database, migrations: Self.migrations)
        self.path = path
        self.options = options
    }

    /// Lets queued work finish and closes the file.
    public func close() async {
        await database.close()
    }

    /// Stores attachments: all of them, or none.
    ///
    /// - Parameter attachments: Each with the hex SHA-256 of its content (any case) and a content type
    ///   (`application/octet-stream` when empty).
    /// - Returns: The lower-case hashes in request order.
    /// - Throws: `IngestError` with code `invalidKey` for a hash that is not 64 hex digits, `tooLarge` for
    ///   content over ``Options/maximumAttachmentBytes``, `digestMismatch` when the content's SHA-256 is not
    ///   the hash given; `DatabaseError`. Nothing is stored when it throws.
    public func put(_ attachments: [IngestV1.Attachment]) async throws -> [String] {
        let limit = options.maximumAttachmentBytes
        var checked: [IngestV1.Attachment] = []
        for (position, attachment) in attachments.enumerated() {
            let sha2 = try Self.hash(attachment.sha2, position: position)
            guard attachment.content.count <= limit else {
                throw IngestError(
                    .tooLarge,
                    "attachment \(position) (\(sha2)) is \(attachment.content.count) bytes; the limit is \(limit)")
            }
            let actual = ContentDigest.sha256Hex(attachment.content)
            guard actual == sha2 else {
                throw IngestError(
                    .digestMismatch,
                    "attachment \(position) was sent as sha2 \(sha2) but its content hashes to \(actual)")
            }
            let contentType = attachment.contentType.isEmpty ? "application/octet-stream" : attachment.contentType
            checked.append(IngestV1.Attachment(sha2: sha2, contentType: contentType, content: attachment.content))
        }
        guard !checked.isEmpty else { return [] }

        let batch = checked
        try await database.write { connection in
            let insert = try connection.prepare(
                """
                INSERT INTO attachments (sha2, content_type, content, length) VALUES (?, ?, ?, ?)
                ON CONFLICT (sha2) DO NOTHING
                """)
            for attachment in batch {
                try insert.run([
                    .text(attachment.sha2), .text(attachment.contentType), .blob(attachment.content),
                    .integer(Int64(attachment.content.count)),
                ])
            }
        }
        return checked.map(\.sha2)
    }

    /// The stored attachments among `hashes`, in request order; unknown hashes are left out.
    ///
    /// - Parameter hashes: Hex SHA-256 hashes (any case); repeated ones are answered once.
    /// - Returns: The attachments found.
    /// - Throws: `IngestError` with code `invalidKey` for a hash that is not 64 hex digits; `DatabaseError`.
    public func attachments(_ hashes: [String]) async throws -> [IngestV1.Attachment] {
        var wanted: [String] = []
        var seen: Set<String> = []
        for (position, hash) in hashes.enumerated() {
            let sha2 = try Self.hash(hash, position: position)
            if seen.insert(sha2).inserted { wanted.append(sha2) }
        }
        let keys = wanted
        return try await database.read { connection in
            var found: [IngestV1.Attachment] = []
            let select = try connection.prepare("SELECT content_type, content FROM attachments WHERE sha2 = ?")
            for sha2 in keys {
                try select.forEachRow([.text(sha2)]) { row in
                    let (contentType, content) = (row.string(at: 0) ?? "", row.bytes(at: 1) ?? [])
                    found.append(IngestV1.Attachment(sha2: sha2, contentType: contentType, content: content))
                }
            }
            return found
        }
    }

    /// A hash lower-cased, once checked to be 64 hex digits.
    static func hash(_ text: String, position: Int) throws(IngestError) -> String {
        let lowered = text.lowercased()
        guard lowered.utf8.count == 64, lowered.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) })
        else {
            throw IngestError(.invalidKey, "attachment \(position) has sha2 \"\(text)\", not 64 hex digits")
        }
        return lowered
    }

    /// The attachment store's schema history: one row per distinct content.
    static let migrations = [
        Migration(
            version: 1, name: "attachments",
            sql: """
                CREATE TABLE attachments (
                    sha2 TEXT PRIMARY KEY,
                    content_type TEXT NOT NULL,
                    content BLOB NOT NULL,
                    length INTEGER NOT NULL
                ) STRICT;
                """)
    ]
}
