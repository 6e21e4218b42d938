import FlywheelCalendar

/// Days as counted from 1970-01-01 (UTC), their YYYY-MM-DD text, and the buckets they fall in.
public enum CalendarDay {
    /// The epoch day of a `YYYY-MM-DD` date.
    /// - Throws: `IntelligenceError` `.invalidArgument` naming the text when it is not such a date.
    public static func parse(_ text: String) throws(IntelligenceError) -> Int {
        guard let day = CivilDay(parsing: text) else {
            throw IntelligenceError(.invalidArgument, "'\(text)' is not a date YYYY-MM-DD")
        }
        return day.epochDay
    }

    /// The `YYYY-MM-DD` text of an epoch day.
    public static func text(_ epochDay: Int) -> String {
        CivilDay(epochDay: epochDay).description
    }

    /// The Monday on or before `epochDay`.
    static func weekStart(_ epochDay: Int) -> Int {
        epochDay - CivilDay.weekday(epochDay: epochDay)
    }

    /// The first day of the month of `epochDay`.
    static func monthStart(_ epochDay: Int) -> Int {
        epochDay - CivilDay(epochDay: epochDay).day + 1
    }
}
