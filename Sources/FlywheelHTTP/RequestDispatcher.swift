internal import CMicroHTTPD
import Foundation
import Synchronization

/// Turns libmicrohttpd's access-handler calls into handler tasks and their answers back into responses.
///
/// - Note: Its methods run on libmicrohttpd threads and never wait for a handler: the connection is
///   suspended while the handler runs as a Swift task, and resumed when the answer is stored.
final class RequestDispatcher: Sendable {
    let handler: HTTPServer.Handler
    let maximumBodyBytes: Int
    let registry = ExchangeRegistry()
    private let lastDiagnosticMessage = Mutex<String?>(nil)

    init(handler: @escaping HTTPServer.Handler, maximumBodyBytes: Int) {
        self.handler = handler
        self.maximumBodyBytes = maximumBodyBytes
    }

    /// The last message libmicrohttpd reported, used to explain a failed start.
    var lastDiagnostic: String? {
        lastDiagnosticMessage.withLock { $0 }
    }

    /// Keeps a message libmicrohttpd logged (the library itself never prints).
    func record(diagnostic: String) {
        lastDiagnosticMessage.withLock { $0 = diagnostic }
    }

    /// Starts the assembly of a request from its raw target; the result becomes the request's slot value.
    func beginRequest(rawTarget: UnsafePointer<CChar>?) -> UnsafeMutableRawPointer {
        let assembly = RequestAssembly(rawTarget: rawTarget.map { String(cString: $0) } ?? "/")
        return Unmanaged.passRetained(assembly).toOpaque()
    }

    /// Releases the request's assembly when libmicrohttpd is done with the request: its response was
    /// sent, or the connection closed. Only then does a dispatched request stop counting as in flight,
    /// so shutdown never stops the daemon between a handler's answer and its delivery.
    func endRequest(slot: UnsafeMutablePointer<UnsafeMutableRawPointer?>) {
        guard let raw = slot.pointee else {
            return
        }
        let assembly = Unmanaged<RequestAssembly>.fromOpaque(raw).takeRetainedValue()
        slot.pointee = nil
        if case .dispatched(let exchange) = assembly.phase {
            registry.retire(exchange)
        }
    }

    /// One access-handler call: headers, a piece of body, the end of the request, or the resumed answer.
    func handle(
        connection: OpaquePointer, url: UnsafePointer<CChar>?, method: UnsafePointer<CChar>?,
        version: UnsafePointer<CChar>?, uploadData: UnsafePointer<CChar>?, uploadSize: UnsafeMutablePointer<Int>,
        slot: UnsafeMutablePointer<UnsafeMutableRawPointer?>
    ) -> MHD_Result {
        if slot.pointee == nil {
            slot.pointee = beginRequest(rawTarget: url)
        }
        let assembly = Unmanaged<RequestAssembly>.fromOpaque(slot.pointee!).takeUnretainedValue()

        switch assembly.phase {
        case .awaitingHeaders:
            return receiveHeaders(of: assembly, on: connection, method: method, version: version)
        case .receivingBody:
            if uploadSize.pointee > 0 {
                receiveBody(of: assembly, data: uploadData, size: uploadSize)
                return .YES
            }
            return dispatch(assembly, on: connection)
        case .overflowing:
            if uploadSize.pointee > 0 {
                return discardBody(of: assembly, size: uploadSize)
            }
            assembly.phase = .refused
            return payloadTooLarge.queue(on: connection, closeConnection: true)
        case .dispatched(let exchange):
            guard let response = exchange.takeResponse() else {
                return .YES
            }
            return response.queue(on: connection, closeConnection: registry.isDraining)
        case .refused:
            uploadSize.pointee = 0
            return .YES
        }
    }

    private func receiveHeaders(
        of assembly: RequestAssembly, on connection: OpaquePointer, method: UnsafePointer<CChar>?,
        version: UnsafePointer<CChar>?
    ) -> MHD_Result {
        assembly.method = HTTPMethod(rawValue: method.map { String(cString: $0) } ?? "")
        assembly.version = version.map { String(cString: $0) } ?? ""
        _ = MHD_get_connection_values_n(
            connection, .HEADER_KIND,
            { context, _, name, nameLength, value, valueLength in
                guard let context, let name else {
                    return .YES
                }
                let assembly = Unmanaged<RequestAssembly>.fromOpaque(context).takeUnretainedValue()
                let nameBytes = UnsafeRawBufferPointer(start: name, count: nameLength)
                let valueBytes = UnsafeRawBufferPointer(start: value, count: value == nil ? 0 : valueLength)
                assembly.headers.add(
                    name: String(decoding: nameBytes, as: UTF8.self),
                    value: String(decoding: valueBytes, as: UTF8.self)
                )
                return .YES
            },
            Unmanaged.passUnretained(assembly).toOpaque())

        if let declared = assembly.headers["Content-Length"].flatMap({ Int($0) }) {
            if declared > maximumBodyBytes {
                // Answering before the body is read makes libmicrohttpd skip the body and close afterwards.
                assembly.phase = .refused
                return payloadTooLarge.queue(on: connection, closeConnection: true)
            }
            assembly.body.reserveCapacity(declared)
        }
        assembly.phase = .receivingBody
        return .YES
    }

    private func receiveBody(
        of assembly: RequestAssembly, data: UnsafePointer<CChar>?, size: UnsafeMutablePointer<Int>
    ) {
        let count = size.pointee
        size.pointee = 0
        assembly.receivedBytes += count
        guard assembly.receivedBytes <= maximumBodyBytes else {
            // Only a chunked body gets here (a declared length was checked up front). libmicrohttpd accepts
            // a response only once the request is complete, so the rest is dropped unbuffered until then.
            assembly.phase = .overflowing
            assembly.body = Data()
            return
        }
        if let data {
            data.withMemoryRebound(to: UInt8.self, capacity: count) { assembly.body.append($0, count: count) }
        }
    }

    private func discardBody(of assembly: RequestAssembly, size: UnsafeMutablePointer<Int>) -> MHD_Result {
        assembly.receivedBytes += size.pointee
        size.pointee = 0
        // A client that keeps streaming far past the limit loses the connection without an answer.
        return assembly.receivedBytes > maximumBodyBytes.multipliedReportingOverflow(by: 2).partialValue
            ? .NO : .YES
    }

    private func dispatch(_ assembly: RequestAssembly, on connection: OpaquePointer) -> MHD_Result {
        let target = assembly.pathAndQuery
        let request = HTTPRequest(
            method: assembly.method, path: target.path, rawQuery: target.rawQuery, headers: assembly.headers,
            body: assembly.body, remoteAddress: ConnectionInfo.remoteAddress(of: connection),
            version: assembly.version)
        assembly.body = Data()

        let exchange = PendingExchange()
        guard registry.admit(exchange) else {
            assembly.phase = .refused
            return shuttingDown.queue(on: connection, closeConnection: true)
        }
        assembly.phase = .dispatched(exchange)
        if let early = exchange.suspend(connection) {
            return early.queue(on: connection, closeConnection: true)
        }

        let handler = self.handler
        Task {
            exchange.answer(await handler(request))
        }
        return .YES
    }

    private var payloadTooLarge: HTTPResponse {
        .text("request body exceeds the limit of \(maximumBodyBytes) bytes", status: 413)
    }

    /// The answer to requests that arrive, or outlast the grace period, during shutdown.
    var shuttingDown: HTTPResponse {
        .text("server is shutting down", status: 503)
    }
}
