internal import CMicroHTTPD
import Synchronization

/// One request handed to a handler task while its connection is suspended, and the answer coming back.
///
/// - Note: Every `MHD_suspend_connection` and `MHD_resume_connection` call happens under this object's
///   lock, and at most one resume follows the one suspend, whether the handler answered or shutdown
///   abandoned the request. Once `answer` or `abandon` returned, no call reaches libmicrohttpd for this
///   connection from here, so the daemon may be stopped.
final class PendingExchange: Sendable {
    /// Where the exchange stands.
    private enum Stage {
        /// Admitted by the registry, connection not yet suspended; moves to `suspended` or, when shutdown
        /// abandons it first, to `answered`.
        case admitted
        /// The connection is suspended and the handler runs; moves to `answered`.
        case suspended(SuspendedConnection)
        /// A response waits for libmicrohttpd to take it; moves to `delivered`.
        case answered(HTTPResponse)
        /// The response was handed to libmicrohttpd, or the answer came too late; final.
        case delivered
    }

    /// A suspended connection; libmicrohttpd allows resuming it from any thread.
    private struct SuspendedConnection: @unchecked Sendable {
        let pointer: OpaquePointer
    }

    private let stage = Mutex(Stage.admitted)

    /// Suspends the connection unless shutdown abandoned the exchange first.
    /// Called by the access handler on the connection's thread.
    /// - Returns: `nil` once suspended, or the response to queue right away.
    func suspend(_ connection: OpaquePointer) -> HTTPResponse? {
        stage.withLock { stage in
            switch stage {
            case .admitted:
                MHD_suspend_connection(connection)
                stage = .suspended(SuspendedConnection(pointer: connection))
                return nil
            case .answered(let response):
                stage = .delivered
                return response
            case .suspended, .delivered:
                return nil
            }
        }
    }

    /// Stores the handler's response and resumes the connection; ignored when shutdown got there first.
    /// - Returns: Whether the response will be sent.
    @discardableResult
    func answer(_ response: HTTPResponse) -> Bool {
        stage.withLock { stage in
            guard case .suspended(let connection) = stage else {
                return false
            }
            stage = .answered(response)
            MHD_resume_connection(connection.pointer)
            return true
        }
    }

    /// Replaces a pending answer with `response` (shutdown ran out of time), resuming if suspended.
    func abandon(with response: HTTPResponse) {
        stage.withLock { stage in
            switch stage {
            case .admitted:
                stage = .answered(response)
            case .suspended(let connection):
                stage = .answered(response)
                MHD_resume_connection(connection.pointer)
            case .answered, .delivered:
                break
            }
        }
    }

    /// Takes the response for queueing; called by the access handler after the connection resumed.
    func takeResponse() -> HTTPResponse? {
        stage.withLock { stage in
            guard case .answered(let response) = stage else {
                return nil
            }
            stage = .delivered
            return response
        }
    }
}
