internal import Glibc

/// A bound, listening TCP socket opened by the server itself, so bind failures can be reported precisely.
struct ListeningSocket {
    /// The socket's file descriptor; libmicrohttpd accepts on it once the daemon starts.
    let descriptor: Int32
    /// The port actually bound (differs from the requested one when that was 0).
    let port: UInt16
    /// Whether the socket is IPv6.
    let isIPv6: Bool

    /// Creates, binds and listens; throws an error that names the address and the cause.
    static func open(host: String, port: UInt16, backlog: Int) throws(HTTPServerError) -> ListeningSocket {
        let address = try SocketAddress(host: host, port: port)
        let descriptor = socket(address.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else {
            throw HTTPServerError(
                code: .socketFailure, message: "cannot create a socket for \(address): \(errorText(errno))")
        }

        var enabled: Int32 = 1
        _ = setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &enabled, socklen_t(MemoryLayout<Int32>.size))

        let bound = address.withSockaddr { bind(descriptor, $0, $1) }
        if bound != 0 {
            let code = errno
            close(descriptor)
            throw bindError(code, address: address, port: port)
        }
        if listen(descriptor, Int32(backlog)) != 0 {
            let code = errno
            close(descriptor)
            throw HTTPServerError(code: .socketFailure, message: "cannot listen on \(address): \(errorText(code))")
        }

        let boundPort = localPort(of: descriptor, isIPv6: address.isIPv6) ?? port
        return ListeningSocket(descriptor: descriptor, port: boundPort, isIPv6: address.isIPv6)
    }

    /// Closes the descriptor if it still refers to the socket with this inode, which guards against
    /// closing a number libmicrohttpd already closed and the system handed out again.
    func closeIfStillOpen(inode: UInt) {
        var status = stat()
        if fstat(descriptor, &status) == 0, UInt(status.st_ino) == inode {
            close(descriptor)
        }
    }

    /// The inode of the socket, used to recognise it later.
    var inode: UInt {
        var status = stat()
        return fstat(descriptor, &status) == 0 ? UInt(status.st_ino) : 0
    }

    private static func bindError(_ code: Int32, address: SocketAddress, port: UInt16) -> HTTPServerError {
        switch code {
        case EADDRINUSE:
            return HTTPServerError(
                code: .addressInUse, message: "cannot listen on \(address): port \(port) is already in use")
        case EACCES:
            return HTTPServerError(
                code: .permissionDenied, message: "cannot listen on \(address): port \(port) needs privileges")
        case EADDRNOTAVAIL:
            return HTTPServerError(
                code: .invalidAddress, message: "cannot listen on \(address): the address is not on this machine")
        default:
            return HTTPServerError(code: .socketFailure, message: "cannot bind \(address): \(errorText(code))")
        }
    }

    private static func localPort(of descriptor: Int32, isIPv6: Bool) -> UInt16? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard result == 0 else {
            return nil
        }
        return withUnsafePointer(to: &storage) { pointer in
            isIPv6
                ? pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) {
                    UInt16(bigEndian: $0.pointee.sin6_port)
                }
                : pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                    UInt16(bigEndian: $0.pointee.sin_port)
                }
        }
    }

    static func errorText(_ code: Int32) -> String {
        "\(String(cString: strerror(code))) (errno \(code))"
    }
}
