import Synchronization

/// A channel to one server: it connects on first use, shares the connection among all calls, and
/// reconnects when the connection closes or the server goes away.
public final class ConnectionChannel: RPCChannel {
    /// Makes a new connection to the server.
    package typealias Connector = @Sendable () async throws -> RPCConnection

    private struct State {
        var connection: RPCConnection?
        var connecting: Task<RPCConnection, any Error>?
    }

    private let connector: Connector
    private let state = Mutex(State())

    package init(connector: @escaping Connector) {
        self.connector = connector
    }

    /// The current connection, or a new one.
    package func connection() async throws -> RPCConnection {
        enum Next {
            case ready(RPCConnection)
            case wait(Task<RPCConnection, any Error>)
        }
        // The usable connection is returned as is: no task is made on the per-call path.
        let next: Next = state.withLock { state in
            if let connection = state.connection, connection.isUsable { return .ready(connection) }
            if let connecting = state.connecting { return .wait(connecting) }
            let connector = self.connector
            let task = Task { try await connector() }
            state.connecting = task
            return .wait(task)
        }
        let task: Task<RPCConnection, any Error>
        switch next {
        case .ready(let connection): return connection
        case .wait(let connecting): task = connecting
        }
        do {
            let connection = try await task.value
            state.withLock { state in
                state.connection = connection
                state.connecting = nil
            }
            return connection
        } catch {
            state.withLock { $0.connecting = nil }
            if let error = error as? RPCError { throw error }
            throw RPCError(.unavailable, "cannot connect: \(error)", cause: error)
        }
    }

    public func withCall<Result: Sendable>(
        _ method: RPCMethod, options: CallOptions, _ body: (ClientCall) async throws -> Result
    ) async throws -> Result {
        let requestID = options.requestID ?? RequestID.make()
        var attempt = 0
        while true {
            attempt += 1
            let connection = try await self.connection()
            let call: ClientCall
            do {
                call = try connection.openCall(method, options: options, requestID: requestID)
            } catch {
                // The connection closed between the check and the open: one fresh connection is worth a try.
                if attempt < 2 && error.code == .unavailable { continue }
                throw error
            }
            return try await body(call)
        }
    }

    /// Closes the current connection, if any.
    public func close() {
        let connection = state.withLock { state -> RPCConnection? in
            defer { state.connection = nil }
            return state.connection
        }
        connection?.close()
    }
}
