public import FlywheelContracts
public import FlywheelRPC

/// The echo service: a small real service for testing and benchmarking the RPC runtime and the mesh.
///
/// `Say` answers with the request (after `delayMillis`), `Expand` streams `count` copies, `Collect` joins
/// the texts of every request, `Chat` answers each request as it arrives.
public struct EchoService: EchoV1.Echo.Handler {
    /// The instance id put in every response, so tests can see which instance answered.
    public let instanceID: String

    public init(instanceID: String) {
        self.instanceID = instanceID
    }

    public func say(_ request: EchoV1.EchoRequest, context: ServerCallContext) async throws -> EchoV1.EchoResponse {
        if request.delayMillis > 0 {
            try await Task.sleep(for: .milliseconds(Int(request.delayMillis)))
        }
        return EchoV1.EchoResponse(text: request.text, payload: request.payload, instanceID: instanceID)
    }

    public func expand(
        _ request: EchoV1.EchoRequest, responses: ResponseWriter<EchoV1.EchoResponse>, context: ServerCallContext
    ) async throws {
        for index in 0..<request.count {
            if request.delayMillis > 0 {
                try await Task.sleep(for: .milliseconds(Int(request.delayMillis)))
            }
            try await responses.send(EchoV1.EchoResponse(
                text: request.text, payload: request.payload, instanceID: instanceID, index: index))
        }
    }

    public func collect(
        _ requests: RequestStream<EchoV1.EchoRequest>, context: ServerCallContext
    ) async throws -> EchoV1.EchoResponse {
        var texts: [String] = []
        var count: UInt32 = 0
        for try await request in requests {
            texts.append(request.text)
            count += 1
        }
        return EchoV1.EchoResponse(text: texts.joined(separator: " "), instanceID: instanceID, index: count)
    }

    public func chat(
        _ requests: RequestStream<EchoV1.EchoRequest>, responses: ResponseWriter<EchoV1.EchoResponse>,
        context: ServerCallContext
    ) async throws {
        var index: UInt32 = 0
        for try await request in requests {
            try await responses.send(EchoV1.EchoResponse(text: request.text, instanceID: instanceID, index: index))
            index += 1
        }
    }
}
