import FlywheelCalendar

/// An ISO 8601 combined date and time as xAPI timestamps use it, parsed to a point in time.
public struct XAPITimestamp: Sendable, Hashable {
    /// Seconds since 1970-01-01T00:00:00Z, without the fraction.
    public let epochSeconds: Int64
    /// The fraction of a second, in nanoseconds (digits past the ninth are dropped).
    public let nanoseconds: Int32
    /// Whether the text carried a time zone designator. Without one the time was read as UTC.
    public let hasTimeZone: Bool

    /// Parses an ISO 8601 date and time in extended (`2024-05-01T10:20:30.5+02:00`) or basic
    /// (`20240501T102030Z`) format. The time needs hours and minutes; seconds and a fraction (`.` or `,`) are
    /// optional. Zones are `Z`, `±hh`, or `±hh:mm` in extended and `±hhmm` in basic format; a negative zero
    /// offset (`-00`, `-0000`, `-00:00`), which RFC 3339 reserves for an unknown offset, is refused.
    /// - Parameters:
    ///   - text: The timestamp text.
    ///   - requireTimeZone: Whether a time zone designator must be present.
    /// - Returns: The point in time, or nil when the text is not a valid timestamp.
    public static func parse(_ text: String, requireTimeZone: Bool = false) -> XAPITimestamp? {
        var reader = TimestampReader(Array(text.utf8))
        return reader.read(requireTimeZone: requireTimeZone)
    }

    /// The timestamp in RFC 3339 UTC form with millisecond precision, e.g. `2024-05-01T08:20:30.500Z`.
    public var utcString: String {
        let days = epochSeconds >= 0 ? epochSeconds / 86_400 : (epochSeconds - 86_399) / 86_400
        let secondsOfDay = epochSeconds - days * 86_400
        let millis = Int(nanoseconds / 1_000_000)
        return CivilDay(epochDay: Int(days)).description + "T" + pad(Int(secondsOfDay / 3600), 2) + ":"
            + pad(Int(secondsOfDay % 3600 / 60), 2) + ":" + pad(Int(secondsOfDay % 60), 2) + "." + pad(millis, 3)
            + "Z"
    }

    private func pad(_ value: Int, _ width: Int) -> String {
        CivilDay.zeroPadded(value, width: width)
    }

    init(epochSeconds: Int64, nanoseconds: Int32, hasTimeZone: Bool) {
        self.epochSeconds = epochSeconds
        self.nanoseconds = nanoseconds
        self.hasTimeZone = hasTimeZone
    }
}

/// Reads the fields of an ISO 8601 timestamp from bytes.
private struct TimestampReader {
    let bytes: [UInt8]
    var index = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func digits(_ count: Int) -> Int? {
        guard index + count <= bytes.count else { return nil }
        var value = 0
        for _ in 0..<count {
            let byte = bytes[index]
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
            index += 1
        }
        return value
    }

    mutating func consume(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    var atEnd: Bool { index >= bytes.count }

    mutating func read(requireTimeZone: Bool) -> XAPITimestamp? {
        guard let year = digits(4) else { return nil }
        let extended = consume(UInt8(ascii: "-"))
        guard let month = digits(2) else { return nil }
        if extended { guard consume(UInt8(ascii: "-")) else { return nil } }
        guard let day = digits(2), consume(UInt8(ascii: "T")) else { return nil }
        guard let date = CivilDay(year: year, month: month, day: day) else { return nil }

        guard let hour = digits(2) else { return nil }
        if extended { guard consume(UInt8(ascii: ":")) else { return nil } }
        guard let minute = digits(2) else { return nil }
        var second = 0
        var nanoseconds: Int32 = 0
        let hasSeconds = extended ? consume(UInt8(ascii: ":")) : (index < bytes.count && isDigit(bytes[index]))
        if hasSeconds {
            guard let value = digits(2) else { return nil }
            second = value
            if consume(UInt8(ascii: ".")) || consume(UInt8(ascii: ",")) {
                guard let fraction = readFraction() else { return nil }
                nanoseconds = fraction
            }
        }
        // 24:00:00 is the end of the day; a leap second 60 is accepted and folded into the next second.
        guard hour < 24 || (hour == 24 && minute == 0 && second == 0 && nanoseconds == 0) else { return nil }
        guard minute < 60, second <= 60 else { return nil }

        var offsetSeconds = 0
        var hasTimeZone = false
        if consume(UInt8(ascii: "Z")) {
            hasTimeZone = true
        } else if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            let negative = bytes[index] == UInt8(ascii: "-")
            index += 1
            guard let offsetHours = digits(2), offsetHours <= 23 else { return nil }
            var offsetMinutes = 0
            if !atEnd {
                // The offset follows the format of the rest: `hh:mm` in extended, `hhmm` in basic.
                if extended { guard consume(UInt8(ascii: ":")) else { return nil } }
                guard let minutes = digits(2), minutes < 60 else { return nil }
                offsetMinutes = minutes
            }
            if negative && offsetHours == 0 && offsetMinutes == 0 { return nil }
            offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * (negative ? -1 : 1)
            hasTimeZone = true
        }
        guard atEnd, hasTimeZone || !requireTimeZone else { return nil }

        let seconds = Int64(date.epochDay) * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetSeconds)
        return XAPITimestamp(epochSeconds: seconds, nanoseconds: nanoseconds, hasTimeZone: hasTimeZone)
    }

    mutating func readFraction() -> Int32? {
        var value: Int32 = 0
        var count = 0
        while index < bytes.count, isDigit(bytes[index]) {
            if count < 9 { value = value * 10 + Int32(bytes[index] - UInt8(ascii: "0")) }
            count += 1
            index += 1
        }
        guard count > 0 else { return nil }
        for _ in count..<max(count, 9) { value *= 10 }
        return value
    }

    func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
