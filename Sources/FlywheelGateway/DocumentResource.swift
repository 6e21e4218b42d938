import FlywheelContracts

/// One of the three xAPI document resources: which parameters address a document in it and which scopes
/// may read or write it.
enum DocumentResource: Sendable, CaseIterable {
    /// `activities/state`: activityId + agent (+ registration) + stateId.
    case state
    /// `activities/profile`: activityId + profileId.
    case activityProfile
    /// `agents/profile`: agent + profileId.
    case agentProfile

    /// The resource named by a path under the base path, such as `activities/state`.
    init?(path: String) {
        guard let found = Self.allCases.first(where: { $0.path == path }) else {
            return nil
        }
        self = found
    }

    /// The path under the base path.
    var path: String {
        switch self {
        case .state: "activities/state"
        case .activityProfile: "activities/profile"
        case .agentProfile: "agents/profile"
        }
    }

    /// The parameter naming one document: `stateId` or `profileId`.
    var idParameter: String {
        self == .state ? "stateId" : "profileId"
    }

    /// The ingest service's name for the document set.
    var kind: IngestV1.DocumentKey.Kind {
        switch self {
        case .state: .state
        case .activityProfile: .activityProfile
        case .agentProfile: .agentProfile
        }
    }

    /// Whether `activityId` addresses documents of this resource.
    var usesActivity: Bool {
        self != .agentProfile
    }

    /// Whether `agent` addresses documents of this resource.
    var usesAgent: Bool {
        self != .activityProfile
    }

    /// Every parameter any method of the resource takes.
    var parameterNames: Set<String> {
        var names: Set<String> = [idParameter, "since"]
        if usesActivity { names.insert("activityId") }
        if usesAgent { names.insert("agent") }
        if self == .state { names.insert("registration") }
        return names
    }

    /// Whether a PUT must carry If-Match or If-None-Match to overwrite an existing document.
    var requiresPrecondition: Bool {
        self != .state
    }

    /// The scope that grants reading and writing this resource, besides `all`.
    var scope: CredentialScope {
        self == .state ? .state : .profile
    }

    /// Whether these scopes allow the request: writes need the resource's scope or `all`; reads also
    /// accept `all/read`.
    func allows(_ scopes: [CredentialScope], reading: Bool) -> Bool {
        scopes.contains(scope) || scopes.contains(.all) || (reading && scopes.contains(.allRead))
    }
}
