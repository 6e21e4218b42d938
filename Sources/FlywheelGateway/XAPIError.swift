import FlywheelXAPI

/// Why an xAPI request is refused: the HTTP status and a message naming what broke.
///
/// The body is JSON: `{"error": {"status": 400, "message": "...", "rule": "...", "path": "..."}}`;
/// `rule` and `path` appear when a statement or parameter broke a validation rule.
struct XAPIError: Error, Sendable {
    /// The HTTP status code.
    let status: Int
    /// A sentence naming what broke.
    let message: String
    /// The validation rule that failed, when one did.
    let rule: String?
    /// The JSON path or parameter name that broke it.
    let path: String?

    init(status: Int, _ message: String, rule: String? = nil, path: String? = nil) {
        self.status = status
        self.message = message
        self.rule = rule
        self.path = path
    }

    /// A 400 for a statement or parameter that broke a rule of the specification.
    init(_ validation: XAPIValidationError) {
        self.init(status: 400, validation.description, rule: validation.rule.description, path: validation.path)
    }

    static func badRequest(_ message: String) -> XAPIError {
        XAPIError(status: 400, message)
    }

    /// The error as a JSON document.
    var body: JSONValue {
        var fields: JSONValue = ["status": .number(JSONNumber(Int64(status))), "message": .string(message)]
        if case .object(var object) = fields {
            if let rule { object["rule"] = .string(rule) }
            if let path { object["path"] = .string(path) }
            fields = .object(object)
        }
        return ["error": fields]
    }
}
