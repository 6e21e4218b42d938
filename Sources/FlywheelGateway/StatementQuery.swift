import FlywheelContracts
import FlywheelHTTP
import FlywheelXAPI
import Foundation

/// The filters and options of a statements query, parsed from the parameters or resumed from a `more` token.
///
/// The `more` token is this value as base64url JSON, with the ingest cursor inside, so a next page repeats
/// the filters exactly and continues where the ingest service left off.
struct StatementQuery: Sendable {
    /// The parameters a query (without statementId) may carry.
    static let parameterNames: Set<String> = [
        "agent", "verb", "activity", "registration", "related_activities", "related_agents", "since", "until",
        "limit", "format", "attachments", "ascending",
    ]

    var request = IngestV1.QueryStatementsRequest()
    var format = StatementFormat.exact
    var attachments = false

    /// Parses the query parameters.
    static func parse(_ request: XAPIRequest, version: XAPIVersion) throws(XAPIError) -> StatementQuery {
        var query = StatementQuery()
        if let agent = request.parameter("agent") {
            do {
                query.request.agentKey = try AgentParameter.parse(agent, version: version).key
            } catch {
                throw XAPIError(error)
            }
        }
        if let verb = request.parameter("verb") {
            try require(XAPIFormat.isIRI(verb), "verb", "verb \"\(verb)\" is not an IRI", rule: "invalidIRI")
            query.request.verbID = verb
        }
        if let activity = request.parameter("activity") {
            try require(
                XAPIFormat.isIRI(activity), "activity", "activity \"\(activity)\" is not an IRI", rule: "invalidIRI")
            query.request.activityID = activity
        }
        if let registration = request.parameter("registration") {
            try require(
                XAPIFormat.isUUID(registration), "registration", "registration \"\(registration)\" is not a UUID",
                rule: "invalidUUID")
            query.request.registration = registration.lowercased()
        }
        query.request.relatedActivities = try boolean(request, "related_activities")
        query.request.relatedAgents = try boolean(request, "related_agents")
        query.request.ascending = try boolean(request, "ascending")
        query.attachments = try boolean(request, "attachments")
        query.request.sinceMicros = try timestamp(request, "since")
        query.request.untilMicros = try timestamp(request, "until")
        if let limit = request.parameter("limit") {
            guard let value = UInt32(limit) else {
                throw XAPIError(
                    status: 400, "limit \"\(limit)\" is not a non-negative integer", rule: "invalidInteger",
                    path: "limit")
            }
            query.request.limit = value
        }
        query.format = try format(request.parameter("format"))
        return query
    }

    static func format(_ parameter: String?) throws(XAPIError) -> StatementFormat {
        do {
            return try StatementFormat(parameter: parameter)
        } catch {
            throw XAPIError(error)
        }
    }

    static func boolean(_ request: XAPIRequest, _ name: String) throws(XAPIError) -> Bool {
        guard let text = request.parameter(name) else {
            return false
        }
        guard text == "true" || text == "false" else {
            throw XAPIError(
                status: 400, "\(name) must be true or false, not \"\(text)\"", rule: "wrongType", path: name)
        }
        return text == "true"
    }

    private static func timestamp(_ request: XAPIRequest, _ name: String) throws(XAPIError) -> Int64 {
        guard let text = request.parameter(name) else {
            return 0
        }
        guard let parsed = XAPITimestamp.parse(text) else {
            throw XAPIError(
                status: 400, "\(name) \"\(text)\" is not an ISO 8601 timestamp", rule: "invalidTimestamp", path: name)
        }
        return HTTPDate.micros(of: parsed)
    }

    private static func require(_ condition: Bool, _ path: String, _ message: String, rule: String)
        throws(XAPIError)
    {
        if !condition {
            throw XAPIError(status: 400, message, rule: rule, path: path)
        }
    }

    /// The token of the page after the one the ingest cursor ends.
    func moreToken(cursor: String) -> String {
        let fields: JSONValue = [
            "agent": .string(request.agentKey), "verb": .string(request.verbID),
            "activity": .string(request.activityID), "registration": .string(request.registration),
            "relatedActivities": .bool(request.relatedActivities), "relatedAgents": .bool(request.relatedAgents),
            "since": .number(JSONNumber(request.sinceMicros)), "until": .number(JSONNumber(request.untilMicros)),
            "limit": .number(JSONNumber(Int64(request.limit))), "ascending": .bool(request.ascending),
            "format": .string(format.rawValue), "attachments": .bool(attachments), "cursor": .string(cursor),
        ]
        return CredentialSecret.base64URL(fields.serialized())
    }

    /// Resumes a query from a `more` token.
    static func resume(token: String) throws(XAPIError) -> StatementQuery {
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let fields = try? JSONValue.parse(data),
            let cursor = fields["cursor"]?.stringValue, let format = fields["format"]?.stringValue,
            let parsedFormat = StatementFormat(rawValue: format)
        else {
            throw XAPIError(
                status: 400, "the more token is not one this LRS issued", rule: "invalidValue", path: "more")
        }
        var query = StatementQuery()
        query.request.agentKey = fields["agent"]?.stringValue ?? ""
        query.request.verbID = fields["verb"]?.stringValue ?? ""
        query.request.activityID = fields["activity"]?.stringValue ?? ""
        query.request.registration = fields["registration"]?.stringValue ?? ""
        query.request.relatedActivities = fields["relatedActivities"]?.boolValue ?? false
        query.request.relatedAgents = fields["relatedAgents"]?.boolValue ?? false
        query.request.sinceMicros = fields["since"]?.numberValue?.integer ?? 0
        query.request.untilMicros = fields["until"]?.numberValue?.integer ?? 0
        query.request.limit = UInt32(clamping: fields["limit"]?.numberValue?.integer ?? 0)
        query.request.ascending = fields["ascending"]?.boolValue ?? false
        query.request.cursor = cursor
        query.format = parsedFormat
        query.attachments = fields["attachments"]?.boolValue ?? false
        return query
    }
}
