import FlywheelCalendar

/// A day of the proleptic Gregorian calendar, used as the fixed start of a simulated year.
public struct CalendarDate: Sendable, Hashable, CustomStringConvertible {
    private let civil: CivilDay

    /// The year, e.g. 2026.
    public var year: Int { civil.year }
    /// The month, 1 to 12.
    public var month: Int { civil.month }
    /// The day of the month, 1 to 31.
    public var day: Int { civil.day }

    /// Parses `YYYY-MM-DD`.
    /// - Parameter text: The date text, e.g. `2026-01-05`.
    /// - Throws: `SimulationError` with code `.invalidOption` when the text is not a real calendar date.
    public init(parsing text: String) throws(SimulationError) {
        guard let civil = CivilDay(parsing: text) else {
            throw SimulationError(code: .invalidOption, message: "start date \"\(text)\" is not a YYYY-MM-DD date")
        }
        self.civil = civil
    }

    /// Days since 1970-01-01.
    public var epochDay: Int { civil.epochDay }

    /// `YYYY-MM-DD`.
    public var description: String { civil.description }
}

/// Milliseconds since 1970-01-01T00:00:00Z, and their text forms.
enum Timestamp {
    static let millisPerDay: Int64 = 86_400_000

    /// RFC 3339 UTC text with milliseconds, e.g. `2026-01-05T09:14:03.120Z`.
    static func text(millis: Int64) -> String {
        let days = Int(millis >= 0 ? millis / millisPerDay : (millis - millisPerDay + 1) / millisPerDay)
        let ofDay = Int(millis - Int64(days) * millisPerDay)
        return CivilDay(epochDay: days).description + "T" + pad(ofDay / 3_600_000, 2) + ":"
            + pad(ofDay / 60_000 % 60, 2) + ":" + pad(ofDay / 1000 % 60, 2) + "." + pad(ofDay % 1000, 3) + "Z"
    }

    /// An ISO 8601 duration with whole seconds and hundredths, e.g. `PT12M5.25S`.
    static func duration(millis: Int64) -> String {
        let hundredths = max(0, millis / 10)
        let hours = hundredths / 360_000
        let minutes = hundredths / 6000 % 60
        let seconds = hundredths % 6000
        var text = "PT"
        if hours > 0 { text += "\(hours)H" }
        if minutes > 0 { text += "\(minutes)M" }
        if seconds > 0 || (hours == 0 && minutes == 0) {
            text += seconds % 100 == 0 ? "\(seconds / 100)S" : "\(seconds / 100)." + pad(Int(seconds % 100), 2) + "S"
        }
        return text
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        CivilDay.zeroPadded(value, width: width)
    }
}
