/// Well-formedness of RFC 5646 language tags, the keys of xAPI language maps.
public enum LanguageTag {
    /// Tags registered before RFC 4646 that the subtag grammar does not produce (lower-cased).
    private static let grandfathered: Set<String> = [
        "en-gb-oed", "i-ami", "i-bnn", "i-default", "i-enochian", "i-hak", "i-klingon", "i-lux", "i-mingo",
        "i-navajo", "i-pwn", "i-tao", "i-tay", "i-tsu", "sgn-be-fr", "sgn-be-nl", "sgn-ch-de",
        "art-lojban", "cel-gaulish", "no-bok", "no-nyn", "zh-guoyu", "zh-hakka", "zh-min", "zh-min-nan",
        "zh-xiang",
    ]

    private typealias Subtag = Substring.UTF8View

    /// Whether `tag` follows the RFC 5646 grammar (language, extlang, script, region, variants, extensions,
    /// private use, or a grandfathered tag). Registry membership of subtags is not checked.
    /// - Parameter tag: The candidate tag, such as "en-US" or "zh-Hant-TW".
    /// - Returns: True when the sequence of subtags and their lengths is well formed.
    public static func isWellFormed(_ tag: String) -> Bool {
        matchesGrammar(tag) || grandfathered.contains(tag.lowercased())
    }

    private static func matchesGrammar(_ tag: String) -> Bool {
        let subtags = Substring(tag).utf8.split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
        guard subtags.allSatisfy({ (1...8).contains($0.count) && $0.allSatisfy(isAlphanumeric) }) else {
            return false
        }
        if isSingleton(subtags[0], "x") { return subtags.count > 1 }

        let language = subtags[0]
        guard language.count >= 2, language.allSatisfy(isLetter) else { return false }
        var position = 1
        if language.count <= 3 {
            var extlangs = 0
            while position < subtags.count, extlangs < 3, isLetters(subtags[position], count: 3) {
                position += 1
                extlangs += 1
            }
        }
        if position < subtags.count, isLetters(subtags[position], count: 4) { position += 1 }
        if position < subtags.count, isRegion(subtags[position]) { position += 1 }
        while position < subtags.count, isVariant(subtags[position]) { position += 1 }
        while position < subtags.count, subtags[position].count == 1, !isSingleton(subtags[position], "x") {
            position += 1
            let extensionStart = position
            while position < subtags.count, subtags[position].count >= 2 { position += 1 }
            guard position > extensionStart else { return false }
        }
        if position < subtags.count, isSingleton(subtags[position], "x") { return subtags.count > position + 1 }
        return position == subtags.count
    }

    private static func isSingleton(_ subtag: Subtag, _ letter: Unicode.Scalar) -> Bool {
        subtag.count == 1 && subtag.first! | 0x20 == UInt8(ascii: letter)
    }

    private static func isLetters(_ subtag: Subtag, count: Int) -> Bool {
        subtag.count == count && subtag.allSatisfy(isLetter)
    }

    private static func isRegion(_ subtag: Subtag) -> Bool {
        isLetters(subtag, count: 2) || (subtag.count == 3 && subtag.allSatisfy(isDigit))
    }

    private static func isVariant(_ subtag: Subtag) -> Bool {
        subtag.count >= 5 || (subtag.count == 4 && isDigit(subtag.first!))
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        isLetter(byte) || isDigit(byte)
    }
}
