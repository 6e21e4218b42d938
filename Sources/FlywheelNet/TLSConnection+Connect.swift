extension TLSConnection {
    /// Connects to a service, completes a mutually authenticated TLS 1.3 handshake, and checks that the
    /// server's certificate is valid, issued by the trusted CA, and names `<expectedService>.mesh.flywheel`.
    ///
    /// All socket work happens on `loop`; the caller only awaits.
    /// - Parameters:
    ///   - host: a numeric address or a host name (resolved off the loop).
    ///   - port: the TCP port.
    ///   - expectedService: the service the server must prove to be.
    ///   - tls: our certificate, key and trusted CA.
    ///   - loop: the loop that will own the connection.
    ///   - timeout: bound on TCP connect, handshake and the server's acceptance together.
    /// - Returns: the established connection; call `start(handler:)` on it.
    /// - Throws: `NetError`: `.connectionRefused` ("connection refused by 127.0.0.1:9"), `.timedOut`,
    ///   `.handshakeFailed` ("server certificate verify failed: certificate has expired", "peer closed
    ///   during handshake (our certificate was refused?)"), `.addressResolution`, `.eventLoopShutdown`.
    public static func connect(
        host: String, port: Int, expectedService: String, tls: TLSContext, loop: EventLoop,
        timeout: Duration = .seconds(10)
    ) async throws -> TLSConnection {
        let address = try await SocketAddress.resolveOffLoop(host: host, port: port)
        return try await withCheckedThrowingContinuation { continuation in
            let submitted = loop.execute {
                TLSChannel.connect(
                    to: address, expectedService: expectedService, context: tls, loop: loop, timeout: timeout
                ) { result in
                    continuation.resume(with: result)
                }
            }
            if !submitted {
                continuation.resume(throwing: NetError(.eventLoopShutdown, "event loop \(loop.name) shut down"))
            }
        }
    }
}
