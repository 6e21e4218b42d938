import FlywheelHTTP
import Foundation

/// An xAPI request after routing: the resource under the base path, its parameters and headers, with the
/// 1.0.3 alternate request syntax (a form POST carrying `method=`) already unfolded into an ordinary request.
struct XAPIRequest: Sendable {
    /// The xAPI method (after alternate syntax, the one named by `method=`).
    var method: HTTPMethod
    /// The resource path under the base path, such as `statements` or `about`.
    var resource: String
    /// The query parameters (or, under alternate syntax, the form fields that stand for them).
    var parameters: [HTTPQueryItem]
    /// The headers, with alternate-syntax form fields laid over them.
    var headers: HTTPHeaders
    /// The content.
    var body: Data
    /// Whether the request used the alternate request syntax.
    var usesAlternateSyntax: Bool

    /// Form fields that stand for headers under the alternate request syntax.
    static let headerFields = [
        "Authorization", "X-Experience-API-Version", "Content-Type", "Content-Length", "If-Match", "If-None-Match",
    ]

    /// The methods the alternate request syntax may name.
    static let alternateMethods: Set<String> = ["GET", "PUT", "POST", "DELETE", "HEAD"]

    /// The value of the first parameter with this exact name.
    func parameter(_ name: String) -> String? {
        parameters.first { $0.name == name }?.value
    }

    /// The request's media type, lower-cased and without parameters; nil without a Content-Type.
    var mediaType: String? {
        guard let type = headers["Content-Type"] else {
            return nil
        }
        let media = type.split(separator: ";", maxSplits: 1).first ?? ""
        return media.trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// Routes an HTTP request under the base path and unfolds the alternate request syntax.
    /// - Parameters:
    ///   - request: The HTTP request.
    ///   - basePath: The base path, starting and ending with `/`.
    /// - Returns: The xAPI request, or nil when the path is outside the base path.
    /// - Throws: `XAPIError` (400) for a malformed alternate-syntax request.
    static func route(_ request: HTTPRequest, basePath: String) throws(XAPIError) -> XAPIRequest? {
        let path = request.path
        let resource: String
        if path.hasPrefix(basePath) {
            resource = String(path.dropFirst(basePath.count))
        } else if path + "/" == basePath {
            resource = ""
        } else {
            return nil
        }
        var routed = XAPIRequest(
            method: request.method, resource: resource.hasSuffix("/") ? String(resource.dropLast()) : resource,
            parameters: request.queryItems, headers: request.headers, body: request.body,
            usesAlternateSyntax: false)
        if request.queryItems.contains(where: { $0.name == "method" }) {
            try routed.unfoldAlternateSyntax(request)
        }
        return routed
    }

    private mutating func unfoldAlternateSyntax(_ request: HTTPRequest) throws(XAPIError) {
        guard request.method == .post else {
            throw .badRequest("the alternate request syntax (a method parameter) must be sent as a POST")
        }
        guard request.queryItems.count == 1, let named = request.queryItems.first?.value else {
            let others = request.queryItems.map(\.name).filter { $0 != "method" }.joined(separator: ", ")
            throw .badRequest(
                "the alternate request syntax allows no query parameter but method; move \(others) into the form")
        }
        guard request.hasFormBody else {
            throw .badRequest(
                "the alternate request syntax needs Content-Type application/x-www-form-urlencoded, got "
                    + "\(request.headers["Content-Type"] ?? "none")")
        }
        guard Self.alternateMethods.contains(named) else {
            throw .badRequest("the alternate request syntax cannot carry method \"\(named)\"")
        }
        var headers = request.headers
        headers.remove(name: "Content-Type")
        var parameters: [HTTPQueryItem] = []
        var content: Data?
        for field in request.formFields() {
            if let header = Self.headerFields.first(where: { $0.lowercased() == field.name.lowercased() }) {
                headers.set(name: header, value: field.value)
            } else if field.name == "content" {
                content = Data(field.value.utf8)
            } else {
                parameters.append(field)
            }
        }
        if content != nil, !headers.contains("Content-Type") {
            headers.set(name: "Content-Type", value: "application/json")
        }
        method = HTTPMethod(rawValue: named)
        self.parameters = parameters
        self.headers = headers
        body = content ?? Data()
        usesAlternateSyntax = true
    }
}
