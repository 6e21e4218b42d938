internal import Glibc

/// A numeric IPv4 or IPv6 socket address parsed from the configured host.
struct SocketAddress: CustomStringConvertible {
    private enum Storage {
        case v4(sockaddr_in)
        case v6(sockaddr_in6)
    }

    private let storage: Storage
    private let host: String
    private let port: UInt16

    /// Parses `host`; accepts numeric addresses and `localhost` (taken as 127.0.0.1).
    init(host: String, port: UInt16) throws(HTTPServerError) {
        let numericHost = host == "localhost" ? "127.0.0.1" : host
        self.host = numericHost
        self.port = port

        var v4 = sockaddr_in()
        if inet_pton(AF_INET, numericHost, &v4.sin_addr) == 1 {
            v4.sin_family = sa_family_t(AF_INET)
            v4.sin_port = port.bigEndian
            storage = .v4(v4)
            return
        }
        let unbracketed =
            numericHost.hasPrefix("[") && numericHost.hasSuffix("]")
            ? String(numericHost.dropFirst().dropLast()) : numericHost
        var v6 = sockaddr_in6()
        if inet_pton(AF_INET6, unbracketed, &v6.sin6_addr) == 1 {
            v6.sin6_family = sa_family_t(AF_INET6)
            v6.sin6_port = port.bigEndian
            storage = .v6(v6)
            return
        }
        throw HTTPServerError(
            code: .invalidAddress, message: "host \"\(host)\" is not a numeric IPv4 or IPv6 address or localhost")
    }

    var family: Int32 { isIPv6 ? AF_INET6 : AF_INET }

    var isIPv6: Bool {
        if case .v6 = storage {
            return true
        }
        return false
    }

    var description: String { isIPv6 ? "[\(host)]:\(port)" : "\(host):\(port)" }

    func withSockaddr<Result>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> Result) -> Result {
        switch storage {
        case .v4(var address):
            return withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    body($0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        case .v6(var address):
            return withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    body($0, socklen_t(MemoryLayout<sockaddr_in6>.size))
                }
            }
        }
    }

    /// Formats a socket address reported by the system as a remote address.
    static func remoteAddress(_ address: UnsafePointer<sockaddr>) -> HTTPRemoteAddress? {
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        switch Int32(address.pointee.sa_family) {
        case AF_INET:
            return address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
                var raw = pointer.pointee.sin_addr
                guard inet_ntop(AF_INET, &raw, &text, socklen_t(text.count)) != nil else {
                    return nil
                }
                return HTTPRemoteAddress(
                    host: String(decodingCString: text), port: UInt16(bigEndian: pointer.pointee.sin_port))
            }
        case AF_INET6:
            return address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                var raw = pointer.pointee.sin6_addr
                guard inet_ntop(AF_INET6, &raw, &text, socklen_t(text.count)) != nil else {
                    return nil
                }
                return HTTPRemoteAddress(
                    host: String(decodingCString: text), port: UInt16(bigEndian: pointer.pointee.sin6_port))
            }
        default:
            return nil
        }
    }
}

extension String {
    /// Decodes a NUL-terminated buffer filled by a C function.
    init(decodingCString buffer: [CChar]) {
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        self.init(decoding: bytes, as: UTF8.self)
    }
}
