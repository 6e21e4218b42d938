import FlywheelContracts
import FlywheelProto
import FlywheelRPC
import Testing

@Suite("Generated contracts")
struct ProtoContractsTests {
    @Test("round-trips a message with strings, maps, nested messages, enums and repeated fields")
    func roundTrip() throws {
        let instance = RegistryV1.Instance(
            service: "ingest", instanceID: "ingest-1", address: "127.0.0.1:7001",
            metadata: ["shard": "2", "version": "1.0"], registeredAtMillis: 1_700_000_000_123,
            leaseExpiresAtMillis: 1_700_000_010_000, verified: true)
        let event = RegistryV1.WatchEvent(kind: .added, instance: instance, reason: "registered")
        let decoded = try RegistryV1.WatchEvent(serializedBytes: event.serializedBytes())
        #expect(decoded == event)
        #expect(decoded.instance?.metadata["shard"] == "2")

        let list = RegistryV1.ListResponse(instances: [instance, RegistryV1.Instance(service: "gateway")])
        #expect(try RegistryV1.ListResponse(serializedBytes: list.serializedBytes()) == list)
    }

    @Test("encodes default values as nothing and decodes nothing as defaults")
    func defaults() throws {
        #expect(RegistryV1.Instance().serializedBytes().isEmpty)
        let empty = try RegistryV1.Instance(serializedBytes: [])
        #expect(empty == RegistryV1.Instance())
    }

    @Test("rejects bytes that are not a valid encoding with a message naming the type")
    func malformed() {
        #expect {
            _ = try RegistryV1.Instance(serializedBytes: [0x0A, 0xFF, 0x01])
        } throws: { error in
            (error as? ProtoError)?.code == .malformed
                && (error as? ProtoError)?.message.contains("flywheel.registry.v1.Instance") == true
        }
    }

    @Test("binary payloads survive intact")
    func bytesField() throws {
        let payload = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let request = EchoV1.EchoRequest(text: "x", payload: payload)
        #expect(try EchoV1.EchoRequest(serializedBytes: request.serializedBytes()).payload == payload)
    }

    @Test("converts JSON to a message and back using only descriptors")
    func json() throws {
        let type = try #require(ProtoSchema.lookupMessage(named: "flywheel.registry.v1.WatchEvent"))
        let input = try ProtoJSONValue.parse(#"""
            {"kind": "KIND_ADDED", "instance": {"service": "ingest", "instance_id": "i-1",
             "metadata": {"shard": "3"}, "leaseExpiresAtMillis": "1700000000000", "verified": true}}
            """#)
        let bytes = try ProtoJSON.encode(input, as: type)
        let typed = try RegistryV1.WatchEvent(serializedBytes: bytes)
        #expect(typed.kind == .added)
        #expect(typed.instance?.instanceID == "i-1")
        #expect(typed.instance?.leaseExpiresAtMillis == 1_700_000_000_000)
        #expect(typed.instance?.metadata == ["shard": "3"])

        let output = try ProtoJSON.decode(bytes, as: type)
        guard case .object(let object) = output, case .object(let instance)? = object["instance"] else {
            Issue.record("expected an object, got \(output)")
            return
        }
        #expect(object["kind"] == .string("KIND_ADDED"))
        #expect(instance["instanceId"] == .string("i-1"))
        #expect(instance["verified"] == .bool(true))
    }

    @Test("JSON with an unknown field or a wrong type is refused with the field named")
    func jsonErrors() throws {
        let type = try #require(ProtoSchema.lookupMessage(named: "flywheel.registry.v1.RegisterRequest"))
        #expect { try ProtoJSON.encode(.object(["servce": .string("x")]), as: type) } throws: { error in
            (error as? ProtoError)?.code == .unknownField && "\(error)".contains("servce")
        }
        #expect { try ProtoJSON.encode(.object(["ttlSeconds": .string("soon")]), as: type) } throws: { error in
            (error as? ProtoError)?.code == .wrongType && "\(error)".contains("ttlSeconds")
        }
    }

    @Test("the schema index lists every service with its methods")
    func schema() throws {
        let registry = try #require(ProtoSchema.lookupService(named: "flywheel.registry.v1.Registry"))
        #expect(registry.methods.map(\.name).contains("Resolve"))
        #expect(RegistryV1.Registry.Method.resolve.idempotent)
        #expect(RegistryV1.Registry.Method.watch.kind == .serverStreaming)
        #expect(!RegistryV1.Registry.Method.watch.idempotent)
    }
}
