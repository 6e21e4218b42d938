import FlywheelXAPI

extension ValidationTables {
    static let statementRef: JSONValue = ["objectType": "StatementRef", "id": "5d2f6b1e-8f1f-4c5a-9f70-3f3a0a8a2b10"]

    static var objectCases: [ValidationCase] {
        let sub = subStatementBase
        return [
            valid("an activity object without objectType", Sample.minimal, [(["object", "objectType"], nil)]),
            valid("a StatementRef object", Sample.minimal, [(["object"], statementRef)]),
            valid(
                "a StatementRef with an upper-case id", Sample.minimal,
                [(["object"], ["objectType": "StatementRef", "id": "5D2F6B1E-8F1F-4C5A-9F70-3F3A0A8A2B10"])]),
            invalid(
                "an object with an unknown objectType", Sample.minimal, [(["object", "objectType"], "Thing")],
                at: "statement.object.objectType", .invalidValue),
            invalid(
                "an object objectType in the wrong case", Sample.minimal, [(["object", "objectType"], "activity")],
                at: "statement.object.objectType", .invalidValue),
            invalid(
                "an object objectType that is a number", Sample.minimal, [(["object", "objectType"], 7)],
                at: "statement.object.objectType", .wrongType),
            invalid(
                "an object that is a string", Sample.minimal, [(["object"], "activity")], at: "statement.object",
                .wrongType),
            invalid(
                "a StatementRef without id", Sample.minimal, [(["object"], ["objectType": "StatementRef"])],
                at: "statement.object.id", .missingProperty),
            invalid(
                "a StatementRef id that is not a UUID", Sample.minimal,
                [(["object"], ["objectType": "StatementRef", "id": "http://e.com/s/1"])], at: "statement.object.id",
                .invalidUUID),
            invalid(
                "a StatementRef id with too many digits", Sample.minimal,
                [(["object"], ["objectType": "StatementRef", "id": "AA97B177-9383-4934-8543-0F91A7A028368"])],
                at: "statement.object.id", .invalidUUID),
            invalid(
                "a StatementRef id that is a number", Sample.minimal,
                [(["object"], ["objectType": "StatementRef", "id": 5])], at: "statement.object.id", .wrongType),
            invalid(
                "a StatementRef with a definition", Sample.minimal,
                [(["object"], statementRef.setting(["definition"], to: [:]))], at: "statement.object.definition",
                .unknownProperty),
            valid("a SubStatement object", sub),
            valid(
                "a SubStatement with result, context, timestamp and attachments", sub,
                [
                    (["object", "result"], ["success": true]),
                    (["object", "context"], ["registration": .string(Sample.uuid), "platform": "x"]),
                    (["object", "timestamp"], "2024-01-01T00:00:00Z"), (["object", "attachments"], []),
                ]),
            valid("a SubStatement with a StatementRef object", sub, [(["object", "object"], statementRef)]),
            valid(
                "a SubStatement with an agent object", sub,
                [(["object", "object"], ["objectType": "Agent", "mbox": "mailto:x@y.com"])]),
            invalid(
                "a SubStatement with an id", sub, [(["object", "id"], .string(Sample.uuid))],
                at: "statement.object.id", .subStatementRestriction),
            invalid(
                "a SubStatement with stored", sub, [(["object", "stored"], "2024-01-01T00:00:00Z")],
                at: "statement.object.stored", .subStatementRestriction),
            invalid(
                "a SubStatement with version", sub, [(["object", "version"], "1.0.0")],
                at: "statement.object.version", .subStatementRestriction),
            invalid(
                "a SubStatement with authority", sub, [(["object", "authority"], Sample.agent)],
                at: "statement.object.authority", .subStatementRestriction),
            invalid(
                "a SubStatement inside a SubStatement", sub,
                [(["object", "object"], subStatementBase["object"]!)], at: "statement.object.object",
                .subStatementRestriction),
            invalid(
                "a SubStatement without actor", sub, [(["object", "actor"], nil)], at: "statement.object.actor",
                .missingProperty),
            invalid(
                "a SubStatement without verb", sub, [(["object", "verb"], nil)], at: "statement.object.verb",
                .missingProperty),
            invalid(
                "a SubStatement without object", sub, [(["object", "object"], nil)],
                at: "statement.object.object", .missingProperty),
            invalid(
                "a SubStatement with an invalid verb id", sub, [(["object", "verb", "id"], "not an iri")],
                at: "statement.object.verb.id", .invalidIRI),
            invalid(
                "a SubStatement with an invalid timestamp", sub, [(["object", "timestamp"], "01/011/2015")],
                at: "statement.object.timestamp", .invalidTimestamp),
            invalid(
                "a SubStatement timestamp with a -00:00 offset", sub,
                [(["object", "timestamp"], "2008-09-15T15:53:00.601-00:00")], at: "statement.object.timestamp",
                .invalidTimestamp),
            invalid(
                "a SubStatement with an unknown property", sub, [(["object", "mood"], "x")],
                at: "statement.object.mood", .unknownProperty),
            invalid(
                "a SubStatement with an invalid activity definition", sub,
                [(["object", "object", "definition"], ["name": "plain"])],
                at: "statement.object.object.definition.name",
                .wrongType),
            invalid(
                "a SubStatement with revision and an agent object", sub,
                [
                    (["object", "object"], ["objectType": "Agent", "mbox": "mailto:x@y.com"]),
                    (["object", "context"], ["revision": "r1"]),
                ], at: "statement.object.context.revision",
                .contextNotAllowed),
            invalid(
                "a SubStatement with contextAgents under 1.0.3", sub,
                [(["object", "context"], ["contextAgents": []])], at: "statement.object.context.contextAgents",
                .unknownProperty, versions: [.v1_0_3]),
            valid(
                "a SubStatement with contextAgents under 2.0", sub,
                [(["object", "context"], ["contextAgents": [["objectType": "contextAgent", "agent": Sample.agent]]])],
                versions: [.v2_0_0]),
        ]
    }

