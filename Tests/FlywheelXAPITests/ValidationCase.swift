import FlywheelXAPI

let bothVersions: [XAPIVersion] = [.v1_0_3, .v2_0_0]

/// One row of a validation table: a statement built from a base by edits, the versions it runs under, and the
/// expected outcome.
struct ValidationCase: Sendable, CustomStringConvertible {
    enum Expectation: Sendable {
        case valid
        case invalid(path: String, rule: XAPIValidationError.Rule)
    }

    let name: String
    let statement: JSONValue
    let versions: [XAPIVersion]
    let expectation: Expectation

    var description: String { name }
}

/// Builds a statement from `base` with each edit applied in order (nil removes the property).
func edited(_ base: JSONValue, _ edits: [([PathStep], JSONValue?)]) -> JSONValue {
    edits.reduce(base) { statement, edit in statement.setting(edit.0, to: edit.1) }
}

func valid(
    _ name: String, _ base: JSONValue = Sample.minimal, _ edits: [([PathStep], JSONValue?)] = [],
    versions: [XAPIVersion] = bothVersions
) -> ValidationCase {
    ValidationCase(name: name, statement: edited(base, edits), versions: versions, expectation: .valid)
}

func invalid(
    _ name: String, _ base: JSONValue = Sample.minimal, _ edits: [([PathStep], JSONValue?)],
    at path: String, _ rule: XAPIValidationError.Rule, versions: [XAPIVersion] = bothVersions
) -> ValidationCase {
    ValidationCase(
        name: name, statement: edited(base, edits), versions: versions,
        expectation: .invalid(path: path, rule: rule))
}
