/// Days as counted from 1970-01-01 (UTC), and their YYYY-MM-DD text.
public enum CalendarDay {
    /// The epoch day of a `YYYY-MM-DD` date.
    /// - Throws: `IntelligenceError` `.invalidArgument` naming the text when it is not such a date.
    public static func parse(_ text: String) throws(IntelligenceError) -> Int {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day)
        else {
            throw IntelligenceError(.invalidArgument, "'\(text)' is not a date YYYY-MM-DD")
        }
        return epochDay(year: year, month: month, day: day)
    }

    /// The `YYYY-MM-DD` text of an epoch day.
    public static func text(_ epochDay: Int) -> String {
        let (year, month, day) = civil(epochDay)
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// The Monday on or before `epochDay` (1970-01-01 was a Thursday).
    static func weekStart(_ epochDay: Int) -> Int {
        epochDay - ((epochDay % 7 + 7 + 3) % 7)
    }

    /// The first day of the month of `epochDay`.
    static func monthStart(_ epochDay: Int) -> Int {
        let (year, month, _) = civil(epochDay)
        return Self.epochDay(year: year, month: month, day: 1)
    }

    static func epochDay(year: Int, month: Int, day: Int) -> Int {
        // Days from civil, counting years from March so the leap day falls last.
        let shifted = month <= 2 ? year - 1 : year
        let era = (shifted >= 0 ? shifted : shifted - 399) / 400
        let yearOfEra = shifted - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civil(_ epochDay: Int) -> (Int, Int, Int) {
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

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
