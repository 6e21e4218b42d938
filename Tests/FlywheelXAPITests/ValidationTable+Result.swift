import FlywheelXAPI

extension ValidationTables {
    static var resultCases: [ValidationCase] {
        var cases: [ValidationCase] = [
            valid("an empty result", Sample.minimal, [(["result"], [:])]),
            valid("scaled at 1.0", Sample.minimal, [(["result", "score", "scaled"], 1.0)]),
            valid("scaled at -1", Sample.minimal, [(["result", "score", "scaled"], -1)]),
            valid("scaled with many decimals", Sample.minimal, [(["result", "score", "scaled"], 0.6767676)]),
            valid(
                "raw equal to min and max bounds", Sample.minimal,
                [(["result", "score"], ["raw": 0, "min": 0, "max": 100.6767676])]),
            valid("raw without bounds", Sample.minimal, [(["result", "score"], ["raw": -1000.5])]),
            valid("min alone", Sample.minimal, [(["result", "score"], ["min": 3.5])]),
            invalid(
                "a score that is a number", Sample.minimal, [(["result", "score"], 5)],
                at: "statement.result.score", .wrongType),
            invalid(
                "a score that is a string", Sample.minimal, [(["result", "score"], "5")],
                at: "statement.result.score", .wrongType),
            invalid(
                "scaled above 1", Sample.minimal, [(["result", "score", "scaled"], 1.01)],
                at: "statement.result.score.scaled", .scoreRange),
            invalid(
                "scaled below -1", Sample.minimal, [(["result", "score", "scaled"], -1.5)],
                at: "statement.result.score.scaled", .scoreRange),
            invalid(
                "scaled that is a string", Sample.minimal, [(["result", "score", "scaled"], "0.5")],
                at: "statement.result.score.scaled", .wrongType),
            invalid(
                "raw above max", Sample.minimal, [(["result", "score"], ["raw": 101, "min": 0, "max": 100])],
                at: "statement.result.score.raw", .scoreRange),
            invalid(
                "raw below min", Sample.minimal, [(["result", "score"], ["raw": -1, "min": 0, "max": 100])],
                at: "statement.result.score.raw", .scoreRange),
            invalid(
                "min above max", Sample.minimal, [(["result", "score"], ["min": 10, "max": 5])],
                at: "statement.result.score.min", .scoreRange),
            invalid(
                "min equal to max", Sample.minimal, [(["result", "score"], ["min": 5, "max": 5])],
                at: "statement.result.score.min", .scoreRange),
            invalid(
                "a score with an unknown property", Sample.minimal, [(["result", "score", "percent"], 50)],
                at: "statement.result.score.percent", .unknownProperty),
            invalid(
                "success that is the string true", Sample.minimal, [(["result", "success"], "true")],
                at: "statement.result.success", .wrongType),
            invalid(
                "success that is the string false", Sample.minimal, [(["result", "success"], "false")],
                at: "statement.result.success", .wrongType),
            invalid(
                "completion that is the string true", Sample.minimal, [(["result", "completion"], "true")],
                at: "statement.result.completion", .wrongType),
            invalid(
                "completion that is an object", Sample.minimal, [(["result", "completion"], [:])],
                at: "statement.result.completion", .wrongType),
            invalid(
                "response that is a number", Sample.minimal, [(["result", "response"], 42)],
                at: "statement.result.response", .wrongType),
            invalid(
                "result extensions that are a number", Sample.minimal, [(["result", "extensions"], 42)],
                at: "statement.result.extensions", .wrongType),
            invalid(
                "a result extension key that is not an IRI", Sample.minimal,
                [(["result", "extensions"], ["attempts": 2])], at: "statement.result.extensions.attempts",
                .invalidIRI),
            invalid(
                "a result with an unknown property", Sample.minimal, [(["result", "grade"], "A")],
                at: "statement.result.grade", .unknownProperty),
            invalid(
                "a null success", Sample.minimal, [(["result", "success"], .null)],
                at: "statement.result.success", .nullValue),
            invalid(
                "a result that is a string", Sample.minimal, [(["result"], "passed")], at: "statement.result",
                .wrongType),
        ]
        for duration in [
            "PT4H35M59.14S", "P3Y1M29DT4H35M59.14S", "P4W", "PT1H0M0.1S", "P1DT12H36M0.12567S", "PT0S",
            "P1Y", "PT36H", "P0.5Y", "PT1,5S",
        ] {
            cases.append(valid("duration \(duration)", Sample.minimal, [(["result", "duration"], .string(duration))]))
        }
        for duration in [
            "PA1H0M0S", "P4W1D", "PT", "P", "1H", "P1H", "PT1D", "P0003-01-29T04:35:59", "P1M1Y",
            "PT1.5H30M", "P1DT", "pt1h", "P-1D", "should fail",
        ] {
            cases.append(
                invalid(
                    "duration \"\(duration)\"", Sample.minimal,
                    [(["result", "duration"], .string(duration))], at: "statement.result.duration", .invalidDuration))
        }
        cases.append(
            invalid(
                "duration that is a number", Sample.minimal, [(["result", "duration"], 60)],
                at: "statement.result.duration", .wrongType))
        return cases
    }

