import FlywheelContracts
import FlywheelGateway
import FlywheelRPC
import Foundation
import Testing

@Suite("Credentials")
struct CredentialTests {
    private func temporaryPath() throws -> (URL, String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gateway-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return (folder, folder.appendingPathComponent("gateway.sqlite").path)
    }

    @Test("a created credential authenticates with its secret only, and survives a reopen")
    func createAndAuthenticate() async throws {
        let (folder, path) = try temporaryPath()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try await CredentialStore.open(path: path)
        let (credential, secret) = try await store.create(name: "lms", scopes: [.statementsWrite, .statementsRead])
        #expect(secret.utf8.count >= 43)
        #expect(store.authenticate(key: credential.key, secret: secret) == credential)
        #expect(store.authenticate(key: credential.key, secret: secret + "x") == nil)
        #expect(store.authenticate(key: "nobody", secret: secret) == nil)
        await store.close()

        let reopened = try await CredentialStore.open(path: path)
        #expect(reopened.authenticate(key: credential.key, secret: secret)?.scopes == [.statementsWrite, .statementsRead])
        await reopened.close()
    }

    @Test("the SQLite file never holds a secret in clear")
    func secretsHashed() async throws {
        let (folder, path) = try temporaryPath()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try await CredentialStore.open(path: path)
        var secrets: [String] = []
        for index in 0..<5 {
            secrets.append(try await store.create(name: "c\(index)", scopes: [.all]).1)
        }
        try await store.install(key: "demo", secret: "demo-secret-value", name: "demo", scopes: [.all])
        await store.close()
        var bytes = Data()
        for suffix in ["", "-wal", "-shm"] {
            if let data = FileManager.default.contents(atPath: path + suffix) { bytes.append(data) }
        }
        #expect(!bytes.isEmpty)
        for secret in secrets + ["demo-secret-value"] {
            #expect(bytes.range(of: Data(secret.utf8)) == nil, "secret \(secret) found in the store")
        }
        let reopened = try await CredentialStore.open(path: path)
        #expect(reopened.authenticate(key: "demo", secret: "demo-secret-value") != nil)
        await reopened.close()
    }

    @Test("the Credentials RPC service answers the cli and refuses every other caller")
    func rpcOnlyForCLI() async throws {
        let store = try await CredentialStore.open(path: nil)
        let server = RPCServer()
        server.register(CredentialsService(store: store).rpcService, policy: CredentialsService.accessPolicy)
        let cli = GatewayV1.Credentials.Client(channel: server.inProcessChannel(identity: "cli"))
        let ingest = GatewayV1.Credentials.Client(channel: server.inProcessChannel(identity: "ingest"))

        let created = try await cli.createCredential(
            GatewayV1.CreateCredentialRequest(name: "lms", scopes: ["statements/write", "statements/read/mine"]))
        let key = try #require(created.credential?.key)
        #expect(!created.secret.isEmpty)
        #expect(store.authenticate(key: key, secret: created.secret) != nil)

        await #expect {
            _ = try await ingest.listCredentials(GatewayV1.ListCredentialsRequest())
        } throws: { ($0 as? RPCError)?.code == .permissionDenied }
        await #expect {
            _ = try await ingest.createCredential(GatewayV1.CreateCredentialRequest(name: "x", scopes: ["all"]))
        } throws: { ($0 as? RPCError)?.code == .permissionDenied }

        let listed = try await cli.listCredentials(GatewayV1.ListCredentialsRequest())
        #expect(listed.credentials.map(\.key) == [key])
        #expect(try await cli.revokeCredential(GatewayV1.RevokeCredentialRequest(key: key)).revoked)
        #expect(store.authenticate(key: key, secret: created.secret) == nil)
        #expect(try await cli.listCredentials(GatewayV1.ListCredentialsRequest()).credentials.first?.revoked == true)
    }

    @Test("unknown scopes, empty names and unknown keys are refused with precise errors")
    func refusals() async throws {
        let store = try await CredentialStore.open(path: nil)
        let server = RPCServer()
        server.register(CredentialsService(store: store).rpcService, policy: CredentialsService.accessPolicy)
        let cli = GatewayV1.Credentials.Client(channel: server.inProcessChannel(identity: "cli"))
        await #expect {
            _ = try await cli.createCredential(GatewayV1.CreateCredentialRequest(name: "x", scopes: ["statements/delete"]))
        } throws: { error in
            let rpc = error as? RPCError
            return rpc?.code == .invalidArgument && rpc?.message.contains("statements/delete") == true
        }
        await #expect {
            _ = try await cli.createCredential(GatewayV1.CreateCredentialRequest(name: " ", scopes: ["all"]))
        } throws: { ($0 as? RPCError)?.code == .invalidArgument }
        await #expect {
            _ = try await cli.revokeCredential(GatewayV1.RevokeCredentialRequest(key: "missing"))
        } throws: { ($0 as? RPCError)?.code == .notFound }
    }
}
