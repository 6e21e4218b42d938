internal import CMicroHTTPD
import Foundation

extension HTTPResponse {
    /// Hands the response to libmicrohttpd for `connection`.
    ///
    /// A response libmicrohttpd would refuse is replaced by a 500 naming the fault, so a handler's
    /// mistake reaches the client as an error instead of a dropped connection.
    /// - Parameters:
    ///   - connection: The connection, inside the access handler or while suspended.
    ///   - closeConnection: Whether to end the connection after this response.
    /// - Returns: libmicrohttpd's verdict; `.NO` makes it close the connection.
    func queue(on connection: OpaquePointer, closeConnection: Bool) -> MHD_Result {
        var status = self.status
        let native: OpaquePointer
        switch makeNative(closeConnection: closeConnection) {
        case .success(let made):
            native = made
        case .failure(let fault):
            let fallback = HTTPResponse.text("internal server error: \(fault.message)", status: 500)
            guard case .success(let made) = fallback.makeNative(closeConnection: closeConnection) else {
                return .NO
            }
            native = made
            status = fallback.status
        }
        defer { MHD_destroy_response(native) }
        return MHD_queue_response(connection, UInt32(status), native)
    }

    private struct Fault: Error {
        let message: String
    }

    private func makeNative(closeConnection: Bool) -> Result<OpaquePointer, Fault> {
        guard (200...999).contains(status) else {
            return .failure(Fault(message: "handler returned status \(status), which is not a final HTTP status"))
        }
        let created = body.withUnsafeBytes { raw in
            MHD_create_response_from_buffer(
                raw.count, UnsafeMutableRawPointer(mutating: raw.baseAddress), .RESPMEM_MUST_COPY)
        }
        guard let native = created else {
            return .failure(Fault(message: "libmicrohttpd could not allocate a response of \(body.count) bytes"))
        }

        for field in headers where !HTTPHeaders.namesMatch(field.name, "Content-Length") {
            let added = field.name.withCString { name in
                field.value.withCString { value in MHD_add_response_header(native, name, value) }
            }
            if added == .NO {
                MHD_destroy_response(native)
                return .failure(Fault(message: "handler returned header \"\(field.name)\" that HTTP does not allow"))
            }
        }
        if closeConnection {
            _ = MHD_add_response_header(native, "Connection", "close")
        }
        return .success(native)
    }
}
