import FlywheelXAPI
import Foundation
import Testing

@Suite("Fixture statements")
struct FixtureTests {
    static func fixture() throws -> JSONValue {
        let url = try #require(
            Bundle.module.url(
                forResource: "valid-statements", withExtension: "json",
                subdirectory: "Fixtures"))
        return try JSONValue.parse(Data(contentsOf: url))
    }

    @Test("every fixture statement is valid in the versions it is listed for, and survives a round trip")
    func fixturesValid() throws {
        let fixture = try Self.fixture()
        let both = try #require(fixture["both"]?.arrayValue)
        let version2 = try #require(fixture["version2"]?.arrayValue)
        #expect(both.count == 7 && version2.count == 1)
        for statement in both {
            for version in bothVersions {
                #expect(StatementValidator(version: version).violations(in: statement).isEmpty)
            }
            #expect(try JSONValue.parse(statement.serialized()) == statement)
        }
        for statement in version2 {
            #expect(StatementValidator(version: .v2_0_0).violations(in: statement).isEmpty)
            let old = StatementValidator(version: .v1_0_3).violations(in: statement)
            #expect(
                old.map(\.path) == [
                    "statement.context.contextAgents", "statement.context.contextGroups",
                    "statement.version",
                ])
        }
    }
}
