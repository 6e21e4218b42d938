extension StatementChecker {
    private static let resultKeys: Set<String> = [
        "score", "success", "completion", "response", "duration", "extensions",
    ]

    mutating func checkResult(_ value: JSONValue, _ path: String) {
        guard let result = members(value, path, allowed: Self.resultKeys) else { return }
        if let score = result["score"] { checkScore(score, path + ".score") }
        if let success = result["success"] { boolean(success, path + ".success") }
        if let completion = result["completion"] { boolean(completion, path + ".completion") }
        if let response = result["response"] { _ = string(response, path + ".response") }
        if let duration = result["duration"], let text = string(duration, path + ".duration"),
            !XAPIDuration.isValid(text)
        {
            report(.invalidDuration, path + ".duration", "must be an ISO 8601 duration like PT1H30M, not \"\(text)\"")
        }
        if let extensions = result["extensions"] { checkExtensions(extensions, path + ".extensions") }
    }

    private mutating func checkScore(_ value: JSONValue, _ path: String) {
        guard let score = members(value, path, allowed: ["scaled", "raw", "min", "max"]) else { return }
        let scaled = score["scaled"].flatMap { number($0, path + ".scaled") }
        let raw = score["raw"].flatMap { number($0, path + ".raw") }
        let min = score["min"].flatMap { number($0, path + ".min") }
        let max = score["max"].flatMap { number($0, path + ".max") }
        if let scaled, !(-1.0...1.0).contains(scaled.double) {
            report(.scoreRange, path + ".scaled", "must be between -1 and 1 inclusive, not \(scaled)")
        }
        if let min, let max, min.double >= max.double {
            report(.scoreRange, path + ".min", "must be less than max (\(max)), not \(min)")
        }
        if let raw, let min, raw.double < min.double {
            report(.scoreRange, path + ".raw", "must not be below min (\(min)), not \(raw)")
        }
        if let raw, let max, raw.double > max.double {
            report(.scoreRange, path + ".raw", "must not be above max (\(max)), not \(raw)")
        }
    }
}
