/// The URLs of the dashboard pages; every link the pages draw is built here so it matches the router.
enum DashboardPath {
    /// The prefix every dashboard path starts with.
    static let root = "/dashboards/"

    /// The overview page.
    static func overview(_ filters: DashboardFilters) -> String {
        withQuery(root, filters)
    }

    /// A course's page; the IRI travels as one percent-encoded path segment.
    static func course(_ id: String, _ filters: DashboardFilters) -> String {
        withQuery(root + "courses/" + encoded(id), filters)
    }

    /// A segment's page.
    static func segment(_ name: String, _ filters: DashboardFilters) -> String {
        withQuery(root + "segments/" + encoded(name), filters)
    }

    /// A learner's page.
    static func learner(_ key: String, _ filters: DashboardFilters) -> String {
        withQuery(root + "learners/" + encoded(key), filters)
    }

    /// The status document the refresh script polls.
    static let status = root + "status"

    /// Text percent-encoded so only unreserved characters remain (`/`, `:`, `=` and spaces are encoded).
    static func encoded(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            let isUnreserved =
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2D || byte == 0x2E || byte == 0x5F || byte == 0x7E
            if isUnreserved {
                result.append(Character(Unicode.Scalar(byte)))
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                result += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return result
    }

    private static func withQuery(_ path: String, _ filters: DashboardFilters) -> String {
        let query = filters.query
        return query.isEmpty ? path : path + "?" + query
    }
}
