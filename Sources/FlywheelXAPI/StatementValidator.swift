/// Checks statements against every MUST of xAPI 1.0.3 or 2.0 for statement content.
///
/// Validation is structural and local: it needs nothing but the statement. Rules that need the store (a voided
/// target existing, an id already used) belong to the caller.
public struct StatementValidator: Sendable {
    /// The specification version whose rules apply.
    public let version: XAPIVersion

    /// Creates a validator for one specification version.
    /// - Parameter version: The version from the request's `X-Experience-API-Version` header.
    public init(version: XAPIVersion) {
        self.version = version
    }

    /// Validates one statement.
    /// - Parameter statement: The parsed statement.
    /// - Throws: The first violation found, with its JSON path and rule.
    public func validate(_ statement: JSONValue) throws(XAPIValidationError) {
        if let first = violations(in: statement).first { throw first }
    }

    /// Every violation in one statement, in document order.
    /// - Parameter statement: The parsed statement.
    /// - Returns: The violations; empty when the statement is valid.
    public func violations(in statement: JSONValue) -> [XAPIValidationError] {
        var checker = StatementChecker(version: version)
        checker.checkStatement(statement, path: "statement", isSubStatement: false)
        return checker.issues
    }

    /// Validates the body of a statements POST or PUT: one statement object or an array of them.
    /// - Parameter body: The parsed request body.
    /// - Throws: The first violation found; paths of batch members start with `statements[i]`.
    public func validateBatch(_ body: JSONValue) throws(XAPIValidationError) {
        guard case .array(let statements) = body else {
            try validate(body)
            return
        }
        for (position, statement) in statements.enumerated() {
            var checker = StatementChecker(version: version)
            checker.checkStatement(statement, path: "statements[\(position)]", isSubStatement: false)
            if let first = checker.issues.first { throw first }
        }
    }
}