    static var activityCases: [ValidationCase] {
        var cases: [ValidationCase] = [
            valid("an activity with an empty definition", Sample.minimal, [(["object", "definition"], [:])]),
            valid(
                "an activity id that is a URN", Sample.minimal,
                [(["object", "id"], .string("urn:uuid:" + Sample.uuid))]),
            valid(
                "an activity id with non-ASCII characters", Sample.minimal,
                [(["object", "id"], "http://例え.jp/活動/1")]),
            invalid(
                "an activity without id", Sample.minimal, [(["object", "id"], nil)], at: "statement.object.id",
                .missingProperty),
            invalid(
                "an activity id that is not an IRI", Sample.minimal, [(["object", "id"], "meeting-34534")],
                at: "statement.object.id", .invalidIRI),
            invalid(
                "an activity id that is a number", Sample.minimal, [(["object", "id"], 34534)],
                at: "statement.object.id", .wrongType),
            invalid(
                "a definition that is a string", Sample.minimal, [(["object", "definition"], "meeting")],
                at: "statement.object.definition", .wrongType),
            invalid(
                "a definition name that is a number", Sample.minimal, [(["object", "definition", "name"], 12345)],
                at: "statement.object.definition.name", .wrongType),
            invalid(
                "a definition name that is a string", Sample.minimal,
                [(["object", "definition", "name"], "meeting")], at: "statement.object.definition.name", .wrongType),
            invalid(
                "a definition name keyed by a bad tag", Sample.minimal,
                [(["object", "definition", "name"], ["a12345678": "x"])],
                at: "statement.object.definition.name.a12345678", .invalidLanguageTag),
            invalid(
                "a definition description that is a number", Sample.minimal,
                [(["object", "definition", "description"], 12345)], at: "statement.object.definition.description",
                .wrongType),
            invalid(
                "a definition description keyed by a bad tag", Sample.minimal,
                [(["object", "definition", "description"], ["en-": "x"])],
                at: "statement.object.definition.description.en-", .invalidLanguageTag),
            invalid(
                "a definition type that is not an IRI", Sample.minimal,
                [(["object", "definition", "type"], "meeting")], at: "statement.object.definition.type", .invalidIRI),
            invalid(
                "a definition moreInfo that is not an IRL", Sample.minimal,
                [(["object", "definition", "moreInfo"], "ab=c://should.fail.com")],
                at: "statement.object.definition.moreInfo", .invalidIRI),
            invalid(
                "a definition with an unknown property", Sample.minimal,
                [(["object", "definition", "title"], "x")], at: "statement.object.definition.title", .unknownProperty),
            invalid(
                "definition extensions that are a string", Sample.minimal,
                [(["object", "definition", "extensions"], "x")], at: "statement.object.definition.extensions",
                .wrongType),
            invalid(
                "a definition extension key that is not an IRI", Sample.minimal,
                [(["object", "definition", "extensions"], ["should fail": true])],
                at: "statement.object.definition.extensions.should fail", .invalidIRI),
            valid(
                "definition extension values of any type, null included", Sample.minimal,
                [
                    (
                        ["object", "definition", "extensions"],
                        [
                            "http://e.com/a": nil, "http://e.com/b": "",
                            "http://e.com/c": [:], "http://e.com/d": [1, "x", nil],
                        ]
                    )
                ]),
            invalid(
                "an interactionType that is a number", Sample.minimal,
                [(["object", "definition", "interactionType"], 1)], at: "statement.object.definition.interactionType",
                .wrongType),
            invalid(
                "an interactionType that is an IRI", Sample.minimal,
                [(["object", "definition", "interactionType"], "http://e.com/choice")],
                at: "statement.object.definition.interactionType", .invalidValue),
            invalid(
                "a correctResponsesPattern that is a string", Sample.minimal,
                [(["object", "definition"], ["interactionType": "other", "correctResponsesPattern": "a"])],
                at: "statement.object.definition.correctResponsesPattern", .wrongType),
            invalid(
                "a correctResponsesPattern with a number", Sample.minimal,
                [(["object", "definition"], ["interactionType": "numeric", "correctResponsesPattern": [4]])],
                at: "statement.object.definition.correctResponsesPattern[0]", .wrongType),
            invalid(
                "choices with a repeated id", Sample.minimal,
                [(["object", "definition"], ["interactionType": "choice", "choices": [["id": "a"], ["id": "a"]]])],
                at: "statement.object.definition.choices[1].id", .interactionComponents),
            invalid(
                "a choice without id", Sample.minimal,
                [
                    (
                        ["object", "definition"],
                        ["interactionType": "choice", "choices": [["description": ["en": "A"]]]]
                    )
                ],
                at: "statement.object.definition.choices[0].id", .missingProperty),
            invalid(
                "a choice description keyed by a bad tag", Sample.minimal,
                [
                    (
                        ["object", "definition"],
                        [
                            "interactionType": "choice",
                            "choices": [["id": "a", "description": ["a12345": "A"]]],
                        ]
                    )
                ],
                at: "statement.object.definition.choices[0].description.a12345", .invalidLanguageTag),
            valid(
                "a choice description keyed by sr-Latn-RS", Sample.minimal,
                [
                    (
                        ["object", "definition"],
                        [
                            "interactionType": "choice",
                            "choices": [["id": "a", "description": ["sr-Latn-RS": "A"]]],
                        ]
                    )
                ]),
            invalid(
                "a choice with an unknown property", Sample.minimal,
                [(["object", "definition"], ["interactionType": "choice", "choices": [["id": "a", "name": "A"]]])],
                at: "statement.object.definition.choices[0].name", .unknownProperty),
            invalid(
                "choices that are an object", Sample.minimal,
                [(["object", "definition"], ["interactionType": "choice", "choices": ["id": "a"]])],
                at: "statement.object.definition.choices", .wrongType),
        ]
        let types = [
            "true-false", "choice", "fill-in", "long-fill-in", "matching", "performance", "sequencing",
            "likert", "numeric", "other",
        ]
        let lists: [String: [String]] = [
            "choice": ["choices"], "sequencing": ["choices"], "likert": ["scale"], "matching": ["source", "target"],
            "performance": ["steps"],
        ]
        for type in types {
            var definition: JSONValue = ["interactionType": .string(type), "correctResponsesPattern": ["x"]]
            for list in lists[type] ?? [] {
                definition = definition.setting(
                    [.key(list)], to: [["id": "one"], ["id": "two", "description": ["en-US": "Two"]]])
            }
            cases.append(
                valid(
                    "interactionType \(type) with its components", Sample.minimal,
                    [(["object", "definition"], definition)]))
            let wrongCase = String(type.prefix(1).uppercased()) + type.dropFirst()
            cases.append(
                invalid(
                    "interactionType \(wrongCase) in the wrong case", Sample.minimal,
                    [(["object", "definition", "interactionType"], .string(wrongCase))],
                    at: "statement.object.definition.interactionType", .invalidValue))
            for list in ["choices", "scale", "source", "target", "steps"] where !(lists[type] ?? []).contains(list) {
                cases.append(
                    invalid(
                        "interactionType \(type) with \(list)", Sample.minimal,
                        [(["object", "definition"], ["interactionType": .string(type), list: [["id": "a"]]])],
                        at: "statement.object.definition.\(list)", .interactionComponents))
            }
        }
        for property in ["correctResponsesPattern", "choices", "scale", "source", "target", "steps"] {
            let value: JSONValue = property == "correctResponsesPattern" ? ["a"] : [["id": "a"]]
            cases.append(
                invalid(
                    "\(property) without interactionType", Sample.minimal,
                    [(["object", "definition"], [property: value])],
                    at: "statement.object.definition.interactionType", .interactionComponents))
        }
        return cases
    }
}
