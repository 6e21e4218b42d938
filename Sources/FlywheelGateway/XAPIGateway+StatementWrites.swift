import FlywheelContracts
import FlywheelHTTP
import FlywheelRPC
import FlywheelXAPI
import Foundation

extension XAPIGateway {
    /// `PUT statements?statementId=`: stores one statement under the given id; 204, or 409 for a different
    /// statement already stored under it.
    func putStatement(_ request: XAPIRequest, version: XAPIVersion, credential: Credential)
        async throws(XAPIError) -> HTTPResponse
    {
        try Self.checkParameters(request, allowed: ["statementId"], context: "PUT statements")
        guard let statementID = request.parameter("statementId") else {
            throw XAPIError(
                status: 400, "PUT statements needs the statementId parameter", rule: "missingParameter",
                path: "statementId")
        }
        guard XAPIFormat.isUUID(statementID) else {
            throw XAPIError(
                status: 400, "statementId \"\(statementID)\" is not a UUID", rule: "invalidUUID", path: "statementId")
        }
        let (content, parts) = try statementContent(request)
        guard case .object(var object) = content else {
            throw XAPIError(
                status: 400, "PUT statements takes one statement object, not a JSON \(content.typeName)",
                rule: "wrongType", path: "statement")
        }
        try validate(content, version: version, parts: parts)
        if let id = object["id"]?.stringValue, id.lowercased() != statementID.lowercased() {
            throw XAPIError(
                status: 400, "the statement's id \(id) differs from the statementId parameter \(statementID)",
                rule: "invalidValue", path: "statement.id")
        }
        object["id"] = .string(statementID.lowercased())
        try await storeAttachments(parts)
        _ = try await store([.object(object)], version: version, credential: credential)
        return HTTPResponse(status: 204)
    }

    /// `POST statements`: stores one statement or a batch, all or nothing; 200 with the ids in order.
    func postStatements(_ request: XAPIRequest, version: XAPIVersion, credential: Credential)
        async throws(XAPIError) -> HTTPResponse
    {
        try Self.checkParameters(request, allowed: [], context: "POST statements")
        let (content, parts) = try statementContent(request)
        let received: [JSONValue]
        switch content {
        case .array(let statements): received = statements
        case .object: received = [content]
        default:
            throw XAPIError(
                status: 400, "POST statements takes a statement object or an array of them, not a JSON "
                    + content.typeName, rule: "wrongType", path: "statements")
        }
        try validate(content, version: version, parts: parts)

        var statements: [JSONValue] = []
        var positions: [String: Int] = [:]
        for (position, statement) in received.enumerated() {
            guard var object = statement.objectValue else {
                continue
            }
            let id = object["id"]?.stringValue?.lowercased() ?? UUID().uuidString.lowercased()
            if let first = positions[id] {
                throw XAPIError(
                    status: 400, "statements[\(first)] and statements[\(position)] share the id \(id); "
                        + "a batch must not repeat an id", rule: "duplicateID", path: "statements[\(position)].id")
            }
            positions[id] = position
            object["id"] = .string(id)
            statements.append(.object(object))
        }
        try await storeAttachments(parts)
        let ids = try await store(statements, version: version, credential: credential)
        let body: JSONValue = .array(ids.map { .string($0) })
        return .json(Data(body.serialized()))
    }

    /// Validates a statement or batch and the rules of this LRS's content types.
    private func validate(_ content: JSONValue, version: XAPIVersion, parts: [String: AttachmentPart]?)
        throws(XAPIError)
    {
        do {
            try StatementValidator(version: version).validateBatch(content)
        } catch {
            throw XAPIError(error)
        }
        try Self.checkAttachments(content, parts: parts)
    }

    /// Checks the voiding rules that need the store, prepares each statement and stores the batch.
    /// - Returns: The ids, in order.
    private func store(_ statements: [JSONValue], version: XAPIVersion, credential: Credential)
        async throws(XAPIError) -> [String]
    {
        try await checkVoidingTargets(statements)
        let authority = authority(of: credential)
        let now = Date()
        var payloads: [[UInt8]] = []
        var ids: [String] = []
        for statement in statements {
            let prepared = StoredStatement(preparing: statement, authority: authority, stored: now, version: version)
            guard var object = prepared.statement.objectValue else {
                continue
            }
            // The store assigns `stored` at commit, and `timestamp` from it when the client sent none: a
            // gateway-chosen timestamp would make an identical re-sent statement look different.
            object["stored"] = nil
            if statement["timestamp"] == nil {
                object["timestamp"] = nil
            }
            payloads.append(JSONValue.object(object).serialized())
            ids.append(prepared.id)
        }
        let response: IngestV1.StoreStatementsResponse
        do {
            response = try await ingest.storeStatements(
                IngestV1.StoreStatementsRequest(statements: payloads), options: callOptions)
        } catch {
            throw Self.ingestFailure(error)
        }
        return response.ids.count == ids.count ? response.ids : ids
    }

    /// Refuses a voiding statement whose target is itself a voiding statement, in the batch or in the store.
    /// A target the store does not hold is accepted, as the specification asks.
    private func checkVoidingTargets(_ statements: [JSONValue]) async throws(XAPIError) {
        var batch: [String: JSONValue] = [:]
        for statement in statements {
            if let id = statement["id"]?.stringValue {
                batch[id] = statement
            }
        }
        for (position, statement) in statements.enumerated() {
            guard statement["verb"]?["id"]?.stringValue == Self.voidedVerb,
                let target = statement["object"]?["id"]?.stringValue?.lowercased()
            else {
                continue
            }
            var targetVerb = batch[target]?["verb"]?["id"]?.stringValue
            if targetVerb == nil {
                do {
                    let found = try await ingest.getStatement(
                        IngestV1.GetStatementRequest(id: target, voided: false), options: callOptions)
                    if let json = found.statement?.json, let stored = try? JSONValue.parse(json) {
                        targetVerb = stored["verb"]?["id"]?.stringValue
                    }
                } catch let error as RPCError where error.code == .notFound {
                    continue
                } catch {
                    throw Self.ingestFailure(error)
                }
            }
            if targetVerb == Self.voidedVerb {
                throw XAPIError(
                    status: 400, "statement \(position) voids \(target), which is itself a voiding statement; "
                        + "a voiding statement cannot be voided", rule: "voidingTarget", path: "object.id")
            }
        }
    }

    /// Checks the content type and size, then parses the JSON content.
    func parseContent(_ request: XAPIRequest) throws(XAPIError) -> JSONValue {
        switch request.mediaType {
        case "application/json":
            break
        case nil:
            throw .badRequest("the request has no Content-Type; statements are sent as application/json")
        case let other?:
            throw .badRequest("Content-Type \(other) does not match statement content; use application/json")
        }
        guard request.body.count <= configuration.maximumBodyBytes else {
            throw XAPIError(
                status: 413, "the content is \(request.body.count) bytes, over the limit of "
                    + "\(configuration.maximumBodyBytes)")
        }
        guard !request.body.isEmpty else {
            throw .badRequest("the request has no content; send a statement as application/json")
        }
        do {
            return try JSONValue.parse(request.body)
        } catch {
            throw XAPIError(
                status: 400, "the content is not valid JSON: byte \(error.offset): \(error.message)",
                rule: "json", path: "byte \(error.offset)")
        }
    }
}
