import Foundation
import FlywheelXAPI

/// Formats times for HTTP headers: IMF-fixdate for `Last-Modified`, ISO 8601 for the xAPI headers.
enum HTTPDate {
    private static let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `Sun, 06 Nov 1994 08:49:37 GMT` for a time in microseconds since 1970.
    static func imfFixdate(micros: Int64) -> String {
        let seconds = micros >= 0 ? micros / 1_000_000 : (micros - 999_999) / 1_000_000
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondsOfDay = Int(seconds - days * 86_400)
        // The civil date comes from the xAPI timestamp formatter, which already handles the calendar.
        let iso = iso8601(micros: seconds * 1_000_000)
        let parts = iso.prefix(10).split(separator: "-").compactMap { Int($0) }
        let weekday = weekdays[Int(((days % 7) + 7) % 7)]
        let month = months[max(0, min(11, parts[1] - 1))]
        return "\(weekday), \(pad(parts[2])) \(month) \(parts[0]) \(pad(secondsOfDay / 3600)):"
            + "\(pad(secondsOfDay % 3600 / 60)):\(pad(secondsOfDay % 60)) GMT"
    }

    /// ISO 8601 in UTC with milliseconds for a time in microseconds since 1970.
    static func iso8601(micros: Int64) -> String {
        // Half a microsecond keeps the binary fraction from rounding a whole millisecond down.
        let date = Date(timeIntervalSince1970: (Double(micros) + 0.5) / 1_000_000)
        return XAPITimestamp(date: date).utcString
    }

    /// Microseconds since 1970 of a parsed xAPI timestamp.
    static func micros(of timestamp: XAPITimestamp) -> Int64 {
        timestamp.epochSeconds * 1_000_000 + Int64(timestamp.nanoseconds / 1_000)
    }

    /// The current time in microseconds since 1970.
    static func nowMicros() -> Int64 {
        Int64(Date().timeIntervalSince1970 * 1_000_000)
    }

    private static func pad(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
