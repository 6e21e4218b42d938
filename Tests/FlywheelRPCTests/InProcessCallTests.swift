import FlywheelContracts
import FlywheelEcho
@testable import FlywheelRPC
import Synchronization
import Testing

/// Calls over the in-process transport: the same framing, multiplexing and server as over TLS.
@Suite("Calls in process")
struct InProcessCallTests {
    private func makeServer(policy: AccessPolicy = .anyService, limits: RPCLimits = RPCLimits()) -> RPCServer {
        let server = RPCServer(limits: limits)
        server.register(EchoService(instanceID: "echo-test").rpcService, policy: policy)
        return server
    }

    @Test("a unary call returns the server's response")
    func unary() async throws {
        let client = EchoV1.Echo.Client(channel: makeServer().inProcessChannel(identity: "tester"))
        let response = try await client.say(EchoV1.EchoRequest(text: "hello", payload: [1, 2, 3]))
        #expect(response.text == "hello")
        #expect(response.payload == [1, 2, 3])
        #expect(response.instanceID == "echo-test")
    }

    @Test("server streaming delivers every response in order")
    func serverStreaming() async throws {
        let client = EchoV1.Echo.Client(channel: makeServer().inProcessChannel(identity: "tester"))
        let indexes = try await client.expand(EchoV1.EchoRequest(text: "x", count: 500)) { responses in
            var seen: [UInt32] = []
            for try await response in responses { seen.append(response.index) }
            return seen
        }
        #expect(indexes == Array(0..<500))
    }

    @Test("client streaming sends every request before the single response")
    func clientStreaming() async throws {
        let client = EchoV1.Echo.Client(channel: makeServer().inProcessChannel(identity: "tester"))
        let response = try await client.collect { requests in
            for word in ["one", "two", "three"] { try await requests.send(EchoV1.EchoRequest(text: word)) }
        }
        #expect(response.text == "one two three")
        #expect(response.index == 3)
    }

    @Test("bidirectional streaming answers each request as it arrives")
    func bidirectional() async throws {
        let client = EchoV1.Echo.Client(channel: makeServer().inProcessChannel(identity: "tester"))
        let texts = try await client.chat(requests: { requests in
            for number in 0..<20 { try await requests.send(EchoV1.EchoRequest(text: "m\(number)")) }
        }, onResponses: { responses in
            var texts: [String] = []
            for try await response in responses { texts.append(response.text) }
            return texts
        })
        #expect(texts == (0..<20).map { "m\($0)" })
    }

