import FlywheelXAPI

/// Tables of statements that must pass or fail, each failure with its path and rule.
enum ValidationTables {
    static var all: [ValidationCase] {
        statementCases + agentCases + groupCases + verbCases + objectCases + activityCases + resultCases
            + contextCases + attachmentCases
    }

    static var statementCases: [ValidationCase] {
        var cases: [ValidationCase] = [
            valid("the minimal statement"),
            valid("a statement using most properties", Sample.full),
            valid(
                "properties in any order",
                json(
                    #"{"object": {"id": "http://e.com/a"}, "verb": {"id": "http://e.com/v"}, "#
                        + #""actor": {"mbox": "mailto:a@b.com"}}"#
                )),
            invalid(
                "a statement without actor", Sample.minimal, [(["actor"], nil)], at: "statement.actor",
                .missingProperty),
            invalid(
                "a statement without verb", Sample.minimal, [(["verb"], nil)], at: "statement.verb",
                .missingProperty),
            invalid(
                "a statement without object", Sample.minimal, [(["object"], nil)], at: "statement.object",
                .missingProperty),
            invalid(
                "an unknown top-level property", Sample.minimal, [(["mood"], "happy")], at: "statement.mood",
                .unknownProperty),
            invalid(
                "a top-level key in the wrong case", Sample.minimal, [(["actor"], nil), (["Actor"], Sample.agent)],
                at: "statement.Actor", .unknownProperty),
            invalid(
                "objectType at statement level", Sample.minimal, [(["objectType"], "Statement")],
                at: "statement.objectType", .unknownProperty),
            invalid("a null actor", Sample.minimal, [(["actor"], .null)], at: "statement.actor", .nullValue),
            invalid("a null verb", Sample.minimal, [(["verb"], .null)], at: "statement.verb", .nullValue),
            invalid("a null object", Sample.minimal, [(["object"], .null)], at: "statement.object", .nullValue),
            invalid("a null context", Sample.minimal, [(["context"], .null)], at: "statement.context", .nullValue),
            invalid("a null id", Sample.minimal, [(["id"], .null)], at: "statement.id", .nullValue),
            ValidationCase(
                name: "a statement that is an array", statement: [Sample.minimal], versions: bothVersions,
                expectation: .invalid(path: "statement", rule: .wrongType)),
            valid("an upper-case id", Sample.minimal, [(["id"], "AA97B177-9383-4934-8543-0F91A7A02836")]),
            valid("a version 1 UUID id", Sample.minimal, [(["id"], "c232ab00-9414-11ec-b3c8-9f6bdeced846")]),
            invalid(
                "an id with too many digits", Sample.minimal, [(["id"], "AA97B177-9383-4934-8543-0F91A7A028368")],
                at: "statement.id", .invalidUUID),
            invalid(
                "an id with a non-hex letter", Sample.minimal, [(["id"], "MA97B177-9383-4934-8543-0F91A7A02836")],
                at: "statement.id", .invalidUUID),
            invalid(
                "an id without hyphens", Sample.minimal, [(["id"], "aa97b17793834934a5430f91a7a02836")],
                at: "statement.id", .invalidUUID),
            invalid(
                "an id of another variant", Sample.minimal, [(["id"], "aa97b177-9383-4934-c543-0f91a7a02836")],
                at: "statement.id", .invalidUUID),
            invalid("an empty id", Sample.minimal, [(["id"], "")], at: "statement.id", .invalidUUID),
            invalid("an id that is a number", Sample.minimal, [(["id"], 12345)], at: "statement.id", .wrongType),
            invalid(
                "an id that is an object", Sample.minimal, [(["id"], ["key": "v"])], at: "statement.id",
                .wrongType),
            valid(
                "a voiding statement with a StatementRef", Sample.minimal,
                [
                    (["verb"], ["id": "http://adlnet.gov/expapi/verbs/voided", "display": ["en-US": "voided"]]),
                    (["object"], ["objectType": "StatementRef", "id": .string(Sample.uuid)]),
                ]),
            invalid(
                "a voiding statement with an Activity object", Sample.minimal,
                [(["verb", "id"], "http://adlnet.gov/expapi/verbs/voided")], at: "statement.object", .voidingTarget),
        ]
        let validTimestamps: [String] = [
            "2008-09-15T15:53:00.601+00:00", "2013-05-18T05:32:34.804Z", "2024-02-29T23:59:59Z",
            "2024-05-01T10:20:30.123456789+05:30", "20080915T155300Z", "2008-09-15T15:53Z", "2008-09-15T15:53:00+01",
            "2008-09-15T15:53:00,5-03:30", "20080915T155300.5-0330", "2099-01-01T00:00:00Z", "2008-09-15T24:00:00Z",
        ]
        for text in validTimestamps {
            cases.append(valid("timestamp \(text)", Sample.minimal, [(["timestamp"], .string(text))]))
            cases.append(valid("stored \(text)", Sample.minimal, [(["stored"], .string(text))]))
        }
        cases.append(
            valid(
                "timestamp without a time zone under 1.0.3", Sample.minimal,
                [(["timestamp"], "2008-09-15T15:53:00.601")], versions: [.v1_0_3]))
        cases.append(
            invalid(
                "timestamp without a time zone under 2.0", Sample.minimal,
                [(["timestamp"], "2008-09-15T15:53:00.601")], at: "statement.timestamp", .invalidTimestamp,
                versions: [.v2_0_0]))
        let invalidTimestamps: [String] = [
            "should fail", "01/011/2015", "2008-09-15T15:53:00.601-00", "2008-09-15T15:53:00.601-0000",
            "2008-09-15T15:53:00.601-00:00", "2008-02-30T10:00:00Z", "2008-13-01T10:00:00Z", "2008-09-15",
            "2008-09-15T25:00:00Z", "2008-09-15T15:60:00Z", "2008-09-15 15:53:00Z", "2008-09-15T15:53:00.Z",
            "2008-09-15T15:53:00+24:00", "2008-09-15T15:53:00+0530", "20080915T155300+05:30", "",
            "2008-09-15T15:53:00Zjunk",
        ]
        for text in invalidTimestamps {
            cases.append(
                invalid(
                    "timestamp \"\(text)\"", Sample.minimal, [(["timestamp"], .string(text))],
                    at: "statement.timestamp", .invalidTimestamp))
        }
        cases.append(
            invalid(
                "stored that is not a timestamp", Sample.minimal, [(["stored"], "yesterday")],
                at: "statement.stored", .invalidTimestamp))
        cases.append(
            invalid(
                "timestamp that is a number", Sample.minimal, [(["timestamp"], 1_700_000_000)],
                at: "statement.timestamp", .wrongType))
        for text in ["1.0", "1.0.0", "1.0.3", "1.0.9", "1.0.12"] {
            cases.append(valid("version \(text)", Sample.minimal, [(["version"], .string(text))]))
        }
        for text in ["2.0", "2.0.0", "2.0.1"] {
            cases.append(
                valid(
                    "version \(text) under 2.0", Sample.minimal, [(["version"], .string(text))],
                    versions: [.v2_0_0]))
            cases.append(
                invalid(
                    "version \(text) under 1.0.3", Sample.minimal, [(["version"], .string(text))],
                    at: "statement.version", .invalidVersion, versions: [.v1_0_3]))
        }
        for text in ["should fail", "0.9.9", "1.1.0", "2.1.0", "1.0.", "1.0.x", "1", "3.0.0", ""] {
            cases.append(
                invalid(
                    "version \"\(text)\"", Sample.minimal, [(["version"], .string(text))],
                    at: "statement.version", .invalidVersion))
        }
        cases.append(
            invalid(
                "version that is a number", Sample.minimal, [(["version"], 1.0)],
                at: "statement.version", .wrongType))
        cases += authorityCases
        return cases
    }

