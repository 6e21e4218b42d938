import FlywheelHTTP

/// Cross-origin rules for content hosted in browsers: any origin may call the LRS with the headers xAPI
/// clients send, and may read the xAPI response headers.
enum CORSPolicy {
    /// Request headers a preflight approves.
    static let allowedHeaders = [
        "Authorization", "Content-Type", "X-Experience-API-Version", "If-Match", "If-None-Match",
        "Accept-Language",
    ]
    /// Response headers scripts may read.
    static let exposedHeaders = [
        "X-Experience-API-Consistent-Through", "X-Experience-API-Version", "ETag", "Last-Modified",
    ]
    /// Methods a preflight approves.
    static let allowedMethods = ["GET", "HEAD", "PUT", "POST", "DELETE", "OPTIONS"]

    /// Adds the headers every response carries.
    static func decorate(_ response: inout HTTPResponse, origin: String?) {
        response.headers.set(name: "Access-Control-Allow-Origin", value: origin ?? "*")
        if origin != nil {
            response.headers.add(name: "Vary", value: "Origin")
        }
        response.headers.set(name: "Access-Control-Expose-Headers", value: exposedHeaders.joined(separator: ", "))
    }

    /// The answer to a preflight `OPTIONS` request.
    static func preflight(origin: String?) -> HTTPResponse {
        var response = HTTPResponse(status: 204)
        response.headers.set(name: "Access-Control-Allow-Methods", value: allowedMethods.joined(separator: ", "))
        response.headers.set(name: "Access-Control-Allow-Headers", value: allowedHeaders.joined(separator: ", "))
        response.headers.set(name: "Access-Control-Max-Age", value: "86400")
        response.headers.set(name: "Allow", value: allowedMethods.joined(separator: ", "))
        decorate(&response, origin: origin)
        return response
    }
}
