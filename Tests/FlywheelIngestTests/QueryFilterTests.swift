import FlywheelContracts
import FlywheelIngest
import FlywheelRPC
import FlywheelXAPI
import Testing

@Suite("Query filters")
struct QueryFilterTests {
    private func id(_ statement: JSONValue) -> String { statement["id"]?.stringValue ?? "" }

    @Test("agent matches the actor, an Agent object, and members of an actor Group, newest first")
    func agentDirect() async throws {
        let fixture = try IngestFixture()
        let asActor = Statements.make(actor: Statements.agent("ben"))
        let asObject = Statements.make(actor: Statements.agent("ann"), object: Statements.agent("ben"))
        let inGroup = Statements.make(actor: [
            "objectType": "Group", "name": "team",
            "member": [Statements.agent("ann"), Statements.agent("ben")],
        ])
        let unrelated = Statements.make(actor: Statements.agent("cid"))
        try await fixture.store([asActor, asObject, inGroup, unrelated])

        let found = try await fixture.ids(.init(agentKey: Statements.agentKey("ben")))
        #expect(found == [id(inGroup), id(asObject), id(asActor)])
        await fixture.close()
    }

    @Test("an identified Group as the agent matches statements whose actor is that Group")
    func groupAgent() async throws {
        let fixture = try IngestFixture()
        let group: JSONValue = [
            "objectType": "Group", "account": ["homePage": "https://example.com", "name": "crew"],
            "member": [Statements.agent("dee")],
        ]
        let byGroup = Statements.make(actor: group)
        try await fixture.store([byGroup, Statements.make()])
        #expect(try await fixture.ids(.init(agentKey: "account:https://example.com|crew")) == [id(byGroup)])
        #expect(try await fixture.ids(.init(agentKey: Statements.agentKey("dee"))) == [id(byGroup)])
        await fixture.close()
    }

    @Test("instructor, team, authority and sub-statement agents match only with related_agents")
    func relatedAgents() async throws {
        let fixture = try IngestFixture()
        let instructed = Statements.make(extra: [("context", ["instructor": Statements.agent("eve")])])
        let team = Statements.make(extra: [
            ("context", ["team": ["objectType": "Group", "member": [Statements.agent("eve")]]])
        ])
        let sub = Statements.make(object: [
            "objectType": "SubStatement", "actor": Statements.agent("eve"),
            "verb": ["id": .string(Statements.completed)], "object": Statements.activity("inner"),
        ])
        let plain = Statements.make()
        try await fixture.store([instructed, team, sub, plain])

        #expect(try await fixture.ids(.init(agentKey: Statements.agentKey("eve"))).isEmpty)
        let related = try await fixture.ids(.init(agentKey: Statements.agentKey("eve"), relatedAgents: true))
        #expect(related == [id(sub), id(team), id(instructed)])
        let authority = try await fixture.ids(
            .init(agentKey: Statements.agentKey("lrs-authority"), relatedAgents: true))
        #expect(authority.count == 4)
        await fixture.close()
    }

    @Test("activity matches the object; context and sub-statement activities only with related_activities")
    func activities() async throws {
        let fixture = try IngestFixture()
        let direct = Statements.make(object: Statements.activity("algebra"))
        let context = Statements.make(extra: [
            ("context", ["contextActivities": ["parent": [Statements.activity("algebra")]]])
        ])
        let sub = Statements.make(object: [
            "objectType": "SubStatement", "actor": Statements.agent("ann"),
            "verb": ["id": .string(Statements.completed)], "object": Statements.activity("algebra"),
        ])
        try await fixture.store([direct, context, sub, Statements.make()])

        #expect(try await fixture.ids(.init(activityID: Statements.activityID("algebra"))) == [id(direct)])
        let related = try await fixture.ids(
            .init(activityID: Statements.activityID("algebra"), relatedActivities: true))
        #expect(related == [id(sub), id(context), id(direct)])
        await fixture.close()
    }

    @Test("verb and registration filter exactly, and filters combine")
    func verbRegistrationCombined() async throws {
        let fixture = try IngestFixture()
        let registration = Statements.newID()
        let attempted = Statements.make(actor: Statements.agent("fay"), verb: Statements.attempted)
        let registered = Statements.make(
            actor: Statements.agent("fay"), extra: [("context", ["registration": .string(registration)])])
        let other = Statements.make(actor: Statements.agent("gus"), verb: Statements.attempted)
        try await fixture.store([attempted, registered, other])

        #expect(try await fixture.ids(.init(verbID: Statements.attempted)) == [id(other), id(attempted)])
        #expect(try await fixture.ids(.init(registration: registration.uppercased())) == [id(registered)])
        let both = try await fixture.ids(.init(agentKey: Statements.agentKey("fay"), verbID: Statements.attempted))
        #expect(both == [id(attempted)])
        let none = try await fixture.ids(.init(verbID: Statements.completed, registration: Statements.newID()))
        #expect(none.isEmpty)
        await fixture.close()
    }

    @Test("a statement referring to a matching statement matches too, through chains and voided targets")
    func statementRefs() async throws {
        let fixture = try IngestFixture()
        let verb = "https://example.com/verbs/unique-\(Statements.newID())"
        let target = Statements.make(actor: Statements.agent("ben"), verb: verb)
        let targetID = id(target)
        let reference = Statements.referencing(targetID)
        let chained = Statements.referencing(id(reference))
        try await fixture.store([target, reference, chained, Statements.make()])

        #expect(try await fixture.ids(.init(verbID: verb)) == [id(chained), id(reference), targetID])
        #expect(
            try await fixture.ids(.init(agentKey: Statements.agentKey("ben"))) == [
                id(chained), id(reference), targetID,
            ])

        let voiding = Statements.voiding(targetID)
        try await fixture.store([voiding])
        #expect(try await fixture.ids(.init(verbID: verb)) == [id(voiding), id(chained), id(reference)])
        let limited = try await fixture.gateway.queryStatements(.init(verbID: verb, limit: 1))
        #expect(limited.statements.map(\.id) == [id(voiding)])
        #expect(!limited.nextCursor.isEmpty)
        await fixture.close()
    }
}
