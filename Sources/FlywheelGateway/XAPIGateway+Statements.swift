import FlywheelContracts
import FlywheelHTTP
import FlywheelRPC
import FlywheelXAPI
import Foundation

extension XAPIGateway {
    /// The verb that voids the statement a voiding statement refers to.
    static let voidedVerb = "http://adlnet.gov/expapi/verbs/voided"

    /// Dispatches a Statements resource request by method.
    func statements(_ request: XAPIRequest, version: XAPIVersion, credential: Credential)
        async throws(XAPIError) -> HTTPResponse
    {
        switch request.method {
        case .put:
            try requireWrite(credential)
            return try await putStatement(request, version: version, credential: credential)
        case .post:
            try requireWrite(credential)
            return try await postStatements(request, version: version, credential: credential)
        case .get, .head:
            let access = credential.scopes.statementReadAccess
            guard access != .none else {
                throw XAPIError(
                    status: 403, "credential \(credential.key) may not read statements (it lacks statements/read)")
            }
            return try await getStatements(request, version: version, credential: credential, access: access)
        default:
            throw XAPIError(status: 405, "the statements resource does not answer \(request.method)")
        }
    }

    private func requireWrite(_ credential: Credential) throws(XAPIError) {
        guard credential.scopes.allowsStatementWrite else {
            throw XAPIError(
                status: 403, "credential \(credential.key) may not store statements (it lacks statements/write)")
        }
    }

    /// The Agent the LRS vouches for when this credential stores a statement.
    func authority(of credential: Credential) -> JSONValue {
        [
            "objectType": "Agent", "name": .string(credential.name),
            "account": ["homePage": .string(configuration.authorityHomePage), "name": .string(credential.key)],
        ]
    }

    /// The canonical agent key of this credential's authority, as `AgentIdentifier` spells it.
    func authorityKey(of credential: Credential) -> String {
        "account:" + configuration.authorityHomePage + "|" + credential.key
    }

    /// Refuses parameters a method does not define, and repeated ones.
    static func checkParameters(_ request: XAPIRequest, allowed: Set<String>, context: String) throws(XAPIError) {
        var seen: Set<String> = []
        for item in request.parameters {
            guard allowed.contains(item.name) else {
                let known = allowed.isEmpty ? "none" : allowed.sorted().joined(separator: ", ")
                throw XAPIError(
                    status: 400, "\(context) does not take the parameter \"\(item.name)\" (it takes: \(known))",
                    rule: "unknownParameter", path: item.name)
            }
            guard seen.insert(item.name).inserted else {
                throw XAPIError(
                    status: 400, "the parameter \"\(item.name)\" is given more than once", rule: "repeatedParameter",
                    path: item.name)
            }
        }
    }

    /// Maps a failed ingest call onto the HTTP status the client should see.
    static func ingestFailure(_ error: any Error) -> XAPIError {
        guard let rpc = error as? RPCError else {
            return XAPIError(status: 500, "the statement store failed: \(error)")
        }
        switch rpc.code {
        case .alreadyExists: return XAPIError(status: 409, rpc.message)
        case .invalidArgument, .failedPrecondition: return XAPIError(status: 400, rpc.message)
        case .notFound: return XAPIError(status: 404, rpc.message)
        case .unavailable, .deadlineExceeded, .resourceExhausted:
            return XAPIError(status: 503, "the statement store is unavailable: \(rpc.message)")
        default: return XAPIError(status: 500, "the statement store failed: \(rpc)")
        }
    }

    var callOptions: CallOptions {
        CallOptions(timeout: configuration.ingestTimeout)
    }
}
