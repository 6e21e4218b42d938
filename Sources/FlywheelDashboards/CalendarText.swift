import FlywheelCalendar

/// `YYYY-MM-DD` days as day numbers since 1970-01-01 (UTC, proleptic Gregorian), and back.
enum CalendarText {
    /// The day number of a `YYYY-MM-DD` text, or nil when it is not a real day.
    static func day(_ text: String) -> Int? {
        CivilDay(parsing: text)?.epochDay
    }

    /// The `YYYY-MM-DD` text of a day number.
    static func text(_ number: Int) -> String {
        CivilDay(epochDay: number).description
    }

    /// Today's day number in UTC.
    static func today(secondsSince1970: Double) -> Int {
        CivilDay.epochDay(secondsSince1970: secondsSince1970)
    }
}
