import Dispatch
import Glibc

/// An IPv4 or IPv6 address and port of one end of a TCP connection.
public struct SocketAddress: Sendable, Hashable, CustomStringConvertible {
    /// The numeric host, e.g. "127.0.0.1" or "::1".
    public let host: String
    /// The TCP port.
    public let port: Int

    /// The raw address, for bind and connect.
    let storage: sockaddr_storage
    /// How many bytes of `storage` are used.
    let length: socklen_t

    /// "127.0.0.1:8443", or "[::1]:8443" for IPv6.
    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    var family: Int32 { Int32(storage.ss_family) }

    /// Reads an address the kernel filled in (accept, getpeername, getsockname).
    init?(storage: sockaddr_storage, length: socklen_t) {
        var storage = storage
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        let port: UInt16
        switch Int32(storage.ss_family) {
        case AF_INET:
            let found = withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { address -> UInt16? in
                    var ip = address.pointee.sin_addr
                    guard inet_ntop(AF_INET, &ip, &text, socklen_t(text.count)) != nil else { return nil }
                    return UInt16(bigEndian: address.pointee.sin_port)
                }
            }
            guard let found else { return nil }
            port = found
        case AF_INET6:
            let found = withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { address -> UInt16? in
                    var ip = address.pointee.sin6_addr
                    guard inet_ntop(AF_INET6, &ip, &text, socklen_t(text.count)) != nil else { return nil }
                    return UInt16(bigEndian: address.pointee.sin6_port)
                }
            }
            guard let found else { return nil }
            port = found
        default:
            return nil
        }
        self.host = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        self.port = Int(port)
        self.storage = storage
        self.length = length
    }

    public static func == (lhs: SocketAddress, rhs: SocketAddress) -> Bool {
        lhs.host == rhs.host && lhs.port == rhs.port
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(host)
        hasher.combine(port)
    }
}

extension SocketAddress {
    /// Resolves a host name or numeric address and a port, preferring the first answer.
    ///
    /// Numeric hosts never touch DNS. A name may block while the resolver works, so async callers
    /// use `resolveOffLoop`.
    /// - Throws: `NetError` with code `.addressResolution` naming the host.
    static func resolve(host: String, port: Int) throws(NetError) -> SocketAddress {
        guard (0...65535).contains(port) else {
            throw NetError(.addressResolution, "\(host):\(port): port out of range")
        }
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_family = AF_UNSPEC
        hints.ai_flags = AI_NUMERICSERV
        var results: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &results)
        guard status == 0, let first = results else {
            let reason = String(cString: gai_strerror(status))
            throw NetError(.addressResolution, "cannot resolve \(host):\(port): \(reason)")
        }
        defer { freeaddrinfo(results) }
        var storage = sockaddr_storage()
        let length = first.pointee.ai_addrlen
        withUnsafeMutableBytes(of: &storage) { target in
            target.copyMemory(from: UnsafeRawBufferPointer(start: first.pointee.ai_addr, count: Int(length)))
        }
        guard let address = SocketAddress(storage: storage, length: length) else {
            throw NetError(.addressResolution, "cannot resolve \(host):\(port): unsupported address family")
        }
        return address
    }

    /// Resolves on a global dispatch queue so a DNS lookup never blocks a Swift concurrency thread.
    static func resolveOffLoop(host: String, port: Int) async throws -> SocketAddress {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { () throws(NetError) in try resolve(host: host, port: port) })
            }
        }
    }

    /// The address bound to a socket (its local end).
    static func local(of descriptor: Int32) -> SocketAddress? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let status = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        return status == 0 ? SocketAddress(storage: storage, length: length) : nil
    }

    /// The address a connected socket talks to.
    static func remote(of descriptor: Int32) -> SocketAddress? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let status = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getpeername(descriptor, $0, &length) }
        }
        return status == 0 ? SocketAddress(storage: storage, length: length) : nil
    }

    /// Calls `body` with the address as a `sockaddr` pointer and its length.
    func withSockAddr<Result>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> Result) -> Result {
        withUnsafePointer(to: storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, length) }
        }
    }
}