    static var attachmentCases: [ValidationCase] {
        let attachment = Sample.full["attachments"]!.arrayValue![0]
        func with(_ key: String, _ value: JSONValue?) -> [([PathStep], JSONValue?)] {
            [(["attachments"], [attachment.setting([.key(key)], to: value)])]
        }
        var cases: [ValidationCase] = [
            valid("an empty attachments array", Sample.minimal, [(["attachments"], [])]),
            valid(
                "an attachment without description or fileUrl", Sample.minimal,
                [(["attachments"], [attachment.setting(["description"], to: nil).setting(["fileUrl"], to: nil)])]),
            valid("a content type with parameters", Sample.minimal, with("contentType", "text/plain; charset=ascii")),
            valid("a SHA-512 digest", Sample.minimal, with("sha2", .string(String(repeating: "ab", count: 64)))),
            valid("a zero length", Sample.minimal, with("length", 0)),
            invalid(
                "attachments that are an object", Sample.minimal, [(["attachments"], attachment)],
                at: "statement.attachments", .wrongType),
            invalid(
                "an attachment that is a number", Sample.minimal, [(["attachments"], [12345])],
                at: "statement.attachments[0]", .wrongType),
            invalid(
                "an attachment that is a string", Sample.minimal, [(["attachments"], ["should fail"])],
                at: "statement.attachments[0]", .wrongType),
            invalid(
                "a usageType that is not an IRI", Sample.minimal, with("usageType", "should fail"),
                at: "statement.attachments[0].usageType", .invalidIRI),
            invalid(
                "a contentType that is a number", Sample.minimal, with("contentType", 12345),
                at: "statement.attachments[0].contentType", .wrongType),
            invalid(
                "a contentType without subtype", Sample.minimal, with("contentType", "text"),
                at: "statement.attachments[0].contentType", .invalidMediaType),
            invalid(
                "a length that is a string", Sample.minimal, with("length", "should fail"),
                at: "statement.attachments[0].length", .wrongType),
            invalid(
                "a fractional length", Sample.minimal, with("length", 1.5),
                at: "statement.attachments[0].length", .invalidInteger),
            invalid(
                "a negative length", Sample.minimal, with("length", -1),
                at: "statement.attachments[0].length", .invalidInteger),
            invalid(
                "a sha2 that is a number", Sample.minimal, with("sha2", 12345),
                at: "statement.attachments[0].sha2", .wrongType),
            invalid(
                "a sha2 that is not hex", Sample.minimal, with("sha2", "should fail"),
                at: "statement.attachments[0].sha2", .invalidHash),
            invalid(
                "a fileUrl that is not an IRL", Sample.minimal, with("fileUrl", "should fail"),
                at: "statement.attachments[0].fileUrl", .invalidIRI),
            invalid(
                "a display that is a number", Sample.minimal, with("display", 12345),
                at: "statement.attachments[0].display", .wrongType),
            invalid(
                "a display that is a string", Sample.minimal, with("display", "should fail"),
                at: "statement.attachments[0].display", .wrongType),
            invalid(
                "a display keyed by a bad tag", Sample.minimal, with("display", ["a12345": "x"]),
                at: "statement.attachments[0].display.a12345", .invalidLanguageTag),
            invalid(
                "a description keyed by a bad tag", Sample.minimal, with("description", ["es-MX-": "x"]),
                at: "statement.attachments[0].description.es-MX-", .invalidLanguageTag),
            invalid(
                "a description that is a number", Sample.minimal, with("description", 12345),
                at: "statement.attachments[0].description", .wrongType),
            invalid(
                "an attachment with an unknown property", Sample.minimal, with("name", "x"),
                at: "statement.attachments[0].name", .unknownProperty),
        ]
        for key in ["usageType", "display", "contentType", "length", "sha2"] {
            cases.append(
                invalid(
                    "an attachment without \(key)", Sample.minimal, with(key, nil),
                    at: "statement.attachments[0].\(key)", .missingProperty))
        }
        return cases
    }
}