    static var authorityCases: [ValidationCase] {
        let consumer: JSONValue = ["account": ["homePage": "http://lrs.example.com", "name": "consumer-key"]]
        let user: JSONValue = ["mbox": "mailto:user@example.com"]
        return [
            valid(
                "an OAuth authority of two agents", Sample.minimal,
                [(["authority"], ["objectType": "Group", "member": [consumer, user]])]),
            invalid(
                "a group authority of one agent", Sample.minimal,
                [(["authority"], ["objectType": "Group", "member": [consumer]])], at: "statement.authority",
                .authorityShape),
            invalid(
                "a group authority of three agents", Sample.minimal,
                [(["authority"], ["objectType": "Group", "member": [consumer, user, Sample.agent]])],
                at: "statement.authority", .authorityShape),
            invalid(
                "an identified group authority", Sample.minimal,
                [
                    (
                        ["authority"],
                        ["objectType": "Group", "mbox": "mailto:g@example.com", "member": [consumer, user]]
                    )
                ],
                at: "statement.authority", .authorityShape),
            invalid(
                "an identified group authority without members", Sample.minimal,
                [(["authority"], ["objectType": "Group", "openid": "http://openid.example.org/g"])],
                at: "statement.authority", .authorityShape),
            invalid(
                "an anonymous group authority without members", Sample.minimal,
                [(["authority"], ["objectType": "Group"])], at: "statement.authority.member", .groupMembers),
        ]
    }

