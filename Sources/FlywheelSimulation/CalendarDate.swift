/// A day of the proleptic Gregorian calendar, used as the fixed start of a simulated year.
public struct CalendarDate: Sendable, Hashable, CustomStringConvertible {
    /// The year, e.g. 2026.
    public let year: Int
    /// The month, 1 to 12.
    public let month: Int
    /// The day of the month, 1 to 31.
    public let day: Int

    /// Parses `YYYY-MM-DD`.
    /// - Parameter text: The date text, e.g. `2026-01-05`.
    /// - Throws: `SimulationError` with code `.invalidOption` when the text is not a real calendar date.
    public init(parsing text: String) throws(SimulationError) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month), (1...Self.daysIn(month: month, year: year)).contains(day)
        else {
            throw SimulationError(code: .invalidOption, message: "start date \"\(text)\" is not a YYYY-MM-DD date")
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Days since 1970-01-01.
    public var epochDay: Int {
        // Shift the year to start in March so the leap day falls at its end.
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        Timestamp.pad(year, 4) + "-" + Timestamp.pad(month, 2) + "-" + Timestamp.pad(day, 2)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

/// Milliseconds since 1970-01-01T00:00:00Z, and their text forms.
enum Timestamp {
    static let millisPerDay: Int64 = 86_400_000

    /// The weekday of an epoch day, 0 for Monday to 6 for Sunday (1970-01-01 was a Thursday).
    static func weekday(epochDay: Int) -> Int {
        ((epochDay % 7) + 7 + 3) % 7
    }

    /// RFC 3339 UTC text with milliseconds, e.g. `2026-01-05T09:14:03.120Z`.
    static func text(millis: Int64) -> String {
        let days = Int(millis >= 0 ? millis / millisPerDay : (millis - millisPerDay + 1) / millisPerDay)
        let ofDay = Int(millis - Int64(days) * millisPerDay)
        let (year, month, day) = civil(epochDay: days)
        return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T" + pad(ofDay / 3_600_000, 2) + ":"
            + pad(ofDay / 60_000 % 60, 2) + ":" + pad(ofDay / 1000 % 60, 2) + "." + pad(ofDay % 1000, 3) + "Z"
    }

    /// The year, month and day of an epoch day.
    static func civil(epochDay: Int) -> (Int, Int, Int) {
        let shifted = epochDay + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
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
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
