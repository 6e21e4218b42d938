import FlywheelXAPI
import Testing

@Suite("Statement validation tables")
struct StatementValidatorTests {
    @Test(
        "each statement in the tables passes or fails with the expected path and rule", arguments: ValidationTables.all)
    func tableCase(_ testCase: ValidationCase) {
        for version in testCase.versions {
            let violations = StatementValidator(version: version).violations(in: testCase.statement)
            switch testCase.expectation {
            case .valid:
                #expect(violations.isEmpty, "\(version): \(violations.map(\.description))")
            case .invalid(let path, let rule):
                let first = violations.first
                #expect(first?.path == path, "\(version): \(violations.map(\.description))")
                #expect(first?.rule == rule, "\(version): \(violations.map { "\($0.rule) \($0)" })")
            }
        }
    }

    @Test("the tables hold hundreds of cases covering both versions")
    func tableSize() {
        let cases = ValidationTables.all
        #expect(cases.count > 400)
        #expect(cases.contains { $0.versions == [.v2_0_0] })
        #expect(cases.contains { $0.versions == [.v1_0_3] })
    }

    @Test("validate throws the first violation with a readable description")
    func throwsFirst() throws {
        let statement = Sample.minimal.setting(["actor", "mbox"], to: "http://should.fail.com")
        let error = #expect(throws: XAPIValidationError.self) {
            try StatementValidator(version: .v1_0_3).validate(statement)
        }
        #expect(error?.rule == .invalidMailto)
        #expect(error?.description.hasPrefix("statement.actor.mbox: must be a mailto: IRI") == true)
    }

    @Test("violations lists every problem, not only the first")
    func listsAll() {
        let statement = Sample.minimal.setting(["verb", "id"], to: "x").setting(["id"], to: "bad")
        let violations = StatementValidator(version: .v2_0_0).violations(in: statement)
        #expect(violations.map(\.path) == ["statement.id", "statement.verb.id"])
    }

    @Test("a batch reports the failing member's index in its path")
    func batch() throws {
        let body: JSONValue = [Sample.minimal, Sample.minimal.setting(["verb"], to: nil)]
        let error = #expect(throws: XAPIValidationError.self) {
            try StatementValidator(version: .v1_0_3).validateBatch(body)
        }
        #expect(error?.path == "statements[1].verb")
        try StatementValidator(version: .v1_0_3).validateBatch([Sample.minimal, Sample.full])
    }
}
