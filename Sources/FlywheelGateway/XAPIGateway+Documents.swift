import FlywheelContracts
import FlywheelHTTP
import FlywheelRPC
import FlywheelXAPI
import Foundation

extension XAPIGateway {
    /// The resources besides Statements and About that this gateway serves.
    static let documentResourcePaths: Set<String> = Set(DocumentResource.allCases.map(\.path)).union([
        "activities", "agents",
    ])

    /// The ingest service's Documents client, on the same channel as the statements client.
    var documentsClient: IngestV1.Documents.Client {
        IngestV1.Documents.Client(channel: ingest.channel)
    }

    /// Dispatches a request for a document resource, the Activities resource or the Agents resource.
    func documentResources(_ request: XAPIRequest, version: XAPIVersion, credential: Credential)
        async throws(XAPIError) -> HTTPResponse
    {
        if let resource = DocumentResource(path: request.resource) {
            return try await documents(request, resource: resource, version: version, credential: credential)
        }
        return try await definitions(request, version: version, credential: credential)
    }

    /// PUT, POST, GET and DELETE of one document resource.
    private func documents(
        _ request: XAPIRequest, resource: DocumentResource, version: XAPIVersion, credential: Credential
    ) async throws(XAPIError) -> HTTPResponse {
        let reading = request.method == .get || request.method == .head
        guard reading || [.put, .post, .delete].contains(request.method) else {
            throw XAPIError(status: 405, "the \(resource.path) resource does not answer \(request.method)")
        }
        guard resource.allows(credential.scopes, reading: reading) else {
            let scopes = reading ? "\(resource.scope.rawValue), all or all/read" : "\(resource.scope.rawValue) or all"
            throw XAPIError(
                status: 403, "credential \(credential.key) may not \(reading ? "read" : "write") \(resource.path) "
                    + "(it needs \(scopes))")
        }
        let context = "\(request.method) \(resource.path)"
        try Self.checkParameters(request, allowed: resource.parameterNames, context: context)
        var key = try Self.documentKey(request, resource: resource, version: version)
        let documentID = request.parameter(resource.idParameter)
        let since = try Self.sinceMicros(request)
        if since != nil && (!reading || documentID != nil) {
            throw XAPIError(
                status: 400, "\(context) takes since only when listing ids (a GET without \(resource.idParameter))",
                rule: "unknownParameter", path: "since")
        }
        key.documentID = documentID ?? ""
        switch request.method {
        case .put, .post:
            guard documentID != nil else {
                throw Self.missing(resource.idParameter, context)
            }
            return try await putDocument(request, key: key, resource: resource)
        case .delete:
            guard documentID != nil || resource == .state else {
                throw Self.missing(resource.idParameter, context)
            }
            return try await deleteDocuments(request, key: key)
        default:
            if documentID == nil {
                return try await listDocuments(key: key, since: since ?? 0)
            }
            return try await getDocument(key: key)
        }
    }

    private func putDocument(_ request: XAPIRequest, key: IngestV1.DocumentKey, resource: DocumentResource)
        async throws(XAPIError) -> HTTPResponse
    {
        guard request.body.count <= configuration.maximumBodyBytes else {
            throw XAPIError(
                status: 413, "the document is \(request.body.count) bytes, over the limit of "
                    + "\(configuration.maximumBodyBytes)")
        }
        var put = IngestV1.PutDocumentRequest()
        put.key = key
        put.content = Array(request.body)
        put.contentType = request.headers["Content-Type"] ?? "application/octet-stream"
        put.mode = request.method == .post ? .merge : .replace
        put.ifMatch = request.headers["If-Match"] ?? ""
        put.ifNoneMatch = request.headers["If-None-Match"] ?? ""
        put.requirePrecondition = request.method == .put && resource.requiresPrecondition
        let stored: IngestV1.PutDocumentResponse
        do {
            stored = try await documentsClient.putDocument(put, options: callOptions)
        } catch {
            throw Self.documentFailure(error)
        }
        var response = HTTPResponse(status: 204)
        response.headers.set(name: "ETag", value: stored.etag)
        response.headers.set(name: "Last-Modified", value: HTTPDate.imfFixdate(micros: stored.updatedMicros))
        return response
    }

    private func getDocument(key: IngestV1.DocumentKey) async throws(XAPIError) -> HTTPResponse {
        let found: IngestV1.Document
        do {
            let response = try await documentsClient.getDocument(
                IngestV1.GetDocumentRequest(key: key), options: callOptions)
            guard let document = response.document else {
                throw XAPIError(status: 404, "no document has the id \(key.documentID)")
            }
            found = document
        } catch let error as XAPIError {
            throw error
        } catch {
            throw Self.documentFailure(error)
        }
        let type = found.contentType.isEmpty ? "application/octet-stream" : found.contentType
        var response = HTTPResponse(status: 200, headers: ["Content-Type": type], body: Data(found.content))
        response.headers.set(name: "ETag", value: found.etag)
        response.headers.set(name: "Last-Modified", value: HTTPDate.imfFixdate(micros: found.updatedMicros))
        return response
    }

