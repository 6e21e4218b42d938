import FlywheelXAPI
import Testing

@Suite("Statement output formats")
struct StatementFormatTests {
    @Test("parses the format parameter, defaulting to exact")
    func parameter() throws {
        #expect(try StatementFormat(parameter: nil) == .exact)
        #expect(try StatementFormat(parameter: "ids") == .ids)
        #expect(try StatementFormat(parameter: "canonical") == .canonical)
        let error = #expect(throws: XAPIValidationError.self) { try StatementFormat(parameter: "Exact") }
        #expect(error?.path == "format")
    }

    @Test("exact returns the statement unchanged")
    func exact() {
        #expect(StatementFormat.exact.render(Sample.full).jsonString == Sample.full.jsonString)
    }

    @Test("ids reduces agents, groups, verbs and activities to what identifies them")
    func ids() throws {
        let rendered = StatementFormat.ids.render(Sample.full)
        #expect(
            rendered["actor"] == [
                "objectType": "Group",
                "member": [
                    ["mbox": "mailto:ann@example.com"], ["mbox_sha1sum": "cd9b00a5611f94eaa7b1661edab976068e364975"],
                ],
            ])
        #expect(rendered["verb"] == ["id": "http://adlnet.gov/expapi/verbs/completed"])
        #expect(rendered["object"] == ["id": "http://www.example.com/tests/1"])
        #expect(
            rendered["authority"] == [
                "objectType": "Agent",
                "account": ["homePage": "https://lrs.example.com", "name": "client1"],
            ])
        #expect(rendered["context"]?["team"] == ["objectType": "Group", "openid": "https://openid.example.org/team9"])
        #expect(rendered["context"]?["contextActivities"]?["category"] == [["id": "http://www.example.com/profiles/x"]])
        #expect(rendered["result"] == Sample.full["result"])
        #expect(rendered["id"] == Sample.full["id"])
    }

    @Test("ids reaches into sub-statements and identified groups drop members")
    func idsSubStatement() {
        let statement = ValidationTables.subStatementBase
            .setting(
                ["object", "actor"],
                to: [
                    "objectType": "Group", "mbox": "mailto:g@e.com", "name": "G",
                    "member": [Sample.agent],
                ])
        let rendered = StatementFormat.ids.render(statement)
        #expect(rendered["object"]?["actor"] == ["objectType": "Group", "mbox": "mailto:g@e.com"])
        #expect(rendered["object"]?["verb"] == ["id": "http://adlnet.gov/expapi/verbs/attended"])
        #expect(
            rendered["object"]?["object"] == ["objectType": "Activity", "id": "http://www.example.com/meetings/34534"])
    }

    @Test("canonical keeps one language per map, chosen by Accept-Language")
    func canonical() {
        let languages = LanguagePreference(acceptLanguage: "de-AT, de;q=0.9, en;q=0.5")
        let rendered = StatementFormat.canonical.render(Sample.full, languages: languages)
        #expect(rendered["verb"]?["display"] == ["de": "beendet"])
        #expect(rendered["object"]?["definition"]?["name"] == ["en-US": "Test 1"])
        #expect(rendered["object"]?["definition"]?["choices"]?.arrayValue?[0]["description"] == ["en-US": "Golf"])
        #expect(rendered["actor"] == Sample.full["actor"])
    }

    @Test("canonical uses the LRS's definition of an activity when it has one")
    func canonicalDefinition() {
        let rendered = StatementFormat.canonical.render(
            Sample.full, languages: LanguagePreference(acceptLanguage: "fr")
        ) {
            id in id == "http://www.example.com/tests/1" ? ["name": ["en": "Quiz", "fr": "Quiz FR"]] : nil
        }
        #expect(rendered["object"]?["definition"] == ["name": ["fr": "Quiz FR"]])
    }

    @Test(
        "Accept-Language ranks by quality, then matches exactly, by prefix, or by wildcard",
        arguments: [
            ("en;q=0.2, fr", ["en-US": "a", "fr": "b"], "fr"),
            ("en", ["de": "a", "en-GB": "b", "en-US": "c"], "en-GB"),
            ("EN-us", ["en-us": "a"], "en-us"),
            ("ja, *;q=0.1", ["de": "a", "es": "b"], "de"),
            (nil, ["es": "a", "de": "b"], "es"),
            ("fr;q=0, en", ["fr": "a", "en": "b"], "en"),
            ("zh", ["de": "a", "es": "b"], "de"),
        ] as [(String?, JSONValue, String)])
    func languageChoice(_ row: (String?, JSONValue, String)) throws {
        let map = try #require(row.1.objectValue)
        #expect(LanguagePreference(acceptLanguage: row.0).bestKey(in: map) == row.2)
    }
}

@Suite("The agent query parameter")
struct AgentParameterTests {
    @Test(
        "accepts an Agent or identified Group with one identifier",
        arguments: [
            (#"{"mbox":"mailto:ann@example.com"}"#, "mbox:mailto:ann@example.com"),
            (#"{"objectType":"Agent","account":{"homePage":"http://e.com","name":"a"}}"#, "account:http://e.com|a"),
            (#"{"objectType":"Group","openid":"http://o.example/g"}"#, "openid:http://o.example/g"),
            (
                #"{"mbox_sha1sum":"CD9B00A5611F94EAA7B1661EDAB976068E364975"}"#,
                "mbox_sha1sum:cd9b00a5611f94eaa7b1661edab976068e364975"
            ),
        ])
    func accepted(_ row: (String, String)) throws {
        #expect(try AgentParameter.parse(row.0, version: .v1_0_3).key == row.1)
    }

    @Test(
        "refuses anything else with a path and rule",
        arguments: [
            (#"{"mbox":"ann@example.com"}"#, "agent.mbox", XAPIValidationError.Rule.invalidMailto),
            (#"{"objectType":"Group","member":[{"mbox":"mailto:a@b.com"}]}"#, "agent", .identifierCount),
            (#"{"name":"Ann"}"#, "agent", .identifierCount),
            (#"{"mbox":"mailto:a@b.com","openid":"http://o.example/1"}"#, "agent", .identifierCount),
            (#"{"objectType":"Activity","id":"http://e.com/a"}"#, "agent.objectType", .invalidValue),
            (#"mailto:ann@example.com"#, "agent", .wrongType),
            (#""mailto:ann@example.com""#, "agent", .wrongType),
            (#"{"mbox":"mailto:a@b.com","extra":1}"#, "agent.extra", .unknownProperty),
        ])
    func refused(_ row: (String, String, XAPIValidationError.Rule)) {
        let error = #expect(throws: XAPIValidationError.self) { try AgentParameter.parse(row.0, version: .v2_0_0) }
        #expect(error?.path == row.1)
        #expect(error?.rule == row.2)
    }
}