    static var verbCases: [ValidationCase] {
        [
            valid("a verb without display", Sample.minimal, [(["verb", "display"], nil)]),
            valid("a verb with an empty display", Sample.minimal, [(["verb", "display"], [:])]),
            valid("a display keyed by a two-letter language", Sample.minimal, [(["verb", "display"], ["de": "x"])]),
            valid("a display keyed by a private-use tag", Sample.minimal, [(["verb", "display"], ["x-klingon": "x"])]),
            invalid(
                "a verb without id", Sample.minimal, [(["verb", "id"], nil)], at: "statement.verb.id",
                .missingProperty),
            invalid(
                "a verb id that is not an IRI", Sample.minimal, [(["verb", "id"], "attended")],
                at: "statement.verb.id", .invalidIRI),
            invalid(
                "a verb id with a bad scheme", Sample.minimal, [(["verb", "id"], "ab=c://should.fail.com")],
                at: "statement.verb.id", .invalidIRI),
            invalid(
                "a verb id with a space", Sample.minimal, [(["verb", "id"], "http://e.com/a verb")],
                at: "statement.verb.id", .invalidIRI),
            invalid(
                "a verb id that is empty", Sample.minimal, [(["verb", "id"], "")], at: "statement.verb.id",
                .invalidIRI),
            invalid(
                "a verb display that is a number", Sample.minimal, [(["verb", "display"], 12345)],
                at: "statement.verb.display", .wrongType),
            invalid(
                "a verb display that is a string", Sample.minimal, [(["verb", "display"], "a12345 attended")],
                at: "statement.verb.display", .wrongType),
            invalid(
                "a verb display keyed by a bad tag", Sample.minimal, [(["verb", "display"], ["a12345": "x"])],
                at: "statement.verb.display.a12345", .invalidLanguageTag),
            invalid(
                "a verb display with a number value", Sample.minimal, [(["verb", "display"], ["en": 1])],
                at: "statement.verb.display.en", .wrongType),
            invalid(
                "a verb display with a null value", Sample.minimal, [(["verb", "display"], ["en": nil])],
                at: "statement.verb.display.en", .nullValue),
            invalid(
                "a verb with an unknown property", Sample.minimal, [(["verb", "name"], "attended")],
                at: "statement.verb.name", .unknownProperty),
            invalid(
                "a verb that is a string", Sample.minimal, [(["verb"], "attended")], at: "statement.verb",
                .wrongType),
        ]
    }
}
