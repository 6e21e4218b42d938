import FlywheelContracts
import FlywheelIngest
import FlywheelRPC
import FlywheelXAPI
import Testing

@Suite("Activities and Agents learnt from stored statements")
struct LearntResourcesTests {
    static let activityID = Statements.activityID("course")

    /// An Activity object with a definition.
    static func activity(_ id: String = activityID, definition: JSONValue) -> JSONValue {
        ["objectType": "Activity", "id": .string(id), "definition": definition]
    }

    /// `statement` with its authority replaced.
    static func authored(_ statement: JSONValue, by authority: JSONValue) -> JSONValue {
        var object = statement.objectValue ?? JSONObject()
        object["authority"] = authority
        return .object(object)
    }

    func activityJSON(_ fixture: DocumentsFixture, _ id: String = activityID) async throws -> JSONValue {
        try JSONValue.parse(try await fixture.gateway.getActivity(.init(activityID: id)).activityJSON)
    }

    func personJSON(_ fixture: DocumentsFixture, _ key: String) async throws -> JSONValue {
        try JSONValue.parse(try await fixture.gateway.getPerson(.init(agentKey: key)).personJSON)
    }

    @Test("the first definition becomes canonical and a later one from the same authority merges into it")
    func sameAuthorityMerges() async throws {
        let fixture = try DocumentsFixture()
        let first = Self.activity(definition: [
            "name": ["en-US": "Course"], "description": ["en-US": "A course"],
            "type": "http://adlnet.gov/expapi/activities/course",
        ])
        try await fixture.store([Statements.make(object: first)])
        #expect(
            try await activityJSON(fixture) == [
                "objectType": "Activity", "id": .string(Self.activityID),
                "definition": [
                    "name": ["en-US": "Course"], "description": ["en-US": "A course"],
                    "type": "http://adlnet.gov/expapi/activities/course",
                ],
            ])

        let second = Self.activity(definition: [
            "name": ["fr-FR": "Cours", "en-US": "The course"], "moreInfo": "https://example.com/info",
        ])
        try await fixture.store([Statements.make(object: second)])
        let definition = try #require(try await activityJSON(fixture)["definition"])
        #expect(definition["name"] == ["en-US": "The course", "fr-FR": "Cours"])
        #expect(definition["description"] == ["en-US": "A course"])
        #expect(definition["type"] == "http://adlnet.gov/expapi/activities/course")
        #expect(definition["moreInfo"] == "https://example.com/info")
        await fixture.close()
    }

    @Test("a definition under another authority leaves the canonical one unchanged")
    func otherAuthorityIgnored() async throws {
        let fixture = try DocumentsFixture()
        try await fixture.store([Statements.make(object: Self.activity(definition: ["name": ["en-US": "Mine"]]))])
        let intruder = Self.authored(
            Statements.make(object: Self.activity(definition: ["name": ["en-US": "Theirs"]])),
            by: Statements.agent("someone-else"))
        try await fixture.store([intruder])
        #expect(try await activityJSON(fixture)["definition"] == ["name": ["en-US": "Mine"]])
        await fixture.close()
    }

    @Test("definitions in context activities and SubStatements are learnt; a batch applies them in order")
    func contextAndSubStatement() async throws {
        let fixture = try DocumentsFixture()
        let parent = Statements.activityID("parent")
        let inner = Statements.activityID("inner")
        let withContext = Statements.make(extra: [
            (
                "context",
                ["contextActivities": ["parent": [Self.activity(parent, definition: ["name": ["en": "Parent"]])]]]
            )
        ])
        let sub = Statements.make(object: [
            "objectType": "SubStatement", "actor": Statements.agent("ann"),
            "verb": ["id": .string(Statements.completed)],
            "object": Self.activity(inner, definition: ["name": ["en": "Inner"]]),
        ])
        let renamed = Statements.make(object: Self.activity(parent, definition: ["name": ["en": "Parent 2"]]))
        try await fixture.store([withContext, sub, renamed])
        #expect(try await activityJSON(fixture, parent)["definition"] == ["name": ["en": "Parent 2"]])
        #expect(try await activityJSON(fixture, inner)["definition"] == ["name": ["en": "Inner"]])
        await fixture.close()
    }

    @Test("an Activity seen without definition is returned by id alone; one never seen is NOT_FOUND")
    func activityWithoutDefinition() async throws {
        let fixture = try DocumentsFixture()
        try await fixture.store([Statements.make(object: Statements.activity("bare"))])
        #expect(
            try await activityJSON(fixture, Statements.activityID("bare")) == [
                "objectType": "Activity", "id": .string(Statements.activityID("bare")),
            ])
        await #expect {
            _ = try await fixture.gateway.getActivity(.init(activityID: Statements.activityID("unknown")))
        } throws: { isRPCError($0, .notFound) }
        await fixture.close()
    }

    @Test("a batch refused for a conflicting statement teaches nothing, not even from its valid statements")
    func refusedBatchTeachesNothing() async throws {
        let fixture = try DocumentsFixture()
        let id = Statements.newID()
        try await fixture.store([Statements.make(id: id)])
        let valid = Statements.make(object: Self.activity(definition: ["name": ["en-US": "Never"]]))
        let conflicting = Statements.make(id: id, verb: Statements.attempted)
        await #expect {
            try await fixture.store([valid, conflicting])
        } throws: { isRPCError($0, .alreadyExists) }
        #expect(try await activityJSON(fixture)["definition"] == nil)
        await fixture.close()
    }

    @Test("the Person object lists every name seen for the agent, first seen first, with its identifier")
    func personNames() async throws {
        let fixture = try DocumentsFixture()
        let named: (String) -> JSONValue = { name in
            ["objectType": "Agent", "name": .string(name), "mbox": "mailto:ann@example.com"]
        }
        try await fixture.store([
            Statements.make(actor: named("Ann")),
            Statements.make(actor: ["objectType": "Group", "member": [named("Ann Smith")]]),
            Statements.make(actor: named("Ann")),
            Statements.make(extra: [("context", ["instructor": named("Dr Ann")])]),
        ])
        #expect(
            try await personJSON(fixture, Statements.agentKey("ann")) == [
                "objectType": "Person", "name": ["Ann", "Ann Smith", "Dr Ann"], "mbox": ["mailto:ann@example.com"],
            ])
        await fixture.close()
    }

    @Test("an agent no statement names still gets a Person object built from its key")
    func unknownPerson() async throws {
        let fixture = try DocumentsFixture()
        #expect(
            try await personJSON(fixture, "account:https://example.com|bob") == [
                "objectType": "Person", "account": [["homePage": "https://example.com", "name": "bob"]],
            ])
        #expect(
            try await personJSON(fixture, "openid:https://id.example.com/ann") == [
                "objectType": "Person", "openid": ["https://id.example.com/ann"],
            ])
        await #expect {
            _ = try await fixture.gateway.getPerson(.init(agentKey: "nonsense"))
        } throws: { isRPCError($0, .invalidArgument) }
        await fixture.close()
    }
}
