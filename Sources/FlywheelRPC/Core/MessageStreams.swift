public import FlywheelProto

/// Messages arriving on a call, decoded as `Message`: a server's requests or a client's responses.
public struct MessageStream<Message: ProtoMessage>: AsyncSequence, Sendable {
    public typealias Element = Message
    private let next: @Sendable () async throws -> [UInt8]?

    init(next: @escaping @Sendable () async throws -> [UInt8]?) {
        self.next = next
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let next: @Sendable () async throws -> [UInt8]?

        public func next() async throws -> Message? {
            guard let bytes = try await next() else { return nil }
            do {
                return try Message(serializedBytes: bytes)
            } catch {
                throw RPCError(.internal, "undecodable \(Message.protoDescriptor.fullName): \(error.message)")
            }
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(next: next)
    }
}

/// Sends messages on a call: a server's responses or a client's requests.
public struct MessageWriter<Message: ProtoMessage>: Sendable {
    private let sendBytes: @Sendable ([UInt8]) async throws -> Void

    init(send: @escaping @Sendable ([UInt8]) async throws -> Void) {
        sendBytes = send
    }

    /// Sends one message, waiting while the receiver's flow-control window is full.
    public func send(_ message: Message) async throws {
        try await sendBytes(message.serializedBytes())
    }
}

/// A server's incoming request messages.
public typealias RequestStream<Message: ProtoMessage> = MessageStream<Message>
/// A client's incoming response messages.
public typealias ResponseStream<Message: ProtoMessage> = MessageStream<Message>
/// A client's outgoing request messages.
public typealias RequestWriter<Message: ProtoMessage> = MessageWriter<Message>
/// A server's outgoing response messages.
public typealias ResponseWriter<Message: ProtoMessage> = MessageWriter<Message>