    private func listDocuments(key: IngestV1.DocumentKey, since: Int64) async throws(XAPIError) -> HTTPResponse {
        let listed: IngestV1.ListDocumentsResponse
        do {
            listed = try await documentsClient.listDocuments(
                IngestV1.ListDocumentsRequest(key: key, sinceMicros: since), options: callOptions)
        } catch {
            throw Self.documentFailure(error)
        }
        let body: JSONValue = .array(listed.documentIDS.map { .string($0) })
        return .json(Data(body.serialized()))
    }

    private func deleteDocuments(_ request: XAPIRequest, key: IngestV1.DocumentKey)
        async throws(XAPIError) -> HTTPResponse
    {
        do {
            _ = try await documentsClient.deleteDocuments(
                IngestV1.DeleteDocumentsRequest(key: key, ifMatch: request.headers["If-Match"] ?? ""),
                options: callOptions)
        } catch {
            throw Self.documentFailure(error)
        }
        return HTTPResponse(status: 204)
    }

    /// The activity, agent and registration that address the request's document set.
    private static func documentKey(_ request: XAPIRequest, resource: DocumentResource, version: XAPIVersion)
        throws(XAPIError) -> IngestV1.DocumentKey
    {
        let context = "\(request.method) \(resource.path)"
        var key = IngestV1.DocumentKey()
        key.kind = resource.kind
        if resource.usesActivity {
            key.activityID = try activityID(request, context: context)
        }
        if resource.usesAgent {
            key.agentKey = try agentKey(request, version: version, context: context)
        }
        if let registration = request.parameter("registration") {
            guard XAPIFormat.isUUID(registration) else {
                throw XAPIError(
                    status: 400, "registration \"\(registration)\" is not a UUID", rule: "invalidUUID",
                    path: "registration")
            }
            key.registration = registration.lowercased()
        }
        return key
    }

    /// The required `activityId` parameter, checked to be an IRI.
    static func activityID(_ request: XAPIRequest, context: String) throws(XAPIError) -> String {
        guard let activityID = request.parameter("activityId") else {
            throw missing("activityId", context)
        }
        guard XAPIFormat.isIRI(activityID) else {
            throw XAPIError(
                status: 400, "activityId \"\(activityID)\" is not an IRI", rule: "invalidIRI", path: "activityId")
        }
        return activityID
    }

    /// The canonical key of the required `agent` parameter.
    static func agentKey(_ request: XAPIRequest, version: XAPIVersion, context: String) throws(XAPIError) -> String {
        guard let agent = request.parameter("agent") else {
            throw missing("agent", context)
        }
        do {
            return try AgentParameter.parse(agent, version: version).key
        } catch {
            throw XAPIError(error)
        }
    }

    /// The `since` parameter in microseconds, nil when absent.
    private static func sinceMicros(_ request: XAPIRequest) throws(XAPIError) -> Int64? {
        guard let text = request.parameter("since") else {
            return nil
        }
        guard let parsed = XAPITimestamp.parse(text) else {
            throw XAPIError(
                status: 400, "since \"\(text)\" is not an ISO 8601 timestamp", rule: "invalidTimestamp", path: "since")
        }
        return HTTPDate.micros(of: parsed)
    }

    static func missing(_ parameter: String, _ context: String) -> XAPIError {
        XAPIError(
            status: 400, "\(context) needs the \(parameter) parameter", rule: "missingParameter", path: parameter)
    }

    /// Maps a failed Documents call onto the HTTP status the client should see.
    static func documentFailure(_ error: any Error) -> XAPIError {
        guard let rpc = error as? RPCError else {
            return XAPIError(status: 500, "the document store failed: \(error)")
        }
        switch rpc.code {
        case .invalidArgument: return XAPIError(status: 400, rpc.message)
        case .notFound: return XAPIError(status: 404, rpc.message)
        case .failedPrecondition: return XAPIError(status: 412, rpc.message)
        case .aborted: return XAPIError(status: 409, rpc.message)
        case .resourceExhausted: return XAPIError(status: 413, rpc.message)
        case .unavailable, .deadlineExceeded:
            return XAPIError(status: 503, "the document store is unavailable: \(rpc.message)")
        default: return XAPIError(status: 500, "the document store failed: \(rpc)")
        }
    }
}
