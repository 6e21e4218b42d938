/// ISO 8601:2004 section 4.4.3.2 durations (`P3Y1M29DT4H35M59.14S`, `P4W`), as `result.duration` requires.
public enum XAPIDuration {
    /// Whether `text` is a duration in the designator format: `P` then years, months, days, and after `T`
    /// hours, minutes, seconds, each optional but at least one present, or weeks alone. Only the last
    /// component may carry a fraction. The alternative `PYYYY-MM-DDThh:mm:ss` format is refused.
    /// - Parameter text: The candidate duration.
    /// - Returns: True for a well-formed duration.
    public static func isValid(_ text: String) -> Bool {
        components(text) != nil
    }

    /// The duration with any seconds fraction cut to hundredths, the precision xAPI compares durations at.
    /// - Parameter text: A valid duration.
    /// - Returns: The truncated text, or `text` itself when it is not a valid duration.
    public static func truncatedToHundredths(_ text: String) -> String {
        guard components(text) != nil, text.hasSuffix("S") else { return text }
        guard let separator = text.lastIndex(where: { $0 == "." || $0 == "," }) else { return text }
        let fraction = text[text.index(after: separator)..<text.index(before: text.endIndex)]
        guard fraction.count > 2 else { return text }
        return String(text[..<separator]) + "." + fraction.prefix(2) + "S"
    }

    /// Walks `P[nY][nM][nD][T[nH][nM][nS]]` or `PnW`, each component's rank above the one before.
    private static func components(_ text: String) -> Int? {
        let bytes = Array(text.utf8)
        guard bytes.first == UInt8(ascii: "P"), bytes.count > 1 else { return nil }
        var index = 1
        var inTime = false
        var timeComponents = 0
        var lastRank = -1
        var count = 0
        var sawWeek = false
        var sawFraction = false
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "T") {
                guard !inTime else { return nil }
                inTime = true
                index += 1
                continue
            }
            guard !sawFraction, !sawWeek else { return nil }
            let start = index
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            guard index > start, index < bytes.count else { return nil }
            if bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: ",") {
                index += 1
                let fractionStart = index
                while index < bytes.count, isDigit(bytes[index]) { index += 1 }
                guard index > fractionStart, index < bytes.count else { return nil }
                sawFraction = true
            }
            guard let rank = rank(of: bytes[index], inTime: inTime), rank > lastRank else { return nil }
            if rank == weekRank {
                guard count == 0 else { return nil }
                sawWeek = true
            }
            lastRank = rank
            count += 1
            if inTime { timeComponents += 1 }
            index += 1
        }
        guard count > 0, !inTime || timeComponents > 0 else { return nil }
        return count
    }

    private static let weekRank = 9

    private static func rank(of designator: UInt8, inTime: Bool) -> Int? {
        switch (designator, inTime) {
        case (UInt8(ascii: "Y"), false): 0
        case (UInt8(ascii: "M"), false): 1
        case (UInt8(ascii: "D"), false): 2
        case (UInt8(ascii: "W"), false): weekRank
        case (UInt8(ascii: "H"), true): 3
        case (UInt8(ascii: "M"), true): 4
        case (UInt8(ascii: "S"), true): 5
        default: nil
        }
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
