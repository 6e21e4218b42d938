import FlywheelStore

/// What a measure covers: an activity or course (or every course), one learner or a segment, and days.
struct MeasureScope: Sendable {
    var activity = ""
    var learner = ""
    var segment: SegmentFilter?
    var from: Int?
    var to: Int?

    /// The SQL condition on a table with `learner`, `activity`, `course` and `day` columns (`facts` or
    /// `daily`), joined to `learners` when a segment is set.
    func condition(table: String) -> (join: String, condition: String, arguments: [DatabaseValue]) {
        var parts: [String] = []
        var arguments: [DatabaseValue] = []
        if !activity.isEmpty {
            parts.append("(\(table).activity = ? OR \(table).course = ?)")
            arguments += [.text(activity), .text(activity)]
        }
        if !learner.isEmpty {
            parts.append("\(table).learner = ?")
            arguments.append(.text(learner))
        }
        if let from {
            parts.append("\(table).day >= ?")
            arguments.append(.integer(Int64(from)))
        }
        if let to {
            parts.append("\(table).day <= ?")
            arguments.append(.integer(Int64(to)))
        }
        var join = ""
        if let segment {
            let (sql, segmentArguments) = segment.sql()
            join = "JOIN learners ON learners.employee_id = \(table).learner"
            parts.append(sql)
            arguments += segmentArguments
        }
        return (join, parts.isEmpty ? "1" : parts.joined(separator: " AND "), arguments)
    }
}

/// One row of the daily aggregate.
struct DailyRow: Sendable {
    let learner: String
    let activity: String
    let day: Int
    let course: String
    let kind: String
    let launches: Int64
    let completions: Int64
    let passes: Int64
    let failures: Int64
    let scored: Int64
    /// Sums of scores in hundredths of a point.
    let scoreSum: Int64
    let scoreSquares: Int64
    let timeMillis: Int64
}
