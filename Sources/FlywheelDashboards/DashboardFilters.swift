import FlywheelHTTP
import Foundation

/// The filters of a dashboard page, read from and written to the URL query so every view can be linked.
struct DashboardFilters: Sendable, Hashable {
    /// Inclusive first day, `YYYY-MM-DD`; empty for unbounded.
    var from: String = ""
    /// Inclusive last day, `YYYY-MM-DD`; empty for unbounded.
    var to: String = ""
    /// A segment name; empty for everyone.
    var segment: String = ""
    /// An activity or course IRI; empty for everything.
    var activity: String = ""

    /// Reads the filters of a request's query.
    /// - Parameter request: The request.
    /// - Throws: `DashboardRequestError` when a date is not a `YYYY-MM-DD` day or the range is reversed.
    init(request: HTTPRequest) throws(DashboardRequestError) {
        from = request.queryValue("from")?.trimmingCharacters(in: .whitespaces) ?? ""
        to = request.queryValue("to")?.trimmingCharacters(in: .whitespaces) ?? ""
        segment = request.queryValue("segment")?.trimmingCharacters(in: .whitespaces) ?? ""
        activity = request.queryValue("activity")?.trimmingCharacters(in: .whitespaces) ?? ""
        for (name, value) in [("from", from), ("to", to)] where !value.isEmpty && CalendarText.day(value) == nil {
            throw DashboardRequestError(.badFilter, "filter \(name)='\(value)' is not a YYYY-MM-DD day")
        }
        if let first = CalendarText.day(from), let last = CalendarText.day(to), first > last {
            throw DashboardRequestError(.badFilter, "filter from=\(from) is after to=\(to)")
        }
    }

    /// Filters with nothing set.
    init() {}

    /// The time bucket that keeps a chart readable for this range: days up to two months, then weeks,
    /// then months.
    var bucketDays: Int {
        guard let first = CalendarText.day(from), let last = CalendarText.day(to) else { return 7 }
        let length = last - first + 1
        return length <= 62 ? 1 : (length <= 400 ? 7 : 30)
    }

    /// The query string of these filters, without `?`; empty when none is set.
    var query: String {
        let items = [("from", from), ("to", to), ("segment", segment), ("activity", activity)]
        return items.filter { !$0.1.isEmpty }.map { "\($0.0)=\(DashboardPath.encoded($0.1))" }.joined(separator: "&")
    }

    /// These filters with some fields replaced.
    func with(from: String? = nil, to: String? = nil, segment: String? = nil, activity: String? = nil)
        -> DashboardFilters
    {
        var copy = self
        if let from { copy.from = from }
        if let to { copy.to = to }
        if let segment { copy.segment = segment }
        if let activity { copy.activity = activity }
        return copy
    }
}
