import FlywheelXAPI
import Testing

@Suite("Statement index extraction")
struct StatementIndexTests {
    @Test("indexes id, actor, verb, activity object and registration")
    func basics() {
        let index = StatementIndex(statement: Sample.full)
        #expect(index.statementID == "6690e6c9-3ef0-4ed3-8b37-7f3964730bee")
        #expect(index.actorKey == nil)  // anonymous group
        #expect(index.verbID == "http://adlnet.gov/expapi/verbs/completed")
        #expect(index.objectKind == .activity)
        #expect(index.objectID == "http://www.example.com/tests/1")
        #expect(index.registration == "ec531277-b57b-4c15-8d91-d292c5b2b8f7")
        #expect(index.voidedStatementID == nil)
    }

    @Test("related agents cover actor members, authority, instructor and team; activities cover context")
    func related() {
        let index = StatementIndex(statement: Sample.full)
        #expect(
            index.relatedAgentKeys == [
                "mbox:mailto:ann@example.com", "mbox_sha1sum:cd9b00a5611f94eaa7b1661edab976068e364975",
                "account:https://lrs.example.com|client1", "account:https://lms.example.com|teacher7",
                "openid:https://openid.example.org/team9",
            ])
        #expect(
            index.relatedActivityIDs == [
                "http://www.example.com/tests/1", "http://www.example.com/courses/1",
                "http://www.example.com/programs/1",
                "http://www.example.com/profiles/x",
            ])
    }

    @Test("canonical identifier keys lower-case the mbox domain and the SHA-1 hex only")
    func identifierKeys() {
        #expect(AgentIdentifier(["mbox": "mailto:Ann.Lee@Example.COM"])?.key == "mbox:mailto:Ann.Lee@example.com")
        #expect(
            AgentIdentifier(["mbox_sha1sum": "CD9B00A5611F94EAA7B1661EDAB976068E364975"])?.key
                == "mbox_sha1sum:cd9b00a5611f94eaa7b1661edab976068e364975")
        #expect(AgentIdentifier(["openid": "http://openid.example.org/X"])?.key == "openid:http://openid.example.org/X")
        let account = AgentIdentifier(["account": ["homePage": "https://x.example.com", "name": "Ann"]])
        #expect(account?.key == "account:https://x.example.com|Ann")
        #expect(account?.kind == .account)
        #expect(AgentIdentifier(["name": "nobody"]) == nil)
    }

    @Test("a voiding statement names its target, lower-cased")
    func voiding() {
        let statement = Sample.minimal
            .setting(["verb", "id"], to: "http://adlnet.gov/expapi/verbs/voided")
            .setting(["object"], to: ["objectType": "StatementRef", "id": "5D2F6B1E-8F1F-4C5A-9F70-3F3A0A8A2B10"])
        let index = StatementIndex(statement: statement)
        #expect(index.objectKind == .statementRef)
        #expect(index.voidedStatementID == "5d2f6b1e-8f1f-4c5a-9f70-3f3a0a8a2b10")
        #expect(
            StatementIndex(statement: Sample.minimal.setting(["object"], to: statement["object"])).voidedStatementID
                == nil)
    }

    @Test("an agent object is indexed by its key and counts as related")
    func agentObject() {
        let statement = Sample.minimal.setting(["object"], to: ["objectType": "Agent", "openid": "http://o.example/1"])
        let index = StatementIndex(statement: statement)
        #expect(index.objectKind == .agent)
        #expect(index.objectID == "openid:http://o.example/1")
        #expect(index.actorKey == "mbox:mailto:ann@example.com")
        #expect(index.relatedAgentKeys == ["mbox:mailto:ann@example.com", "openid:http://o.example/1"])
        #expect(index.relatedActivityIDs.isEmpty)
    }

    @Test("sub-statement agents and activities are related, its authority-free parts included")
    func subStatement() {
        let statement = ValidationTables.subStatementBase
            .setting(
                ["object", "context"],
                to: [
                    "instructor": ["mbox": "mailto:teach@example.com"],
                    "contextActivities": ["parent": ["id": "http://e.com/parent"]],
                    "contextAgents": [["objectType": "contextAgent", "agent": ["mbox": "mailto:ctx@example.com"]]],
                ])
        let index = StatementIndex(statement: statement)
        #expect(index.objectKind == .subStatement)
        #expect(index.objectID == nil)
        #expect(
            index.relatedAgentKeys == [
                "mbox:mailto:ann@example.com", "mbox:mailto:bob@example.com", "mbox:mailto:teach@example.com",
                "mbox:mailto:ctx@example.com",
            ])
        #expect(index.relatedActivityIDs == ["http://www.example.com/meetings/34534", "http://e.com/parent"])
    }

    @Test("2.0 context groups and their members are related")
    func contextGroups() {
        let statement = Sample.minimal.setting(
            ["context", "contextGroups"],
            to: [
                [
                    "objectType": "contextGroup",
                    "group": [
                        "objectType": "Group", "mbox": "mailto:g@example.com",
                        "member": [["mbox": "mailto:m@example.com"]],
                    ],
                ]
            ])
        #expect(
            StatementIndex(statement: statement).relatedAgentKeys == [
                "mbox:mailto:ann@example.com", "mbox:mailto:g@example.com", "mbox:mailto:m@example.com",
            ])
    }
}
