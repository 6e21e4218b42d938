import FlywheelContracts
import FlywheelHTTP
import FlywheelXAPI
import Foundation

extension XAPIGateway {
    /// The usage type that marks an attachment as the statement's JWS signature.
    static let signatureUsageType = "http://adlnet.gov/expapi/attachments/signature"

    /// The statement content of a PUT or POST and, for a multipart/mixed request, its attachment parts keyed
    /// by SHA-256 (nil for an application/json request).
    /// - Throws: `XAPIError` (400) for a malformed body, a first part that is not JSON, or a part whose hash
    ///   header is missing or does not match its content; 413 over the size limit.
    func statementContent(_ request: XAPIRequest) throws(XAPIError) -> (JSONValue, [String: AttachmentPart]?) {
        guard request.mediaType == "multipart/mixed" else {
            return (try parseContent(request), nil)
        }
        guard request.body.count <= configuration.maximumBodyBytes else {
            throw XAPIError(
                status: 413, "the content is \(request.body.count) bytes, over the limit of "
                    + "\(configuration.maximumBodyBytes)")
        }
        guard let boundary = Multipart.boundary(of: request.headers["Content-Type"] ?? "") else {
            throw .badRequest("the multipart/mixed Content-Type has no boundary parameter")
        }
        let parts = try Multipart.parse(request.body, boundary: boundary)
        guard let first = parts.first else {
            throw .badRequest("the multipart/mixed content has no parts; the first must be the statements")
        }
        var statementRequest = request
        statementRequest.headers.set(name: "Content-Type", value: first.headers["Content-Type"] ?? "none")
        statementRequest.body = first.body
        let content: JSONValue
        do {
            content = try parseContent(statementRequest)
        } catch {
            throw .badRequest("the first multipart part must be the statements as application/json: \(error.message)")
        }
        var attachments: [String: AttachmentPart] = [:]
        for (index, part) in parts.enumerated().dropFirst() {
            guard let declared = part.headers["X-Experience-API-Hash"]?.lowercased() else {
                throw XAPIError(
                    status: 400, "multipart part \(index) has no X-Experience-API-Hash header",
                    rule: "attachmentData", path: "part \(index)")
            }
            let encoding = part.headers["Content-Transfer-Encoding"]?.lowercased() ?? "binary"
            guard encoding == "binary" else {
                throw XAPIError(
                    status: 400, "multipart part \(index) has Content-Transfer-Encoding \(encoding); only binary "
                        + "is accepted", rule: "attachmentData", path: "part \(index)")
            }
            let actual = AttachmentPart.sha256Hex(part.body)
            guard actual == declared else {
                throw XAPIError(
                    status: 400, "multipart part \(index) declares sha2 \(declared) but its content hashes to "
                        + actual, rule: "attachmentHash", path: "part \(index)")
            }
            attachments[declared] = AttachmentPart(
                sha2: declared, contentType: part.headers["Content-Type"] ?? "application/octet-stream",
                content: part.body)
        }
        return (content, attachments)
    }

    /// Checks the statements' attachments against the parts: every attachment without fileUrl needs a part,
    /// a part's length must match, every part must belong to an attachment, and signatures must verify.
    /// - Parameters:
    ///   - content: A statement or a batch.
    ///   - parts: The parts by sha2; nil for an application/json request, which cannot carry data.
    static func checkAttachments(_ content: JSONValue, parts: [String: AttachmentPart]?) throws(XAPIError) {
        let statements = content.arrayValue ?? [content]
        var referenced: Set<String> = []
        for (position, statement) in statements.enumerated() {
            let path = content.arrayValue == nil ? "statement" : "statements[\(position)]"
            for (index, attachment) in (statement["attachments"]?.arrayValue ?? []).enumerated() {
                let at = "\(path).attachments[\(index)]"
                let sha2 = attachment["sha2"]?.stringValue?.lowercased() ?? ""
                guard let part = parts?[sha2] else {
                    if attachment["fileUrl"] != nil {
                        continue
                    }
                    let reason = parts == nil
                        ? "so its data must travel in a multipart/mixed request"
                        : "and no multipart part carries content with sha2 \(sha2)"
                    throw XAPIError(
                        status: 400, "\(at) has no fileUrl, \(reason)", rule: "attachmentData", path: "\(at).sha2")
                }
                referenced.insert(sha2)
                if let length = attachment["length"]?.numberValue?.integer, length != Int64(part.content.count) {
                    throw XAPIError(
                        status: 400, "\(at) declares length \(length) but its part has \(part.content.count) bytes",
                        rule: "attachmentLength", path: "\(at).length")
                }
                if attachment["usageType"]?.stringValue == signatureUsageType {
                    try SignedStatement.verify(statement, signature: part, path: at)
                }
            }
        }
        if let parts, let extra = parts.keys.sorted().first(where: { !referenced.contains($0) }) {
            throw XAPIError(
                status: 400, "a multipart part with sha2 \(extra) matches no attachment of the statements",
                rule: "attachmentData", path: "sha2 \(extra)")
        }
    }

    /// Stores attachment content through the ingest service, one call per part so each stays within the
    /// RPC message limit.
    func storeAttachments(_ parts: [String: AttachmentPart]?) async throws(XAPIError) {
        for part in (parts ?? [:]).values.sorted(by: { $0.sha2 < $1.sha2 }) {
            let attachment = IngestV1.Attachment(
                sha2: part.sha2, contentType: part.contentType, content: [UInt8](part.content))
            do {
                _ = try await documentsClient.putAttachments(
                    IngestV1.PutAttachmentsRequest(attachments: [attachment]), options: callOptions)
            } catch {
                throw Self.documentFailure(error)
            }
        }
    }

    /// Turns a JSON statement response into multipart/mixed: the JSON first, then one part per stored
    /// attachment the statements name by sha2 (an attachment whose content is not stored gets no part).
    func attachingParts(_ response: HTTPResponse) async throws(XAPIError) -> HTTPResponse {
        guard response.status == 200, let parsed = try? JSONValue.parse(response.body) else {
            return response
        }
        let statements = parsed["statements"]?.arrayValue ?? [parsed]
        var hashes: [String] = []
        for statement in statements {
            for attachment in statement["attachments"]?.arrayValue ?? [] {
                if let sha2 = attachment["sha2"]?.stringValue?.lowercased(), !hashes.contains(sha2) {
                    hashes.append(sha2)
                }
            }
        }
        var stored: [IngestV1.Attachment] = []
        if !hashes.isEmpty {
            do {
                stored = try await documentsClient.getAttachments(
                    IngestV1.GetAttachmentsRequest(sha2: hashes), options: callOptions
                ).attachments
            } catch {
                throw Self.documentFailure(error)
            }
        }
        var parts = [MultipartPart(headers: ["Content-Type": "application/json"], body: response.body)]
        for attachment in stored {
            parts.append(
                MultipartPart(
                    headers: [
                        "Content-Type": attachment.contentType.isEmpty ? "application/octet-stream"
                            : attachment.contentType,
                        "Content-Transfer-Encoding": "binary", "X-Experience-API-Hash": attachment.sha2,
                    ], body: Data(attachment.content)))
        }
        let boundary = "flywheel-" + UUID().uuidString.lowercased()
        var multipart = response
        multipart.body = Multipart.serialize(parts, boundary: boundary)
        multipart.headers.set(name: "Content-Type", value: "multipart/mixed; boundary=\(boundary)")
        return multipart
    }
}
