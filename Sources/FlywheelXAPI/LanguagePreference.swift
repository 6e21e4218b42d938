/// The languages a client asked for in `Accept-Language`, used to pick one entry of each language map.
public struct LanguagePreference: Sendable, Equatable {
    /// The language ranges in order of preference (highest quality first), lower-cased; `*` matches any.
    public let ranges: [String]

    /// Parses an `Accept-Language` header such as `fr-CH, fr;q=0.9, en;q=0.8, *;q=0.5`.
    ///
    /// Ranges with `q=0` are dropped; equal qualities keep their header order.
    /// - Parameter acceptLanguage: The header value, or nil when absent.
    public init(acceptLanguage: String?) {
        var weighted: [(range: String, quality: Double, position: Int)] = []
        for (position, item) in (acceptLanguage ?? "").split(separator: ",").enumerated() {
            let parts = item.split(separator: ";")
            let range = parts.first.map { String($0.trimmingSpaces()).lowercased() } ?? ""
            guard !range.isEmpty else { continue }
            var quality = 1.0
            for parameter in parts.dropFirst() {
                let trimmed = parameter.trimmingSpaces()
                if trimmed.hasPrefix("q=") || trimmed.hasPrefix("Q=") {
                    quality = Double(trimmed.dropFirst(2)) ?? 0
                }
            }
            if quality > 0 { weighted.append((range, quality, position)) }
        }
        weighted.sort { $0.quality != $1.quality ? $0.quality > $1.quality : $0.position < $1.position }
        ranges = weighted.map(\.range)
    }

    /// The key of `map` that best matches the preference: an exact tag match of the most preferred range,
    /// else a key the range is a prefix of (`en` matches `en-US`), else for `*` the first key; when no range
    /// matches, the map's first key.
    /// - Parameter map: A language map.
    /// - Returns: The chosen key, or nil for an empty map.
    public func bestKey(in map: JSONObject) -> String? {
        let keys = map.keys
        for range in ranges {
            if range == "*", let first = keys.first { return first }
            if let exact = keys.first(where: { $0.lowercased() == range }) { return exact }
            if let prefixed = keys.first(where: { $0.lowercased().hasPrefix(range + "-") }) { return prefixed }
        }
        return keys.first
    }

    /// The map reduced to its best-matching entry.
    /// - Parameter map: A language map.
    /// - Returns: A map of at most one entry.
    public func reduce(_ map: JSONObject) -> JSONObject {
        guard let key = bestKey(in: map), let value = map[key] else { return map }
        return JSONObject([JSONObject.Member(key: key, value: value)])
    }
}
