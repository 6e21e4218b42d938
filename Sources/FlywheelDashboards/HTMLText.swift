import Foundation
/// Escaping and number formatting for server-rendered HTML and SVG.
enum HTMLText {
    /// Text made safe for element content and quoted attribute values.
    /// - Parameter text: Raw text.
    /// - Returns: The text with `&`, `<`, `>`, `"` and `'` escaped.
    static func escaped(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }

    /// A rate in 0...1 as a percentage with one decimal, such as `62.5%`.
    static func percent(_ rate: Double) -> String {
        decimal(rate * 100) + "%"
    }

    /// A number with one decimal, without a sign for zero.
    static func decimal(_ value: Double) -> String {
        guard value.isFinite else { return "–" }
        let rounded = (value * 10).rounded() / 10
        let text = rounded == 0 ? "0.0" : String(rounded)
        return text.contains(".") ? text : text + ".0"
    }

    /// A change with its sign, such as `+3` or `-1.5 pts`.
    static func signed(_ value: Double, unit: String = "", decimals: Bool = false) -> String {
        let body = decimals ? decimal(abs(value)) : String(Int(abs(value).rounded()))
        let sign = value > 0 ? "+" : (value < 0 ? "−" : "±")
        return sign + body + unit
    }

    /// Seconds as hours and minutes, such as `3 h 05 min`.
    static func duration(_ seconds: Double) -> String {
        let minutes = Int((seconds / 60).rounded())
        let hours = minutes / 60
        return hours > 0 ? "\(hours) h \(String(format: "%02d", minutes % 60)) min" : "\(minutes) min"
    }
}
