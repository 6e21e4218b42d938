/// An xAPI authorization scope a credential holds, as the specification names them.
public enum CredentialScope: String, Sendable, CaseIterable {
    /// Store statements.
    case statementsWrite = "statements/write"
    /// Read every statement.
    case statementsRead = "statements/read"
    /// Read only the statements this credential stored (whose authority is this credential).
    case statementsReadMine = "statements/read/mine"
    /// Read and write the State resource.
    case state
    /// Define activities and agents (the Activities and Agents resources).
    case define
    /// Read and write the profile resources.
    case profile
    /// See the aggregate dashboards (overview, course and segment pages) with no learner named. A Flywheel
    /// scope, not one of the specification's; it grants nothing in the xAPI API.
    case dashboards
    /// See every dashboard, learners named, and learner pages. A Flywheel scope; it grants nothing in the xAPI API.
    case dashboardsLearners = "dashboards/learners"
    /// Read everything.
    case allRead = "all/read"
    /// Do everything.
    case all

    /// Parses a comma-separated or listed set of scope names.
    /// - Parameter names: Scope names such as `statements/write`.
    /// - Returns: The scopes, in the given order without repeats.
    /// - Throws: `GatewayError` with `.invalidArgument` naming the first unknown scope.
    public static func parse(_ names: [String]) throws(GatewayError) -> [CredentialScope] {
        var scopes: [CredentialScope] = []
        for name in names {
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            guard let scope = CredentialScope(rawValue: trimmed) else {
                let known = allCases.map(\.rawValue).joined(separator: ", ")
                throw GatewayError(code: .invalidArgument, message: "unknown scope \"\(trimmed)\" (known: \(known))")
            }
            if !scopes.contains(scope) {
                scopes.append(scope)
            }
        }
        guard !scopes.isEmpty else {
            throw GatewayError(code: .invalidArgument, message: "a credential needs at least one scope")
        }
        return scopes
    }
}

/// Which statements a credential may read.
public enum StatementReadAccess: Sendable, Equatable {
    /// None.
    case none
    /// Only those whose authority is the credential itself.
    case mine
    /// All of them.
    case all
}

extension Collection<CredentialScope> {
    /// Whether these scopes allow storing statements.
    public var allowsStatementWrite: Bool {
        contains(.statementsWrite) || contains(.all)
    }

    /// Which statements these scopes allow reading.
    public var statementReadAccess: StatementReadAccess {
        if contains(.statementsRead) || contains(.allRead) || contains(.all) {
            return .all
        }
        return contains(.statementsReadMine) ? .mine : .none
    }

    /// Whether these scopes allow the dashboards that name learners, and learner pages.
    public var allowsLearnerDashboards: Bool {
        contains(.dashboardsLearners) || contains(.allRead) || contains(.all)
    }

    /// Whether these scopes allow at least the aggregate dashboards.
    public var allowsAggregateDashboards: Bool {
        allowsLearnerDashboards || contains(.dashboards)
    }
}
