import FlywheelCalendar
import Foundation
import Testing

@Suite("Civil days")
struct CivilDayTests {
    /// Foundation's Gregorian calendar in UTC, an independent answer to compare with.
    private static let gregorian: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    @Test("day numbers and dates agree with Foundation's calendar from 1600 to 2400")
    func agreesWithFoundation() throws {
        // Every 13th day across eight centuries, which crosses every month, leap rule and weekday.
        for epochDay in stride(from: -135_140, through: 157_000, by: 13) {
            let date = Date(timeIntervalSince1970: Double(epochDay) * 86_400)
            let parts = Self.gregorian.dateComponents([.year, .month, .day, .weekday], from: date)
            let day = CivilDay(epochDay: epochDay)
            #expect(day.year == parts.year && day.month == parts.month && day.day == parts.day, "day \(epochDay)")
            #expect(day.epochDay == epochDay)
            // Foundation counts weekdays from Sunday = 1; ours from Monday = 0.
            #expect(day.weekday == (parts.weekday! + 5) % 7, "day \(epochDay)")
        }
    }

    @Test("known days: the epoch, a Monday in 2026, leap days")
    func knownDays() throws {
        #expect(try #require(CivilDay(parsing: "1970-01-01")).epochDay == 0)
        #expect(try #require(CivilDay(parsing: "2026-01-05")).epochDay == 20_458)
        #expect(try #require(CivilDay(parsing: "2026-01-05")).weekday == 0)
        #expect(CivilDay(epochDay: -1).description == "1969-12-31")
        #expect(try #require(CivilDay(parsing: "2000-02-29")).description == "2000-02-29")
        #expect(CivilDay(epochDay: 0) < CivilDay(epochDay: 1))
        #expect(CivilDay.epochDay(secondsSince1970: 86_399.9) == 0)
        #expect(CivilDay.epochDay(secondsSince1970: -0.5) == -1)
        #expect(CivilDay.epochDay(secondsSince1970: 1_780_000_000) == 20_601)
    }

    @Test("texts that are not a real YYYY-MM-DD day are refused")
    func refusesBadText() {
        for text in [
            "2025-02-29", "1900-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-01-00", "2026-1-05",
            "26-01-05", "2026/01/05", "2026-01-05T00:00Z", "+026-01-05", "2026-+1-05", "", "--",
        ] {
            #expect(CivilDay(parsing: text) == nil, "\(text)")
        }
        #expect(CivilDay(year: 2024, month: 2, day: 29) != nil)
        #expect(CivilDay(year: 2023, month: 2, day: 29) == nil)
    }

    @Test("zero padding keeps wider values whole")
    func padding() {
        #expect(CivilDay.zeroPadded(7, width: 3) == "007")
        #expect(CivilDay.zeroPadded(12_345, width: 2) == "12345")
    }
}
