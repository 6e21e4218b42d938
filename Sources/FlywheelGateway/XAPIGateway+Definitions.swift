import FlywheelContracts
import FlywheelHTTP
import FlywheelXAPI
import Foundation

extension XAPIGateway {
    /// `GET activities?activityId=` (the Activity object learnt from statements) and `GET agents?agent=`
    /// (the combined Person object); readable with the scopes define, all and all/read.
    func definitions(_ request: XAPIRequest, version: XAPIVersion, credential: Credential)
        async throws(XAPIError) -> HTTPResponse
    {
        let context = "\(request.method) \(request.resource)"
        guard request.method == .get || request.method == .head else {
            throw XAPIError(status: 405, "the \(request.resource) resource answers GET only, not \(request.method)")
        }
        let scopes = credential.scopes
        guard scopes.contains(.define) || scopes.contains(.all) || scopes.contains(.allRead) else {
            throw XAPIError(
                status: 403, "credential \(credential.key) may not read \(request.resource) "
                    + "(it needs define, all or all/read)")
        }
        let body: [UInt8]
        do {
            if request.resource == "activities" {
                try Self.checkParameters(request, allowed: ["activityId"], context: context)
                let id = try Self.activityID(request, context: context)
                body = try await documentsClient.getActivity(
                    IngestV1.GetActivityRequest(activityID: id), options: callOptions
                ).activityJSON
            } else {
                try Self.checkParameters(request, allowed: ["agent"], context: context)
                let key = try Self.agentKey(request, version: version, context: context)
                body = try await documentsClient.getPerson(
                    IngestV1.GetPersonRequest(agentKey: key), options: callOptions
                ).personJSON
            }
        } catch let error as XAPIError {
            throw error
        } catch {
            throw Self.documentFailure(error)
        }
        return .json(Data(body))
    }
}
