import FlywheelContracts
import FlywheelRPC
import Foundation

/// `flywheel creds create --name N --scopes a,b` / `creds list` / `creds revoke KEY`: the gateway's xAPI
/// credentials, managed through its Credentials RPC service (callable by the CLI alone).
struct CredsCommand {
    let options: CommandOptions

    init(arguments: [String]) throws {
        options = try CommandOptions(arguments, values: ["name", "scopes"])
        guard let action = options.positional.first, ["create", "list", "revoke"].contains(action) else {
            throw CommandError(
                "usage: flywheel creds create --name NAME --scopes SCOPE[,SCOPE] | creds list | creds revoke KEY")
        }
    }

    func run() async throws {
        let mesh = try options.mesh()
        let client = GatewayV1.Credentials.Client(channel: mesh.channel(to: "gateway"))
        let call = CallOptions(timeout: .seconds(5))
        do {
            switch options.positional[0] {
            case "create":
                guard let name = options.flags["name"], let scopes = options.flags["scopes"] else {
                    throw CommandError("creds create needs --name NAME and --scopes SCOPE[,SCOPE]")
                }
                let request = GatewayV1.CreateCredentialRequest(
                    name: name, scopes: scopes.split(separator: ",").map(String.init))
                let created = try await client.createCredential(request, options: call)
                let key = created.credential?.key ?? ""
                print("key     \(key)")
                print("secret  \(created.secret)   (shown once; only its hash is stored)")
                print("scopes  \(created.credential?.scopes.joined(separator: ",") ?? "")")
                print("basic   \(Data("\(key):\(created.secret)".utf8).base64EncodedString())")
            case "list":
                let list = try await client.listCredentials(GatewayV1.ListCredentialsRequest(), options: call)
                var rows = [["KEY", "NAME", "SCOPES", "CREATED", "STATE"]]
                for credential in list.credentials {
                    let created = Date(timeIntervalSince1970: Double(credential.createdMicros) / 1_000_000)
                    rows.append([
                        credential.key, credential.name, credential.scopes.joined(separator: ","),
                        ISO8601DateFormatter().string(from: created), credential.revoked ? "revoked" : "active",
                    ])
                }
                print(Table.render(rows))
            default:
                guard options.positional.count == 2 else {
                    throw CommandError("creds revoke needs exactly one KEY")
                }
                let key = options.positional[1]
                let answer = try await client.revokeCredential(
                    GatewayV1.RevokeCredentialRequest(key: key), options: call)
                print(answer.revoked ? "revoked \(key)" : "\(key) was already revoked")
            }
        } catch let error as RPCError {
            throw CommandError("gateway refused: \(error.message) (\(error.code))")
        }
    }
}
