/// The `agent` query parameter of statement and document queries: JSON of an Agent or identified Group.
public enum AgentParameter {
    /// Parses and validates an `agent` parameter.
    /// - Parameters:
    ///   - text: The parameter value (JSON text, already URL-decoded).
    ///   - version: The request's specification version.
    /// - Returns: The identifier of the agent or group.
    /// - Throws: `XAPIValidationError` with path `agent...` when the text is not JSON, not an Agent or Group,
    ///   or has not exactly one identifier.
    public static func parse(_ text: String, version: XAPIVersion) throws(XAPIValidationError) -> AgentIdentifier {
        let value: JSONValue
        do {
            value = try JSONValue.parse(text)
        } catch {
            throw XAPIValidationError(rule: .wrongType, path: "agent", message: "is not valid JSON: \(error)")
        }
        var checker = StatementChecker(version: version)
        checker.checkAgentOrGroup(value, "agent", role: .actor)
        if let first = checker.issues.first { throw first }
        guard let identifier = AgentIdentifier(value) else {
            throw XAPIValidationError(
                rule: .identifierCount, path: "agent",
                message: "must identify an Agent or Group with exactly one of mbox, mbox_sha1sum, openid or account")
        }
        let count = StatementChecker.identifierKeys.filter { value[$0] != nil }.count
        guard count == 1 else {
            throw XAPIValidationError(
                rule: .identifierCount, path: "agent", message: "must have exactly one identifier (found \(count))")
        }
        return identifier
    }
}
