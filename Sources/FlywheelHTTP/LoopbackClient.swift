import Foundation
internal import Glibc

/// A blocking HTTP/1.1 client on one keep-alive TCP connection to 127.0.0.1, for benchmarks and for tests
/// that need control over the bytes on the wire.
///
/// - Note: Every read is bounded by the receive timeout; use one client from one thread at a time, and
///   never from the cooperative pool (``onOwnThread(_:)`` runs blocking work on a thread of its own).
package final class LoopbackClient {
    /// A failure of the client: connecting, sending, receiving or parsing.
    package struct Failure: Error, CustomStringConvertible {
        /// What failed.
        package let message: String
        package var description: String { message }
    }

    /// A parsed response.
    package struct Response: Sendable {
        /// The status code.
        package let status: Int
        /// The header fields, in the order received.
        package let headers: HTTPHeaders
        /// The body, without any chunked framing.
        package let body: [UInt8]

        /// The body as UTF-8 text.
        package var text: String { String(decoding: body, as: UTF8.self) }
    }

    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private var scratch = [UInt8](repeating: 0, count: 16 * 1024)
    private var isClosed = false

    /// Connects to `127.0.0.1:port`.
    /// - Parameters:
    ///   - port: The server's port.
    ///   - receiveTimeoutSeconds: The bound on every read.
    package init(port: UInt16, receiveTimeoutSeconds: Int = 10) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else {
            isClosed = true
            throw Failure(message: "socket() failed: \(ListeningSocket.errorText(errno))")
        }
        setReceiveTimeout(seconds: receiveTimeoutSeconds)
        var noDelay: Int32 = 1
        _ = setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))

        let address = try SocketAddress(host: "127.0.0.1", port: port)
        let connected = address.withSockaddr { connect(descriptor, $0, $1) }
        guard connected == 0 else {
            let code = errno
            // close() marks the descriptor closed, so deinit (which runs after a throwing init) leaves it.
            close()
            throw Failure(message: "connect to 127.0.0.1:\(port) failed: \(ListeningSocket.errorText(code))")
        }
    }

    deinit {
        close()
    }

    /// Runs blocking work (a client's requests) on a new thread and waits for it without holding a thread
    /// of the cooperative pool.
    package static func onOwnThread<Result: Sendable>(
        _ body: @escaping @Sendable () throws -> Result
    ) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Swift.Result { try body() }) }
            thread.start()
        }
    }

    /// Changes the bound on every later read.
    package func setReceiveTimeout(seconds: Int) {
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        _ = setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Closes the connection.
    package func close() {
        if !isClosed {
            isClosed = true
            Glibc.close(descriptor)
        }
    }

    /// Sends text as UTF-8 bytes.
    package func send(_ text: String) throws {
        try send(Array(text.utf8))
    }

    /// Sends bytes, all of them.
    package func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes {
                Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard sent > 0 else {
                throw Failure(message: "send failed: \(ListeningSocket.errorText(errno))")
            }
            offset += sent
        }
    }

    /// Sends a request and reads its response.
    package func exchange(_ request: String) throws -> Response {
        try send(request)
        return try readResponse()
    }

    /// Reads one response, framed by `Content-Length`, chunked encoding or the end of the connection.
    /// - Parameter headOnly: True for the answer to a HEAD request, which has no body whatever its
    ///   `Content-Length` says.
    package func readResponse(headOnly: Bool = false) throws -> Response {
        let headerEnd = try readUntilHeaderEnd()
        var lines = buffer[..<headerEnd].split(separator: 10, omittingEmptySubsequences: false).map {
            String(decoding: $0.last == 13 ? $0.dropLast() : $0, as: UTF8.self)
        }
        buffer.removeFirst(headerEnd + 4)

        let statusLine = lines.removeFirst()
        let statusParts = statusLine.split(separator: " ", maxSplits: 2)
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else {
            throw Failure(message: "malformed status line \"\(statusLine)\"")
        }
        var headers = HTTPHeaders()
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else {
                throw Failure(message: "malformed header line \"\(line)\"")
            }
            headers.add(
                name: String(line[..<colon]),
                value: line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }

        let body: [UInt8]
        if headOnly || status == 204 || status == 304 || (100..<200).contains(status) {
            body = []
        } else if let length = headers["Content-Length"].flatMap({ Int($0) }) {
            body = try readExactly(length)
        } else if headers["Transfer-Encoding"]?.lowercased() == "chunked" {
            body = try readChunkedBody()
        } else {
            body = try readToEnd()
        }
        return Response(status: status, headers: headers, body: body)
    }

    /// Waits for the server to close the connection.
    /// - Returns: `true` when the connection ended (the server closed or reset it); `false` when the
    ///   receive timeout passed with the connection still open.
    package func waitForClose() -> Bool {
        var scratch = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = scratch.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                continue
            }
            if count == 0 {
                return true
            }
            let code = errno
            if code == EINTR {
                continue
            }
            return code != EAGAIN && code != EWOULDBLOCK
        }
    }

    private func fill() throws -> Bool {
        while true {
            let count = scratch.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                buffer.append(contentsOf: scratch[..<count])
                return true
            }
            if count == 0 {
                return false
            }
            let code = errno
            if code == EINTR {
                continue
            }
            if code == EAGAIN || code == EWOULDBLOCK {
                throw Failure(message: "no response within the receive timeout")
            }
            throw Failure(message: "recv failed: \(ListeningSocket.errorText(code))")
        }
    }

    private func readUntilHeaderEnd() throws -> Int {
        var searchFrom = 0
        while true {
            if buffer.count >= 4 {
                for index in searchFrom...(buffer.count - 4)
                where buffer[index] == 13 && buffer[index + 1] == 10 && buffer[index + 2] == 13
                    && buffer[index + 3] == 10
                {
                    return index
                }
                searchFrom = buffer.count - 3
            }
            guard try fill() else {
                throw Failure(message: "connection closed before a complete response head")
            }
        }
    }

    private func readExactly(_ count: Int) throws -> [UInt8] {
        while buffer.count < count {
            guard try fill() else {
                throw Failure(message: "connection closed after \(buffer.count) of \(count) body bytes")
            }
        }
        let bytes = Array(buffer[..<count])
        buffer.removeFirst(count)
        return bytes
    }

    private func readLine() throws -> String {
        while true {
            if let index = buffer.firstIndex(of: 10) {
                let line = String(decoding: buffer[..<index], as: UTF8.self)
                buffer.removeFirst(index + 1)
                return line.hasSuffix("\r") ? String(line.dropLast()) : line
            }
            guard try fill() else {
                throw Failure(message: "connection closed inside a chunked body")
            }
        }
    }

    private func readChunkedBody() throws -> [UInt8] {
        var body: [UInt8] = []
        while true {
            let sizeText = try readLine().split(separator: ";").first.map(String.init) ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16) else {
                throw Failure(message: "malformed chunk size \"\(sizeText)\"")
            }
            if size == 0 {
                while try !readLine().isEmpty {}
                return body
            }
            body += try readExactly(size)
            _ = try readLine()
        }
    }

    private func readToEnd() throws -> [UInt8] {
        while try fill() {}
        defer { buffer.removeAll() }
        return buffer
    }
}
