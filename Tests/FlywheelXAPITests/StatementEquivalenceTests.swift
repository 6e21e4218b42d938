import FlywheelXAPI
import Testing

@Suite("Statement equivalence for repeated ids")
struct StatementEquivalenceTests {
    static let base = Sample.full

    struct Change: Sendable, CustomStringConvertible {
        let name: String
        let edits: [([PathStep], JSONValue?)]
        var description: String { name }
    }

    @Test(
        "differences the specification exempts are ignored",
        arguments: [
            Change(name: "stored differs", edits: [(["stored"], "2030-01-01T00:00:00Z")]),
            Change(name: "stored absent", edits: [(["stored"], nil)]),
            Change(name: "authority differs", edits: [(["authority"], ["mbox": "mailto:other@example.com"])]),
            Change(name: "version absent", edits: [(["version"], nil)]),
            Change(name: "timestamp in another zone", edits: [(["timestamp"], "2024-05-01T08:20:30.123Z")]),
            Change(name: "timestamp absent", edits: [(["timestamp"], nil)]),
            Change(name: "id in upper case", edits: [(["id"], "6690E6C9-3EF0-4ED3-8B37-7F3964730BEE")]),
            Change(name: "verb display differs", edits: [(["verb", "display"], ["fr": "terminé"])]),
            Change(
                name: "activity definition differs", edits: [(["object", "definition"], ["name": ["en": "Other"]])]),
            Change(
                name: "context activity definition differs",
                edits: [(["context", "contextActivities", "category", 0, "definition"], nil)]),
            Change(
                name: "group members reordered",
                edits: [
                    (
                        ["actor", "member"],
                        [
                            ["mbox_sha1sum": "CD9B00A5611F94EAA7B1661EDAB976068E364975"],
                            ["name": "Ann", "mbox": "mailto:ann@EXAMPLE.com", "objectType": "Agent"],
                        ]
                    )
                ]),
            Change(
                name: "single parent as an array",
                edits: [
                    (
                        ["context", "contextActivities", "parent"],
                        [["id": "http://www.example.com/courses/1"]]
                    )
                ]),
            Change(
                name: "registration in upper case",
                edits: [
                    (
                        ["context", "registration"],
                        "EC531277-B57B-4C15-8D91-D292C5B2B8F7"
                    )
                ]),
            Change(name: "duration beyond hundredths", edits: [(["result", "duration"], "PT1H30M5.2599S")]),
            Change(
                name: "members in a different order",
                edits: [
                    (
                        ["result"],
                        [
                            "success": true, "completion": true, "response": "golf", "duration": "PT1H30M5.25S",
                            "extensions": ["http://example.com/ext/attempts": nil],
                            "score": ["max": 100, "min": 0, "raw": 50.0, "scaled": 0.5],
                        ]
                    )
                ]),
        ])
    func ignored(_ change: Change) {
        #expect(StatementEquivalence.areEquivalent(Self.base, edited(Self.base, change.edits)))
    }

    @Test(
        "other differences make statements different",
        arguments: [
            Change(name: "actor differs", edits: [(["actor"], Sample.agent)]),
            Change(name: "actor name differs", edits: [(["actor", "name"], "Other team")]),
            Change(
                name: "mbox local part case differs",
                edits: [(["actor", "member", 0, "mbox"], "mailto:ANN@example.com")]),
            Change(name: "verb id differs", edits: [(["verb", "id"], "http://adlnet.gov/expapi/verbs/passed")]),
            Change(name: "object id differs", edits: [(["object", "id"], "http://www.example.com/tests/2")]),
            Change(name: "result score differs", edits: [(["result", "score", "raw"], 51)]),
            Change(name: "result duration differs in hundredths", edits: [(["result", "duration"], "PT1H30M5.26S")]),
            Change(name: "timestamp is another instant", edits: [(["timestamp"], "2024-05-01T10:20:31.123+02:00")]),
            Change(name: "context platform differs", edits: [(["context", "platform"], "Other")]),
            Change(
                name: "context extension differs",
                edits: [(["context", "extensions", "http://example.com/ext/room"], 1)]),
            Change(name: "attachment differs", edits: [(["attachments", 0, "length"], 1)]),
            Change(
                name: "a context activity added",
                edits: [
                    (
                        ["context", "contextActivities", "other"],
                        [["id": "http://e.com/x"]]
                    )
                ]),
            Change(
                name: "context activities reordered",
                edits: [
                    (
                        ["context", "contextActivities", "grouping"],
                        [["id": "http://e.com/x"], ["id": "http://www.example.com/programs/1"]]
                    )
                ]),
        ])
    func different(_ change: Change) {
        #expect(!StatementEquivalence.areEquivalent(Self.base, edited(Self.base, change.edits)))
    }

    @Test("sub-statement timestamps compare as instants and are not exempt when absent")
    func subStatementTimestamps() {
        let left = ValidationTables.subStatementBase.setting(["object", "timestamp"], to: "2024-01-01T01:00:00+01:00")
        let same = ValidationTables.subStatementBase.setting(["object", "timestamp"], to: "2024-01-01T00:00:00Z")
        #expect(StatementEquivalence.areEquivalent(left, same))
        #expect(!StatementEquivalence.areEquivalent(left, ValidationTables.subStatementBase))
    }
}
