internal import CMicroHTTPD
import Dispatch

/// A started libmicrohttpd daemon.
///
/// - Note: `MHD_quiesce_daemon` and `MHD_stop_daemon` may be called from any thread, which is what
///   makes sharing the pointer sound; `MHD_stop_daemon` joins the daemon's threads, so it runs on a
///   dispatch queue, never on the cooperative pool.
struct MicroHTTPDaemon: @unchecked Sendable {
    let pointer: OpaquePointer

    /// Starts a daemon accepting on `socket`, with internal epoll threads and suspend/resume.
    /// - Returns: `nil` when libmicrohttpd refuses; the context's dispatcher then holds its reason.
    static func start(
        socket: ListeningSocket, configuration: HTTPServer.Configuration, context: UnsafeMutableRawPointer
    ) -> MicroHTTPDaemon? {
        var flags =
            MHD_USE_INTERNAL_POLLING_THREAD.rawValue | MHD_USE_EPOLL.rawValue
            | MHD_ALLOW_SUSPEND_RESUME.rawValue | MHD_USE_ERROR_LOG.rawValue
        if socket.isIPv6 {
            flags |= MHD_USE_IPv6.rawValue
        }

        var options: [any CVarArg] = [
            MHD_OPTION.LISTEN_SOCKET.rawValue, socket.descriptor,
            MHD_OPTION.CONNECTION_TIMEOUT.rawValue, UInt32(configuration.connectionTimeoutSeconds),
            MHD_OPTION.CONNECTION_LIMIT.rawValue, UInt32(configuration.maximumConnections),
            MHD_OPTION.NOTIFY_COMPLETED.rawValue, cPointer(DaemonCallbacks.completed),
            OpaquePointer(context),
            MHD_OPTION.URI_LOG_CALLBACK.rawValue, cPointer(DaemonCallbacks.target),
            OpaquePointer(context),
            MHD_OPTION.EXTERNAL_LOGGER.rawValue, cPointer(DaemonCallbacks.log),
            OpaquePointer(context),
        ]
        if configuration.threadCount > 1 {
            options += [MHD_OPTION.THREAD_POOL_SIZE.rawValue, UInt32(configuration.threadCount)]
        }
        options.append(MHD_OPTION.END.rawValue)

        let daemon = withVaList(options) { arguments in
            MHD_start_daemon_va(flags, socket.port, nil, nil, DaemonCallbacks.access, context, arguments)
        }
        return daemon.map { MicroHTTPDaemon(pointer: $0) }
    }

    /// A C function pointer as a variadic argument; libmicrohttpd reads it back with `va_arg`.
    private static func cPointer<Function>(_ function: Function) -> OpaquePointer {
        unsafeBitCast(function, to: OpaquePointer.self)
    }

    /// Stops accepting connections; returns the listening descriptor, now the caller's to close.
    func quiesce() -> Int32 {
        MHD_quiesce_daemon(pointer)
    }

    /// Stops the daemon, closing every connection; no connection may be suspended any more.
    func stop(on queue: DispatchQueue) async {
        await withCheckedContinuation { continuation in
            queue.async {
                MHD_stop_daemon(pointer)
                continuation.resume()
            }
        }
    }

    /// Stops the daemon on the calling thread, for use in `deinit`.
    func stopBlocking() {
        MHD_stop_daemon(pointer)
    }
}
