public import FlywheelContracts
public import FlywheelRPC

/// The `flywheel.gateway.v1.Credentials` RPC service over a `CredentialStore`; only the `cli` may call it.
public struct CredentialsService: GatewayV1.Credentials.Handler {
    /// Who may call the service: the operator's command line alone.
    public static let accessPolicy = AccessPolicy(defaultCallers: ["cli"])

    private let store: CredentialStore

    /// Creates the service.
    /// - Parameter store: The credentials it manages.
    public init(store: CredentialStore) {
        self.store = store
    }

    /// Creates a credential and returns its secret once.
    /// - Parameters:
    ///   - request: The name and scopes.
    ///   - context: The call's context.
    /// - Returns: The credential and the secret.
    /// - Throws: `RPCError` `.invalidArgument` for a bad name or scope, `.internal` when the store fails.
    public func createCredential(
        _ request: GatewayV1.CreateCredentialRequest, context: ServerCallContext
    ) async throws -> GatewayV1.CreateCredentialResponse {
        do {
            let scopes = try CredentialScope.parse(request.scopes)
            let (credential, secret) = try await store.create(name: request.name, scopes: scopes)
            return GatewayV1.CreateCredentialResponse(credential: credential.message, secret: secret)
        } catch {
            throw Self.rpcError(error)
        }
    }

    /// Lists every credential, without secrets.
    /// - Parameters:
    ///   - request: Empty.
    ///   - context: The call's context.
    /// - Returns: The credentials, oldest first.
    public func listCredentials(
        _ request: GatewayV1.ListCredentialsRequest, context: ServerCallContext
    ) async throws -> GatewayV1.ListCredentialsResponse {
        GatewayV1.ListCredentialsResponse(credentials: store.list().map(\.message))
    }

    /// Revokes a credential.
    /// - Parameters:
    ///   - request: The key.
    ///   - context: The call's context.
    /// - Returns: Whether this call revoked it (false when it already was).
    /// - Throws: `RPCError` `.notFound` for an unknown key, `.internal` when the store fails.
    public func revokeCredential(
        _ request: GatewayV1.RevokeCredentialRequest, context: ServerCallContext
    ) async throws -> GatewayV1.RevokeCredentialResponse {
        do {
            return GatewayV1.RevokeCredentialResponse(revoked: try await store.revoke(key: request.key))
        } catch {
            throw Self.rpcError(error)
        }
    }

    private static func rpcError(_ error: GatewayError) -> RPCError {
        switch error.code {
        case .invalidArgument: RPCError(.invalidArgument, error.message)
        case .notFound: RPCError(.notFound, error.message)
        default: RPCError(.internal, error.message)
        }
    }
}
