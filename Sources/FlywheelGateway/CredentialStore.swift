import Foundation
import FlywheelStore
import Synchronization

/// The gateway's credentials: a SQLite table holding each key with the SHA-256 of its secret, mirrored in
/// memory so that checking a request's credentials costs one hash and no database read.
///
/// Secrets are random (256 bits), so an unsalted digest is as strong as the secret; the clear secret is
/// returned once by `create` and never written anywhere.
public final class CredentialStore: Sendable {
    private struct Entry: Sendable {
        var credential: Credential
        var digest: [UInt8]
    }

    static let migrations = [
        Migration(
            version: 1, name: "credentials",
            sql: """
                CREATE TABLE credentials (
                    key TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    scopes TEXT NOT NULL,
                    secret_sha256 BLOB NOT NULL,
                    created_micros INTEGER NOT NULL,
                    revoked INTEGER NOT NULL DEFAULT 0
                ) STRICT;
                """)
    ]

    private let database: Database
    private let entries: Mutex<[String: Entry]>

    private init(database: Database, entries: [String: Entry]) {
        self.database = database
        self.entries = Mutex(entries)
    }

    /// Opens (creating when needed) the store and loads every credential into memory.
    /// - Parameter path: The SQLite file; nil for an in-memory store (tests).
    /// - Returns: The open store.
    /// - Throws: `GatewayError` with `.storeFailure` naming the file.
    public static func open(path: String?) async throws(GatewayError) -> CredentialStore {
        do {
            let database =
                if let path {
                    try Database(path: path, migrations: migrations)
                } else {
                    try Database.inMemory(migrations: migrations)
                }
            let rows = try await database.read { connection in
                try connection.query(
                    "SELECT key, name, scopes, secret_sha256, created_micros, revoked FROM credentials")
            }
            var entries: [String: Entry] = [:]
            for row in rows {
                let scopes = (row[2].textValue ?? "").split(separator: ",").compactMap {
                    CredentialScope(rawValue: String($0))
                }
                let credential = Credential(
                    key: row[0].textValue ?? "", name: row[1].textValue ?? "", scopes: scopes,
                    createdMicros: row[4].integerValue ?? 0, revoked: (row[5].integerValue ?? 0) != 0)
                entries[credential.key] = Entry(credential: credential, digest: row[3].blobValue ?? [])
            }
            return CredentialStore(database: database, entries: entries)
        } catch {
            throw GatewayError(
                code: .storeFailure, message: "cannot open the credential store \(path ?? ":memory:"): \(error)")
        }
    }

    /// Creates a credential with a new random key and secret.
    /// - Parameters:
    ///   - name: A label for operators; must not be empty.
    ///   - scopes: What it may do; at least one.
    /// - Returns: The credential and its secret, which is not kept.
    /// - Throws: `GatewayError` with `.invalidArgument` or `.storeFailure`.
    public func create(name: String, scopes: [CredentialScope]) async throws(GatewayError) -> (Credential, String) {
        let secret = CredentialSecret.newSecret()
        let credential = try await insert(key: CredentialSecret.newKey(), secret: secret, name: name, scopes: scopes)
        return (credential, secret)
    }

    /// Creates or replaces a credential whose key and secret are given, such as the demo credential.
    /// - Parameters:
    ///   - key: The public key.
    ///   - secret: The secret; only its digest is stored.
    ///   - name: A label.
    ///   - scopes: What it may do.
    /// - Returns: The credential.
    /// - Throws: `GatewayError` with `.invalidArgument` or `.storeFailure`.
    @discardableResult
    public func install(key: String, secret: String, name: String, scopes: [CredentialScope])
        async throws(GatewayError) -> Credential
    {
        guard !key.isEmpty, !key.contains(":"), !secret.isEmpty else {
            throw GatewayError(
                code: .invalidArgument, message: "a credential key must be non-empty without ':' and have a secret")
        }
        return try await insert(key: key, secret: secret, name: name, scopes: scopes)
    }

    private func insert(key: String, secret: String, name: String, scopes: [CredentialScope])
        async throws(GatewayError) -> Credential
    {
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw GatewayError(code: .invalidArgument, message: "a credential needs a non-empty name")
        }
        guard !scopes.isEmpty else {
            throw GatewayError(code: .invalidArgument, message: "a credential needs at least one scope")
        }
        let created = Int64(Date().timeIntervalSince1970 * 1_000_000)
        let credential = Credential(key: key, name: name, scopes: scopes, createdMicros: created, revoked: false)
        let digest = CredentialSecret.digest(secret)
        let scopeText = scopes.map(\.rawValue).joined(separator: ",")
        do {
            try await database.write { connection in
                try connection.run(
                    """
                    INSERT INTO credentials (key, name, scopes, secret_sha256, created_micros, revoked)
                    VALUES (?, ?, ?, ?, ?, 0)
                    ON CONFLICT (key) DO UPDATE SET name = excluded.name, scopes = excluded.scopes,
                        secret_sha256 = excluded.secret_sha256, revoked = 0
                    """,
                    .text(key), .text(name), .text(scopeText), .blob(digest), .integer(created))
            }
        } catch {
            throw GatewayError(code: .storeFailure, message: "cannot store credential \(key): \(error)")
        }
        entries.withLock { $0[key] = Entry(credential: credential, digest: digest) }
        return credential
    }

    /// Every credential, revoked ones included, oldest first.
    public func list() -> [Credential] {
        entries.withLock { $0.values.map(\.credential) }.sorted {
            ($0.createdMicros, $0.key) < ($1.createdMicros, $1.key)
        }
    }

    /// Revokes a credential; later requests with it are refused.
    /// - Parameter key: The public key.
    /// - Returns: `true` when it was active and is now revoked, `false` when it was already revoked.
    /// - Throws: `GatewayError` with `.notFound` for an unknown key, `.storeFailure` when the write fails.
    public func revoke(key: String) async throws(GatewayError) -> Bool {
        guard let existing = entries.withLock({ $0[key] }) else {
            throw GatewayError(code: .notFound, message: "no credential has the key \"\(key)\"")
        }
        if existing.credential.revoked {
            return false
        }
        do {
            try await database.write { connection in
                try connection.run("UPDATE credentials SET revoked = 1 WHERE key = ?", .text(key))
            }
        } catch {
            throw GatewayError(code: .storeFailure, message: "cannot revoke credential \(key): \(error)")
        }
        entries.withLock { entries in
            if let entry = entries[key] {
                let credential = entry.credential
                entries[key]?.credential = Credential(
                    key: credential.key, name: credential.name, scopes: credential.scopes,
                    createdMicros: credential.createdMicros, revoked: true)
            }
        }
        return true
    }

    /// Checks a key and secret against the stored digest, in constant time over the digest.
    /// - Parameters:
    ///   - key: The Basic user name.
    ///   - secret: The Basic password.
    /// - Returns: The credential when it exists, is not revoked and the secret matches; otherwise nil.
    public func authenticate(key: String, secret: String) -> Credential? {
        let digest = CredentialSecret.digest(secret)
        guard let entry = entries.withLock({ $0[key] }) else {
            // Compare anyway, so an unknown key costs what a wrong secret costs.
            _ = CredentialSecret.digestsMatch(digest, digest.map { ~$0 })
            return nil
        }
        guard CredentialSecret.digestsMatch(digest, entry.digest), !entry.credential.revoked else {
            return nil
        }
        return entry.credential
    }

    /// Closes the database.
    public func close() async {
        await database.close()
    }
}
