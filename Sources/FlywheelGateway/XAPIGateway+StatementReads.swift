import FlywheelContracts
import FlywheelHTTP
import FlywheelRPC
import FlywheelXAPI
import Foundation

extension XAPIGateway {
    /// `GET statements`: one statement by statementId or voidedStatementId, or a StatementResult page.
    func getStatements(
        _ request: XAPIRequest, version: XAPIVersion, credential: Credential, access: StatementReadAccess
    ) async throws(XAPIError) -> HTTPResponse {
        let statementID = request.parameter("statementId")
        let voidedID = request.parameter("voidedStatementId")
        if statementID != nil && voidedID != nil {
            throw .badRequest("statementId and voidedStatementId cannot be used together")
        }
        if let id = statementID ?? voidedID {
            let name = statementID != nil ? "statementId" : "voidedStatementId"
            try Self.checkParameters(
                request, allowed: [name, "format", "attachments"], context: "GET statements with \(name)")
            return try await getStatement(
                id: id, parameter: name, request: request, version: version, credential: credential, access: access)
        }
        let query: StatementQuery
        if let token = request.parameter("more") {
            try Self.checkParameters(request, allowed: ["more"], context: "GET statements with more")
            query = try StatementQuery.resume(token: token)
        } else {
            try Self.checkParameters(
                request, allowed: StatementQuery.parameterNames.union(["statementId", "voidedStatementId"]),
                context: "GET statements")
            query = try StatementQuery.parse(request, version: version)
        }
        return try await queryStatements(query, request: request, credential: credential, access: access)
    }

    private func getStatement(
        id: String, parameter: String, request: XAPIRequest, version: XAPIVersion, credential: Credential,
        access: StatementReadAccess
    ) async throws(XAPIError) -> HTTPResponse {
        guard XAPIFormat.isUUID(id) else {
            throw XAPIError(status: 400, "\(parameter) \"\(id)\" is not a UUID", rule: "invalidUUID", path: parameter)
        }
        let format = try StatementQuery.format(request.parameter("format"))
        let attachments = try StatementQuery.boolean(request, "attachments")
        let voided = parameter == "voidedStatementId"
        let notFound = XAPIError(status: 404, "no \(voided ? "voided " : "")statement has the id \(id)")
        let found: IngestV1.StoredStatement
        do {
            let response = try await ingest.getStatement(
                IngestV1.GetStatementRequest(id: id.lowercased(), voided: voided), options: callOptions)
            guard let statement = response.statement else {
                throw notFound
            }
            found = statement
        } catch let error as XAPIError {
            throw error
        } catch let error as RPCError where error.code == .notFound {
            throw notFound
        } catch {
            throw Self.ingestFailure(error)
        }
        let languages = LanguagePreference(acceptLanguage: request.headers["Accept-Language"])
        guard let rendered = render(found, format: format, languages: languages, mineOf: mineKey(credential, access))
        else {
            throw notFound
        }
        var response = HTTPResponse.json(Data(rendered))
        response.headers.set(name: "Last-Modified", value: HTTPDate.imfFixdate(micros: found.storedMicros))
        return attachments ? try await attachingParts(response) : response
    }

    private func queryStatements(
        _ query: StatementQuery, request: XAPIRequest, credential: Credential, access: StatementReadAccess
    ) async throws(XAPIError) -> HTTPResponse {
        let languages = LanguagePreference(acceptLanguage: request.headers["Accept-Language"])
        let mine = mineKey(credential, access)
        var ingestRequest = query.request
        var rendered: [[UInt8]] = []
        var lastModified: Int64 = 0
        var cursor = ""
        var pages = 0
        repeat {
            let page: IngestV1.QueryStatementsResponse
            do {
                page = try await ingest.queryStatements(ingestRequest, options: callOptions)
            } catch {
                throw Self.ingestFailure(error)
            }
            noteConsistentThrough(page.consistentThroughMicros)
            for statement in page.statements {
                if let bytes = render(statement, format: query.format, languages: languages, mineOf: mine) {
                    rendered.append(bytes)
                    lastModified = max(lastModified, statement.storedMicros)
                }
            }
            cursor = page.nextCursor
            ingestRequest.cursor = cursor
            pages += 1
            // A read/mine query skips others' statements; keep reading until one of its own turns up.
        } while mine != nil && rendered.isEmpty && !cursor.isEmpty && pages < configuration.mineScanPages

        let more = cursor.isEmpty ? "" : configuration.basePath + "statements?more=" + query.moreToken(cursor: cursor)
        var body: [UInt8] = Array("{\"statements\":[".utf8)
        for (index, statement) in rendered.enumerated() {
            if index > 0 {
                body.append(UInt8(ascii: ","))
            }
            body += statement
        }
        body += Array("],\"more\":".utf8)
        JSONValue.string(more).write(into: &body)
        body.append(UInt8(ascii: "}"))
        var response = HTTPResponse.json(Data(body))
        if lastModified > 0 {
            response.headers.set(name: "Last-Modified", value: HTTPDate.imfFixdate(micros: lastModified))
        }
        return query.attachments ? try await attachingParts(response) : response
    }

    /// The authority key a `statements/read/mine` credential is limited to, nil for full read access.
    private func mineKey(_ credential: Credential, _ access: StatementReadAccess) -> String? {
        access == .mine ? authorityKey(of: credential) : nil
    }

    /// The statement in the requested format, or nil when a read/mine credential may not see it.
    private func render(
        _ statement: IngestV1.StoredStatement, format: StatementFormat, languages: LanguagePreference,
        mineOf authority: String?
    ) -> [UInt8]? {
        if format == .exact && authority == nil {
            return statement.json
        }
        guard let parsed = try? JSONValue.parse(statement.json) else {
            return nil
        }
        if let authority {
            guard let stored = parsed["authority"], AgentIdentifier(stored)?.key == authority else {
                return nil
            }
        }
        return format.render(parsed, languages: languages).serialized()
    }
}
