/// What a request may see of the dashboards, decided from its credentials.
public enum DashboardAccess: Sendable, Equatable {
    /// No valid credentials: answered 401 with a Basic challenge.
    case unauthenticated
    /// Valid credentials without a dashboard scope: answered 403.
    case forbidden
    /// The aggregate pages (overview, course, segment) without any learner named: rankings and "who is
    /// behind" are given as counts, and learner pages answer 403.
    case aggregates
    /// Every page, learners named and linked.
    case learners

    /// Whether pages may name learners and link to their pages.
    public var namesLearners: Bool { self == .learners }
}
