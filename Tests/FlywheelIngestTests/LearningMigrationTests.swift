import FlywheelContracts
import FlywheelIngest
import FlywheelRPC
import FlywheelStore
import FlywheelXAPI
import Foundation
import Testing

@Suite("Learning from statements stored before schema version 2")
struct LearningMigrationTests {
    @Test("opening a version-1 store learns the definitions and names of the statements it already holds")
    func backfill() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("learning-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("ingest.sqlite").path

        let first = try StatementStore(path: path)
        let activity: JSONValue = [
            "objectType": "Activity", "id": .string(Statements.activityID("old")),
            "definition": ["name": ["en": "Old"]],
        ]
        let actor: JSONValue = ["objectType": "Agent", "name": "Ann", "mbox": "mailto:ann@example.com"]
        _ = try await first.store([Statements.make(actor: actor, object: activity).serialized()])
        await first.close()

        // Bring the file back to what schema version 1 left: no learnt tables.
        let noSteps = [1, 2].map { Migration(version: $0, name: "already applied", sql: "SELECT 1") }
        let raw = try Database(path: path, migrations: noSteps)
        try raw.writeBlocking { connection in
            try connection.execute(
                """
                DROP TABLE activity_definitions; DROP TABLE agent_identities; DROP TABLE agent_names;
                PRAGMA user_version = 1;
                """)
        }
        await raw.close()

        let reopened = try StatementStore(path: path)
        let json = try JSONValue.parse(try await reopened.activity(id: Statements.activityID("old")))
        #expect(json["definition"] == ["name": ["en": "Old"]])
        let person = try JSONValue.parse(try await reopened.person(agentKey: Statements.agentKey("ann")))
        #expect(person["name"] == ["Ann"])
        await reopened.close()
    }
}
