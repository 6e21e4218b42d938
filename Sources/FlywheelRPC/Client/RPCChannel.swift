public import FlywheelProto
import Foundation

/// Where calls go: one connection, a balanced set of service instances, or an in-process server.
///
/// Generated clients call the typed methods in the extension below; a channel only has to open calls.
public protocol RPCChannel: Sendable {
    /// Opens a call, runs `body` with it, and returns what `body` returns.
    ///
    /// A channel may run `body` again on another connection when the call failed with UNAVAILABLE and
    /// retrying is safe: the request never went out, or the method is idempotent and unary.
    func withCall<Result: Sendable>(
        _ method: RPCMethod, options: CallOptions, _ body: (ClientCall) async throws -> Result
    ) async throws -> Result
}

extension RPCChannel {
    /// Calls a unary method.
    public func unary<Request: ProtoMessage, Response: ProtoMessage>(
        _ method: RPCMethod, request: Request, options: CallOptions = CallOptions()
    ) async throws -> Response {
        let bytes = request.serializedBytes()
        return try await withCall(method, options: options) { call in
            try await call.send(bytes, end: true)
            guard let response = try await call.receive() else {
                throw RPCError(.internal, "\(method) ended with OK but sent no response")
            }
            let decoded = try decode(Response.self, response, method)
            if try await call.receive() != nil {
                throw RPCError(.internal, "\(method) sent more than one response")
            }
            return decoded
        }
    }

    /// Calls a server-streaming method; `onResponses` reads the responses as they arrive.
    public func serverStreaming<Request: ProtoMessage, Response: ProtoMessage, Result: Sendable>(
        _ method: RPCMethod, request: Request, options: CallOptions = CallOptions(),
        onResponses: @Sendable (ResponseStream<Response>) async throws -> Result
    ) async throws -> Result {
        let bytes = request.serializedBytes()
        return try await withCall(method, options: options) { call in
            try await call.send(bytes, end: true)
            let result = try await onResponses(ResponseStream { try await call.receive() })
            call.cancel()
            return result
        }
    }

    /// Calls a client-streaming method; `requests` sends the requests, then the response is returned.
    public func clientStreaming<Request: ProtoMessage, Response: ProtoMessage>(
        _ method: RPCMethod, options: CallOptions = CallOptions(),
        requests: @Sendable (RequestWriter<Request>) async throws -> Void
    ) async throws -> Response {
        try await withCall(method, options: options) { call in
            call.sendHeaderIfNeeded()
            try await requests(RequestWriter { try await call.send($0) })
            call.finishSending()
            guard let response = try await call.receive() else {
                throw RPCError(.internal, "\(method) ended with OK but sent no response")
            }
            let decoded = try decode(Response.self, response, method)
            _ = try await call.receive()
            return decoded
        }
    }

    /// Calls a bidirectional-streaming method: `requests` runs concurrently with `onResponses`.
    public func bidirectionalStreaming<Request: ProtoMessage, Response: ProtoMessage, Result: Sendable>(
        _ method: RPCMethod, options: CallOptions = CallOptions(),
        requests: @escaping @Sendable (RequestWriter<Request>) async throws -> Void,
        onResponses: @Sendable (ResponseStream<Response>) async throws -> Result
    ) async throws -> Result {
        try await withCall(method, options: options) { call in
            call.sendHeaderIfNeeded()
            let sender = Task {
                try await requests(RequestWriter { try await call.send($0) })
                call.finishSending()
            }
            do {
                let result = try await onResponses(ResponseStream { try await call.receive() })
                sender.cancel()
                call.cancel()
                return result
            } catch {
                sender.cancel()
                throw error
            }
        }
    }
}

private func decode<Response: ProtoMessage>(_ type: Response.Type, _ bytes: [UInt8], _ method: RPCMethod) throws -> Response {
    do {
        return try Response(serializedBytes: bytes)
    } catch {
        throw RPCError(.internal, "\(method) answered with an undecodable \(Response.protoDescriptor.fullName)")
    }
}

/// Makes request ids: short, random, and unique enough to follow one request through the logs.
enum RequestID {
    static func make() -> String {
        String(UInt64.random(in: 0...UInt64.max), radix: 36)
    }
}
