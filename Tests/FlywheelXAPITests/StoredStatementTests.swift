import FlywheelXAPI
import Foundation
import Testing

@Suite("Preparing statements for storage")
struct StoredStatementTests {
    let authority: JSONValue = [
        "objectType": "Agent", "account": ["homePage": "https://lrs.example.com", "name": "k1"],
    ]
    let stored = Date(timeIntervalSince1970: 1_700_000_000.25)
    let fixedID = UUID(uuidString: "3F2504E0-4F89-41D3-9A0C-0305E82C3301")!

    @Test("assigns a lower-case id, stored, authority, version and timestamp when absent")
    func assigns() {
        let prepared = StoredStatement(
            preparing: Sample.minimal, authority: authority, stored: stored, version: .v2_0_0, newID: { fixedID })
        #expect(prepared.id == "3f2504e0-4f89-41d3-9a0c-0305e82c3301")
        #expect(prepared.statement["id"] == "3f2504e0-4f89-41d3-9a0c-0305e82c3301")
        #expect(prepared.statement["stored"] == "2023-11-14T22:13:20.250Z")
        #expect(prepared.statement["timestamp"] == "2023-11-14T22:13:20.250Z")
        #expect(prepared.statement["authority"] == authority)
        #expect(prepared.statement["version"] == "2.0.0")
        #expect(
            prepared.statement.objectValue?.keys == [
                "id", "actor", "verb", "object", "stored", "authority", "version", "timestamp",
            ])
        #expect(StatementValidator(version: .v2_0_0).violations(in: prepared.statement).isEmpty)
    }

    @Test("keeps the received id, version and timestamp; overwrites stored and authority")
    func keeps() {
        let prepared = StoredStatement(
            preparing: Sample.full, authority: authority, stored: stored, version: .v1_0_3, newID: { fixedID })
        #expect(prepared.id == "6690e6c9-3ef0-4ed3-8b37-7f3964730bee")
        #expect(prepared.statement["version"] == "1.0.0")
        #expect(prepared.statement["timestamp"] == Sample.full["timestamp"])
        #expect(prepared.statement["stored"] == "2023-11-14T22:13:20.250Z")
        #expect(prepared.statement["authority"] == authority)
        #expect(prepared.statement["result"] == Sample.full["result"])
    }

    @Test("1.0.x statements without version get 1.0.0")
    func defaultVersion() {
        let prepared = StoredStatement(
            preparing: Sample.minimal, authority: authority, stored: stored, version: .v1_0_3)
        #expect(prepared.statement["version"] == "1.0.0")
        #expect(XAPIFormat.isUUID(prepared.id))
    }

    @Test("single context activities become arrays of one, in the sub-statement too")
    func arrays() throws {
        let statement = ValidationTables.subStatementBase
            .setting(["context", "contextActivities", "parent"], to: ["id": "http://e.com/p"])
            .setting(["object", "context", "contextActivities", "other"], to: ["id": "http://e.com/o"])
        let prepared = StoredStatement(preparing: statement, authority: authority, stored: stored, version: .v1_0_3)
        #expect(prepared.statement["context"]?["contextActivities"]?["parent"] == [["id": "http://e.com/p"]])
        #expect(prepared.statement["object"]?["context"]?["contextActivities"]?["other"] == [["id": "http://e.com/o"]])
    }
}
