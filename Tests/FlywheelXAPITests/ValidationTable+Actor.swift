import FlywheelXAPI

/// Places where an Agent may stand, with the statement that holds it.
private let agentPositions: [(label: String, path: [PathStep], base: JSONValue, objectType: JSONValue?)] = [
    ("actor", ["actor"], Sample.minimal, nil),
    ("instructor", ["context", "instructor"], Sample.minimal, nil),
    ("authority", ["authority"], Sample.minimal, "Agent"),
    ("object agent", ["object"], Sample.minimal, "Agent"),
    ("sub-statement actor", ["object", "actor"], ValidationTables.subStatementBase, nil),
    ("group member", ["actor", "member", 0], ValidationTables.anonymousGroupActor, nil),
]

/// Places where a Group may stand.
private let groupPositions: [(label: String, path: [PathStep], base: JSONValue)] = [
    ("actor", ["actor"], Sample.minimal),
    ("instructor", ["context", "instructor"], Sample.minimal),
    ("team", ["context", "team"], Sample.minimal),
    ("object group", ["object"], Sample.minimal),
    ("sub-statement actor", ["object", "actor"], ValidationTables.subStatementBase),
]

private let identifiers: [(key: String, value: JSONValue)] = [
    ("mbox", "mailto:carol@example.com"),
    ("mbox_sha1sum", "cd9b00a5611f94eaa7b1661edab976068e364975"),
    ("openid", "http://openid.example.org/12345"),
    ("account", ["homePage": "http://www.example.com", "name": "xAPI account name"]),
]

extension ValidationTables {
    static let anonymousGroupActor = Sample.minimal.setting(
        ["actor"], to: ["objectType": "Group", "member": [Sample.agent, Sample.otherAgent]])

    static let subStatementBase = Sample.minimal.setting(
        ["object"],
        to: ["objectType": "SubStatement", "actor": Sample.otherAgent, "verb": Sample.verb, "object": Sample.activity])

    static var agentCases: [ValidationCase] {
        var cases: [ValidationCase] = []
        for position in agentPositions {
            let here = reportedPath("statement", position.path)
            func agent(_ fields: JSONValue) -> JSONValue {
                guard let objectType = position.objectType else { return fields }
                return fields.setting(["objectType"], to: objectType)
            }
            for identifier in identifiers {
                let fields: JSONValue = .object(JSONObject([.init(key: identifier.key, value: identifier.value)]))
                cases.append(
                    valid(
                        "\(position.label) identified by \(identifier.key)", position.base,
                        [(position.path, agent(fields))]))
            }
            cases.append(
                valid(
                    "\(position.label) with objectType Agent and a name", position.base,
                    [(position.path, ["objectType": "Agent", "name": "Dee", "mbox": "mailto:dee@example.com"])]))
            cases.append(
                invalid(
                    "\(position.label) without an identifier", position.base,
                    [(position.path, agent(["name": "Nobody"]))], at: here, .identifierCount))
            for first in 0..<identifiers.count {
                for second in (first + 1)..<identifiers.count {
                    let fields: JSONValue = .object(
                        JSONObject([
                            .init(key: identifiers[first].key, value: identifiers[first].value),
                            .init(key: identifiers[second].key, value: identifiers[second].value),
                        ]))
                    cases.append(
                        invalid(
                            "\(position.label) with both \(identifiers[first].key) and \(identifiers[second].key)",
                            position.base, [(position.path, agent(fields))], at: here, .identifierCount))
                }
            }
            let bad: [(String, JSONValue, String, XAPIValidationError.Rule)] = [
                ("mbox that is an http IRI", ["mbox": "http://should.fail.com"], ".mbox", .invalidMailto),
                ("mbox without an address", ["mbox": "mailto:should.fail.com"], ".mbox", .invalidMailto),
                ("mbox that is a number", ["mbox": 12345], ".mbox", .wrongType),
                ("mbox_sha1sum that is a number", ["mbox_sha1sum": 12345], ".mbox_sha1sum", .wrongType),
                (
                    "mbox_sha1sum of 39 digits", ["mbox_sha1sum": "cd9b00a5611f94eaa7b1661edab976068e36497"],
                    ".mbox_sha1sum", .invalidHash
                ),
                (
                    "mbox_sha1sum with a non-hex digit", ["mbox_sha1sum": "zd9b00a5611f94eaa7b1661edab976068e364975"],
                    ".mbox_sha1sum", .invalidHash
                ),
                ("openid that is not a URI", ["openid": "ab=c://should.fail.com"], ".openid", .invalidIRI),
                ("account without homePage", ["account": ["name": "x"]], ".account.homePage", .missingProperty),
                (
                    "account without name", ["account": ["homePage": "http://example.com"]], ".account.name",
                    .missingProperty
                ),
                (
                    "account homePage that is not an IRL", ["account": ["homePage": "ab=c://x", "name": "x"]],
                    ".account.homePage", .invalidIRI
                ),
                (
                    "account name that is an object", ["account": ["homePage": "http://e.com", "name": ["key": "v"]]],
                    ".account.name", .wrongType
                ),
                (
                    "account with an extra property",
                    ["account": ["homePage": "http://e.com", "name": "x", "email": "x@e.com"]], ".account.email",
                    .unknownProperty
                ),
                ("account that is a string", ["account": "http://e.com|x"], ".account", .wrongType),
                ("name that is a number", ["mbox": "mailto:a@b.com", "name": 123], ".name", .wrongType),
                ("name that is an object", ["mbox": "mailto:a@b.com", "name": ["key": "v"]], ".name", .wrongType),
                ("name that is null", ["mbox": "mailto:a@b.com", "name": nil], ".name", .nullValue),
                ("unknown property", ["mbox": "mailto:a@b.com", "email": "a@b.com"], ".email", .unknownProperty),
                (
                    "key in the wrong case", ["Mbox": "mailto:a@b.com", "openid": "http://o.example.com/1"], ".Mbox",
                    .unknownProperty
                ),
            ]
            for (label, fields, suffix, rule) in bad {
                cases.append(
                    invalid(
                        "\(position.label) \(label)", position.base, [(position.path, agent(fields))],
                        at: here + suffix, rule))
            }
            cases.append(
                invalid(
                    "\(position.label) objectType in the wrong case", position.base,
                    [(position.path, ["objectType": "agent", "mbox": "mailto:a@b.com"])], at: here + ".objectType",
                    .invalidValue))
            cases.append(
                invalid(
                    "\(position.label) objectType that is a number", position.base,
                    [(position.path, ["objectType": 123, "mbox": "mailto:a@b.com"])], at: here + ".objectType",
                    .wrongType))
            cases.append(
                invalid(
                    "\(position.label) that is a string", position.base, [(position.path, "agent")], at: here,
                    .wrongType))
        }
        cases.append(
            invalid(
                "object agent without objectType is read as an Activity", Sample.minimal,
                [(["object"], ["mbox": "mailto:a@b.com"])], at: "statement.object.mbox", .unknownProperty))
        return cases
    }