    @Test("many concurrent calls share one connection and each gets its own answer")
    func multiplexing() async throws {
        let channel = makeServer().inProcessChannel(identity: "tester")
        let client = EchoV1.Echo.Client(channel: channel)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for number in 0..<300 {
                group.addTask {
                    let response = try await client.say(EchoV1.EchoRequest(text: "call \(number)", delayMillis: UInt32(number % 5)))
                    #expect(response.text == "call \(number)")
                }
            }
            try await group.waitForAll()
        }
        let connection = try await channel.connection()
        #expect(connection.activeCalls == 0)
    }

    @Test("an unknown method gets UNIMPLEMENTED")
    func unknownMethod() async throws {
        let channel = makeServer().inProcessChannel(identity: "tester")
        let missing = RPCMethod(service: "flywheel.echo.v1.Echo", name: "Shout", kind: .unary, idempotent: false)
        await #expect { () async throws -> Void in
            let _: EchoV1.EchoResponse = try await channel.unary(missing, request: EchoV1.EchoRequest())
        } throws: { error in
            (error as? RPCError)?.code == .unimplemented && "\(error)".contains("/flywheel.echo.v1.Echo/Shout")
        }
    }

    @Test("a caller outside the method's policy gets PERMISSION_DENIED naming itself")
    func permissionDenied() async throws {
        let server = makeServer(policy: AccessPolicy(methods: ["Say": ["gateway"]]))
        let stranger = EchoV1.Echo.Client(channel: server.inProcessChannel(identity: "notification"))
        await #expect { _ = try await stranger.say(EchoV1.EchoRequest(text: "hi")) } throws: { error in
            (error as? RPCError)?.code == .permissionDenied && "\(error)".contains("notification")
        }
        let gateway = EchoV1.Echo.Client(channel: server.inProcessChannel(identity: "gateway"))
        #expect(try await gateway.say(EchoV1.EchoRequest(text: "hi")).text == "hi")
    }

    @Test("a call past its deadline gets DEADLINE_EXCEEDED and the server stops the work")
    func deadline() async throws {
        let started = Atomic(0)
        let finished = Atomic(0)
        let server = RPCServer()
        server.register(RPCService(name: "flywheel.echo.v1.Echo", routes: [
            .unary(EchoV1.Echo.Method.say) { (request: EchoV1.EchoRequest, _) -> EchoV1.EchoResponse in
                started.add(1, ordering: .relaxed)
                try await Task.sleep(for: .seconds(5))
                finished.add(1, ordering: .relaxed)
                return EchoV1.EchoResponse(text: request.text)
            },
        ]))
        let client = EchoV1.Echo.Client(channel: server.inProcessChannel(identity: "tester"))
        await #expect {
            _ = try await client.say(EchoV1.EchoRequest(text: "slow"), options: CallOptions(timeout: .milliseconds(100)))
        } throws: { error in
            (error as? RPCError)?.code == .deadlineExceeded
        }
        for _ in 0..<100 where server.activeCalls > 0 { try await Task.sleep(for: .milliseconds(20)) }
        #expect(started.load(ordering: .relaxed) == 1)
        #expect(finished.load(ordering: .relaxed) == 0)
        #expect(server.activeCalls == 0)
    }

    @Test("a request over the server's message limit gets RESOURCE_EXHAUSTED")
    func oversizedRequest() async throws {
        let server = makeServer(limits: RPCLimits(maxMessageBytes: 64 * 1024))
        let client = EchoV1.Echo.Client(channel: server.inProcessChannel(identity: "tester", limits: RPCLimits(maxMessageBytes: 1024 * 1024)))
        await #expect {
            _ = try await client.say(EchoV1.EchoRequest(payload: Array(repeating: 1, count: 200 * 1024)))
        } throws: { error in
            (error as? RPCError)?.code == .resourceExhausted && "\(error)".contains("65536")
        }
        // The connection is still good for the next call.
        #expect(try await client.say(EchoV1.EchoRequest(text: "after")).text == "after")
    }

    @Test("the client refuses to send a message over its own limit")
    func oversizedLocally() async throws {
        let client = EchoV1.Echo.Client(channel: makeServer().inProcessChannel(identity: "tester", limits: RPCLimits(maxMessageBytes: 1000)))
        await #expect {
            _ = try await client.say(EchoV1.EchoRequest(payload: Array(repeating: 1, count: 5000)))
        } throws: { error in
            (error as? RPCError)?.code == .resourceExhausted
        }
    }

    @Test("a slow reader stops a streaming sender at the flow-control window")
    func flowControl() async throws {
        let sent = Atomic(0)
        let server = RPCServer(limits: RPCLimits(initialWindowBytes: 64 * 1024))
        server.register(RPCService(name: "flywheel.echo.v1.Echo", routes: [
            .serverStreaming(EchoV1.Echo.Method.expand) { (request: EchoV1.EchoRequest, responses: ResponseWriter<EchoV1.EchoResponse>, _) in
                for index in 0..<request.count {
                    try await responses.send(EchoV1.EchoResponse(payload: Array(repeating: 0, count: 8 * 1024), index: index))
                    sent.add(1, ordering: .relaxed)
                }
            },
        ]))
        let client = EchoV1.Echo.Client(channel: server.inProcessChannel(identity: "tester", limits: RPCLimits(initialWindowBytes: 64 * 1024)))
        let received = try await client.expand(EchoV1.EchoRequest(count: 200)) { responses in
            let iterator = responses.makeAsyncIterator()
            _ = try await iterator.next()
            // Give the server every chance to run ahead while we do not read.
            try await Task.sleep(for: .milliseconds(300))
            let aheadWhileStalled = sent.load(ordering: .relaxed)
            var count = 1
            while try await iterator.next() != nil { count += 1 }
            return (aheadWhileStalled, count)
        }
        // 64 KiB of window holds 8 messages of 8 KiB (plus one that may overdraw it).
        #expect(received.0 <= 10, "server sent \(received.0) messages to a reader that had taken 1")
        #expect(received.1 == 200)
    }

    @Test("a handler's own error reaches the caller with its status; other errors as INTERNAL")
    func errorsTravelAsStatus() async throws {
        struct Broken: Error {}
        let server = RPCServer()
        server.register(RPCService(name: "flywheel.echo.v1.Echo", routes: [
            .unary(EchoV1.Echo.Method.say) { (request: EchoV1.EchoRequest, _) -> EchoV1.EchoResponse in
                if request.text == "missing" { throw RPCError(.notFound, "no such thing") }
                throw Broken()
            },
        ]))
        let client = EchoV1.Echo.Client(channel: server.inProcessChannel(identity: "tester"))
        await #expect { _ = try await client.say(EchoV1.EchoRequest(text: "missing")) } throws: { error in
            (error as? RPCError)?.code == .notFound && (error as? RPCError)?.message == "no such thing"
        }
        await #expect { _ = try await client.say(EchoV1.EchoRequest(text: "other")) } throws: { error in
            (error as? RPCError)?.code == .internal
        }
    }

    @Test("drain lets a call in progress finish, then refuses new calls")
    func drain() async throws {
        let server = makeServer()
        let channel = server.inProcessChannel(identity: "tester")
        let client = EchoV1.Echo.Client(channel: channel)
        _ = try await client.say(EchoV1.EchoRequest(text: "warm"))
        let slow = Task { try await client.say(EchoV1.EchoRequest(text: "slow", delayMillis: 300)) }
        try await Task.sleep(for: .milliseconds(50))
        await server.drain()
        #expect(try await slow.value.text == "slow")
        await #expect { _ = try await client.say(EchoV1.EchoRequest(text: "late")) } throws: { error in
            (error as? RPCError)?.code == .unavailable
        }
    }
}
