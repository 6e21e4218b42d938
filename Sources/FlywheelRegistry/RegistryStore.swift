public import FlywheelContracts
import FlywheelStore
import Foundation

/// The registry's SQLite store: one row per registered instance.
///
/// Only registrations and removals are written; heartbeats extend leases in memory, because after a
/// restart every entry gets a fresh lease and must prove itself again anyway.
public struct RegistryStore: Sendable {
    private let database: Database

    static let migrations = [
        Migration(version: 1, name: "instances", sql: """
            CREATE TABLE instances (
                service TEXT NOT NULL,
                instance_id TEXT NOT NULL,
                address TEXT NOT NULL,
                metadata TEXT NOT NULL,
                ttl_seconds INTEGER NOT NULL,
                registered_at_millis INTEGER NOT NULL,
                PRIMARY KEY (service, instance_id)
            ) STRICT;
            """),
    ]

    /// Opens (or creates) the store at `path`; nil opens an in-memory store for tests.
    public init(path: String?) throws {
        if let path {
            database = try Database(path: path, migrations: Self.migrations)
        } else {
            database = try Database.inMemory(migrations: Self.migrations)
        }
    }

    /// Every stored registration with its TTL.
    public func loadAll() async throws -> [(instance: RegistryV1.Instance, ttlSeconds: Int)] {
        try await database.read { connection in
            try connection.query(
                "SELECT service, instance_id, address, metadata, ttl_seconds, registered_at_millis FROM instances ORDER BY service, instance_id"
            ).map { row in
                let metadataJSON = row[3].textValue ?? "{}"
                let metadata = (try? JSONDecoder().decode([String: String].self, from: Data(metadataJSON.utf8))) ?? [:]
                let instance = RegistryV1.Instance(
                    service: row[0].textValue ?? "", instanceID: row[1].textValue ?? "", address: row[2].textValue ?? "",
                    metadata: metadata, registeredAtMillis: UInt64(row[5].integerValue ?? 0))
                return (instance, Int(row[4].integerValue ?? 10))
            }
        }
    }

    /// Stores or replaces a registration.
    public func save(_ instance: RegistryV1.Instance, ttlSeconds: Int) async throws {
        let metadata = String(decoding: try JSONEncoder().encode(instance.metadata), as: UTF8.self)
        try await database.write { connection in
            try connection.run(
                """
                INSERT INTO instances (service, instance_id, address, metadata, ttl_seconds, registered_at_millis)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (service, instance_id) DO UPDATE SET
                    address = excluded.address, metadata = excluded.metadata, ttl_seconds = excluded.ttl_seconds,
                    registered_at_millis = excluded.registered_at_millis
                """,
                .text(instance.service), .text(instance.instanceID), .text(instance.address), .text(metadata),
                .integer(Int64(ttlSeconds)), .integer(Int64(instance.registeredAtMillis)))
        }
    }

    /// Removes a registration; true when it existed.
    @discardableResult
    public func remove(service: String, instanceID: String) async throws -> Bool {
        try await database.write { connection in
            try connection.run("DELETE FROM instances WHERE service = ? AND instance_id = ?", .text(service), .text(instanceID))
            return connection.changes > 0
        }
    }

    public func close() async {
        await database.close()
    }
}