    static var groupCases: [ValidationCase] {
        var cases: [ValidationCase] = []
        for position in groupPositions {
            let here = reportedPath("statement", position.path)
            let members: JSONValue = [Sample.agent, ["objectType": "Agent", "openid": "http://openid.example.org/7"]]
            cases.append(
                valid(
                    "\(position.label) anonymous group with members", position.base,
                    [(position.path, ["objectType": "Group", "name": "Crew", "member": members])]))
            for identifier in identifiers {
                cases.append(
                    valid(
                        "\(position.label) group identified by \(identifier.key)", position.base,
                        [(position.path, ["objectType": "Group", identifier.key: identifier.value])]))
                cases.append(
                    valid(
                        "\(position.label) group identified by \(identifier.key) with members", position.base,
                        [
                            (
                                position.path,
                                [
                                    "objectType": "Group", "member": members,
                                    identifier.key: identifier.value,
                                ]
                            )
                        ]))
            }
            cases.append(
                invalid(
                    "\(position.label) anonymous group without members", position.base,
                    [(position.path, ["objectType": "Group", "name": "Crew"])], at: here + ".member", .groupMembers))
            cases.append(
                invalid(
                    "\(position.label) group member list that is an object", position.base,
                    [(position.path, ["objectType": "Group", "member": Sample.agent])], at: here + ".member",
                    .wrongType))
            cases.append(
                invalid(
                    "\(position.label) group with a group member", position.base,
                    [
                        (
                            position.path,
                            [
                                "objectType": "Group",
                                "member": [
                                    ["objectType": "Group", "mbox": "mailto:g@example.com"]
                                ],
                            ]
                        )
                    ],
                    at: here + ".member[0]", .groupMembers))
            cases.append(
                invalid(
                    "\(position.label) group member without an identifier", position.base,
                    [(position.path, ["objectType": "Group", "member": [["name": "x"]]])], at: here + ".member[0]",
                    .identifierCount))
            cases.append(
                invalid(
                    "\(position.label) group with two identifiers", position.base,
                    [
                        (
                            position.path,
                            [
                                "objectType": "Group", "mbox": "mailto:g@example.com",
                                "openid": "http://openid.example.org/g",
                            ]
                        )
                    ], at: here, .identifierCount))
            cases.append(
                invalid(
                    "\(position.label) group with objectType in the wrong case", position.base,
                    [(position.path, ["objectType": "group", "mbox": "mailto:g@example.com"])],
                    at: here + ".objectType", .invalidValue))
            cases.append(
                invalid(
                    "\(position.label) group with a null member entry", position.base,
                    [(position.path, ["objectType": "Group", "member": [Sample.agent, nil]])],
                    at: here + ".member[1]", .nullValue))
        }
        cases.append(
            invalid(
                "team that is an Agent", Sample.minimal,
                [
                    (
                        ["context", "team"],
                        [
                            "objectType": "Agent",
                            "mbox": "mailto:a@b.com",
                        ]
                    )
                ], at: "statement.context.team.objectType", .invalidValue))
        cases.append(
            invalid(
                "team without objectType", Sample.minimal, [(["context", "team"], ["mbox": "mailto:a@b.com"])],
                at: "statement.context.team.objectType", .missingProperty))
        cases.append(
            invalid(
                "object group without objectType is read as an Activity", Sample.minimal,
                [(["object"], ["member": [Sample.agent]])], at: "statement.object.member", .unknownProperty))
        return cases
    }
}
