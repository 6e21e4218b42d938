/// A day of the proleptic Gregorian calendar, and its number counted from 1970-01-01.
///
/// Every module that turns dates into day numbers or back (timestamps, aggregates by day, date filters,
/// the simulator's calendar) uses this one conversion.
package struct CivilDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The year, e.g. 2026.
    package let year: Int
    /// The month, 1 to 12.
    package let month: Int
    /// The day of the month, 1 to 31.
    package let day: Int

    /// A day from its parts, or nil when there is no such day (month 13, 29 February of a common year).
    package init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), (1...Self.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly `YYYY-MM-DD`; nil for anything else or a day that does not exist.
    package init?(parsing text: some StringProtocol) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.utf8.allSatisfy { (48...57).contains($0) } }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The day numbered `epochDay` (0 is 1970-01-01; negative numbers are earlier).
    package init(epochDay: Int) {
        // Civil from days: count 400-year eras from 0000-03-01, so the leap day falls at a year's end.
        let shifted = epochDay + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// The number of the UTC day holding a moment given in seconds since 1970-01-01T00:00:00Z.
    package static func epochDay(secondsSince1970: Double) -> Int {
        Int((secondsSince1970 / 86_400).rounded(.down))
    }

    /// The day's number: days since 1970-01-01.
    package var epochDay: Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The weekday, 0 for Monday to 6 for Sunday.
    package var weekday: Int { Self.weekday(epochDay: epochDay) }

    /// The weekday of a day number, 0 for Monday to 6 for Sunday.
    package static func weekday(epochDay: Int) -> Int {
        // 1970-01-01 was a Thursday.
        ((epochDay % 7) + 7 + 3) % 7
    }

    /// `YYYY-MM-DD`.
    package var description: String {
        Self.zeroPadded(year, width: 4) + "-" + Self.zeroPadded(month, width: 2) + "-"
            + Self.zeroPadded(day, width: 2)
    }

    package static func < (lhs: CivilDay, rhs: CivilDay) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// How many days the month has in that year.
    package static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Whether the year has 29 February.
    package static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// The decimal digits of a non-negative value, with leading zeros up to `width`.
    package static func zeroPadded(_ value: Int, width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
