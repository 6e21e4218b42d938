internal import CMicroHTTPD
internal import Glibc

/// Reads the client address of a libmicrohttpd connection.
///
/// `MHD_get_connection_info` is variadic, so Swift does not import it, and the CMicroHTTPD module has no
/// wrapper. The function is looked up once with `dlsym` and called through a pointer typed with its two
/// named parameters. On the System V x86-64 and AArch64 Linux calling conventions, named parameters of a
/// variadic function travel exactly as they do for a fixed one, and the client-address query reads no
/// variadic argument, so the call is well formed there. A `static inline` wrapper in the module's
/// shim.h would make this unnecessary.
enum ConnectionInfo {
    private typealias Lookup = @convention(c) (OpaquePointer?, MHD_ConnectionInfoType) -> UnsafeRawPointer?

    private struct Resolved: @unchecked Sendable {
        // A C function pointer holds no state; sharing it between threads is safe.
        let lookup: Lookup?
    }

    private static let resolved: Resolved = {
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "MHD_get_connection_info") else {
            return Resolved(lookup: nil)
        }
        return Resolved(lookup: unsafeBitCast(symbol, to: Lookup.self))
    }()

    /// The remote address of `connection`, or `nil` when libmicrohttpd does not report one.
    static func remoteAddress(of connection: OpaquePointer) -> HTTPRemoteAddress? {
        guard let lookup = resolved.lookup, let info = lookup(connection, .CONNECTION_INFO_CLIENT_ADDRESS) else {
            return nil
        }
        let union = info.assumingMemoryBound(to: MHD_ConnectionInfo.self)
        guard let address = union.pointee.client_addr else {
            return nil
        }
        return SocketAddress.remoteAddress(UnsafePointer(address))
    }
}
