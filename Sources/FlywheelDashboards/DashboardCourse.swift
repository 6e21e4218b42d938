/// A course the dashboards list: the intelligence service has no course catalogue call, so the gateway passes the
/// courses it knows.
public struct DashboardCourse: Sendable, Hashable {
    /// The course activity IRI.
    public var id: String
    /// The course's title as learning teams know it.
    public var title: String

    /// Creates a course entry.
    /// - Parameters:
    ///   - id: The course activity IRI.
    ///   - title: The title shown on the pages; empty to show the IRI.
    public init(id: String, title: String = "") {
        self.id = id
        self.title = title.isEmpty ? id : title
    }
}
