import FlywheelXAPI

extension ValidationTables {
    static var contextCases: [ValidationCase] {
        let agentObject: JSONValue = ["objectType": "Agent", "mbox": "mailto:x@y.com"]
        let groupObject: JSONValue = ["objectType": "Group", "mbox": "mailto:g@y.com"]
        let contextAgent: JSONValue = [
            "objectType": "contextAgent", "agent": Sample.agent,
            "relevantTypes": ["http://adlnet.gov/expapi/activities/meeting"],
        ]
        let contextGroup: JSONValue = ["objectType": "contextGroup", "group": groupObject]
        var cases: [ValidationCase] = [
            valid("an empty context", Sample.minimal, [(["context"], [:])]),
            valid("a context with every 1.0.3 property", Sample.full),
            invalid(
                "a registration that is not a UUID", Sample.minimal, [(["context", "registration"], "reg-1")],
                at: "statement.context.registration", .invalidUUID),
            invalid(
                "a registration that is an object", Sample.minimal, [(["context", "registration"], [:])],
                at: "statement.context.registration", .wrongType),
            invalid(
                "a registration with too many digits", Sample.minimal,
                [(["context", "registration"], "AA97B177-9383-4934-8543-0F91A7A028368")],
                at: "statement.context.registration", .invalidUUID),
            invalid(
                "an instructor that is a string", Sample.minimal, [(["context", "instructor"], "Ms Smith")],
                at: "statement.context.instructor", .wrongType),
            invalid(
                "a team that is a string", Sample.minimal, [(["context", "team"], "blue")],
                at: "statement.context.team", .wrongType),
            invalid(
                "contextActivities that are a string", Sample.minimal,
                [(["context", "contextActivities"], "parent")], at: "statement.context.contextActivities", .wrongType),
            invalid(
                "a contextActivities key outside the four", Sample.minimal,
                [(["context", "contextActivities", "parents"], [Sample.activity])],
                at: "statement.context.contextActivities.parents", .unknownProperty),
            valid(
                "all four contextActivities keys", Sample.minimal,
                [
                    (
                        ["context", "contextActivities"],
                        [
                            "parent": Sample.activity, "grouping": [Sample.activity],
                            "category": [Sample.activity, ["id": "http://e.com/b"]], "other": Sample.activity,
                        ]
                    )
                ]),
            invalid(
                "a context activity that is a string", Sample.minimal,
                [(["context", "contextActivities", "parent"], "http://e.com/a")],
                at: "statement.context.contextActivities.parent", .wrongType),
            invalid(
                "a context activity that is an agent", Sample.minimal,
                [(["context", "contextActivities", "other"], [agentObject])],
                at: "statement.context.contextActivities.other[0].objectType", .invalidValue),
            invalid(
                "a context activity without id", Sample.minimal,
                [(["context", "contextActivities", "grouping"], [["definition": [:]]])],
                at: "statement.context.contextActivities.grouping[0].id", .missingProperty),
            invalid(
                "a context activity with a bad definition", Sample.minimal,
                [
                    (
                        ["context", "contextActivities", "category"],
                        [
                            "id": "http://e.com/a",
                            "definition": ["type": "profile"],
                        ]
                    )
                ],
                at: "statement.context.contextActivities.category.definition.type", .invalidIRI),
            invalid(
                "a revision that is a number", Sample.minimal, [(["context", "revision"], 2)],
                at: "statement.context.revision", .wrongType),
            invalid(
                "a platform that is an object", Sample.minimal, [(["context", "platform"], [:])],
                at: "statement.context.platform", .wrongType),
            valid(
                "revision and platform with an activity object without objectType", Sample.minimal,
                [(["object", "objectType"], nil), (["context"], ["revision": "r", "platform": "p"])]),
            invalid(
                "a language that is a number", Sample.minimal, [(["context", "language"], 1)],
                at: "statement.context.language", .wrongType),
            invalid(
                "a language that is not a tag", Sample.minimal, [(["context", "language"], "english please")],
                at: "statement.context.language", .invalidLanguageTag),
            valid("a three-letter language", Sample.minimal, [(["context", "language"], "cmn")]),
            valid("a language with script and region", Sample.minimal, [(["context", "language"], "zh-Hant-TW")]),
            valid("a language with a numeric region", Sample.minimal, [(["context", "language"], "es-419")]),
            invalid(
                "a context statement that is an activity", Sample.minimal,
                [(["context", "statement"], ["objectType": "Activity", "id": .string(Sample.uuid)])],
                at: "statement.context.statement.objectType", .invalidValue),
            invalid(
                "a context statement without objectType", Sample.minimal,
                [(["context", "statement"], ["id": .string(Sample.uuid)])],
                at: "statement.context.statement.objectType", .missingProperty),
            invalid(
                "a context statement id that is not a UUID", Sample.minimal,
                [(["context", "statement"], ["objectType": "StatementRef", "id": "s-1"])],
                at: "statement.context.statement.id", .invalidUUID),
            invalid(
                "context extensions that are a string", Sample.minimal, [(["context", "extensions"], "x")],
                at: "statement.context.extensions", .wrongType),
            invalid(
                "a context extension key that is not an IRI", Sample.minimal,
                [(["context", "extensions"], ["room": 1])], at: "statement.context.extensions.room", .invalidIRI),
            valid("context extensions that are empty", Sample.minimal, [(["context", "extensions"], [:])]),
            invalid(
                "a context with an unknown property", Sample.minimal, [(["context", "location"], "x")],
                at: "statement.context.location", .unknownProperty),
            invalid(
                "contextAgents under 1.0.3", Sample.minimal, [(["context", "contextAgents"], [contextAgent])],
                at: "statement.context.contextAgents", .unknownProperty, versions: [.v1_0_3]),
            invalid(
                "contextGroups under 1.0.3", Sample.minimal, [(["context", "contextGroups"], [contextGroup])],
                at: "statement.context.contextGroups", .unknownProperty, versions: [.v1_0_3]),
            valid(
                "contextAgents and contextGroups under 2.0", Sample.minimal,
                [
                    (
                        ["context", "contextAgents"],
                        [contextAgent, ["objectType": "contextAgent", "agent": Sample.otherAgent]]
                    ),
                    (["context", "contextGroups"], [contextGroup]),
                ], versions: [.v2_0_0]),
            invalid(
                "contextAgents that are an object", Sample.minimal,
                [(["context", "contextAgents"], contextAgent)], at: "statement.context.contextAgents", .wrongType,
                versions: [.v2_0_0]),
            invalid(
                "a contextAgent with another objectType", Sample.minimal,
                [(["context", "contextAgents"], [contextAgent.setting(["objectType"], to: "Should fail")])],
                at: "statement.context.contextAgents[0].objectType", .invalidValue, versions: [.v2_0_0]),
            invalid(
                "a contextAgent without objectType", Sample.minimal,
                [(["context", "contextAgents"], [contextAgent.setting(["objectType"], to: nil)])],
                at: "statement.context.contextAgents[0].objectType", .missingProperty, versions: [.v2_0_0]),
            invalid(
                "a contextAgent with an invalid agent", Sample.minimal,
                [(["context", "contextAgents"], [contextAgent.setting(["agent"], to: ["key": "Should fail"])])],
                at: "statement.context.contextAgents[0].agent.key", .unknownProperty, versions: [.v2_0_0]),
            invalid(
                "a contextAgent whose agent is a Group", Sample.minimal,
                [(["context", "contextAgents"], [contextAgent.setting(["agent"], to: groupObject)])],
                at: "statement.context.contextAgents[0].agent.objectType", .invalidValue, versions: [.v2_0_0]),
            invalid(
                "a contextAgent without agent", Sample.minimal,
                [(["context", "contextAgents"], [contextAgent.setting(["agent"], to: nil)])],
                at: "statement.context.contextAgents[0].agent", .missingProperty, versions: [.v2_0_0]),
            invalid(
                "a contextAgent with empty relevantTypes", Sample.minimal,
                [(["context", "contextAgents"], [contextAgent.setting(["relevantTypes"], to: [])])],
                at: "statement.context.contextAgents[0].relevantTypes", .emptyArray, versions: [.v2_0_0]),
            invalid(
                "a contextAgent with a non-IRI relevant type", Sample.minimal,
                [(["context", "contextAgents"], [contextAgent.setting(["relevantTypes"], to: ["Should fail"])])],
                at: "statement.context.contextAgents[0].relevantTypes[0]", .invalidIRI, versions: [.v2_0_0]),
            invalid(
                "a contextGroup with another objectType", Sample.minimal,
                [(["context", "contextGroups"], [contextGroup.setting(["objectType"], to: "contextAgent")])],
                at: "statement.context.contextGroups[0].objectType", .invalidValue, versions: [.v2_0_0]),
            invalid(
                "a contextGroup whose group is an Agent", Sample.minimal,
                [(["context", "contextGroups"], [contextGroup.setting(["group"], to: agentObject)])],
                at: "statement.context.contextGroups[0].group.objectType", .invalidValue, versions: [.v2_0_0]),
            invalid(
                "a contextGroup whose group has no objectType", Sample.minimal,
                [(["context", "contextGroups"], [contextGroup.setting(["group"], to: ["mbox": "mailto:g@y.com"])])],
                at: "statement.context.contextGroups[0].group.objectType", .missingProperty, versions: [.v2_0_0]),
            invalid(
                "a contextGroup with empty relevantTypes", Sample.minimal,
                [(["context", "contextGroups"], [contextGroup.setting(["relevantTypes"], to: [])])],
                at: "statement.context.contextGroups[0].relevantTypes", .emptyArray, versions: [.v2_0_0]),
            invalid(
                "a contextGroup with an agent property", Sample.minimal,
                [(["context", "contextGroups"], [contextGroup.setting(["agent"], to: Sample.agent)])],
                at: "statement.context.contextGroups[0].agent", .unknownProperty, versions: [.v2_0_0]),
        ]
        let otherObjects: [(String, JSONValue)] = [
            ("an agent", agentObject), ("a group", groupObject), ("a StatementRef", statementRef),
            ("a SubStatement", subStatementBase["object"]!),
        ]
        for key in ["revision", "platform"] {
            for (label, object) in otherObjects {
                cases.append(
                    invalid(
                        "\(key) with \(label) object", Sample.minimal,
                        [(["object"], object), (["context", .key(key)], "x")], at: "statement.context.\(key)",
                        .contextNotAllowed))
            }
        }
        return cases
    }
}
