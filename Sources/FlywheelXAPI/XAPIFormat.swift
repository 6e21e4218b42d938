/// Checks for the string formats xAPI statements use: IRIs, mailto IRIs, UUIDs, hashes and media types.
///
/// IRI checks are best effort, as the specification allows: a scheme, then a non-empty remainder free of the
/// characters RFC 3987 never allows (spaces, controls, `<>"{}|\^` and backtick).
public enum XAPIFormat {
    /// Whether `text` is an absolute IRI: `scheme ":" rest`, the scheme starting with a letter.
    /// - Parameter text: The candidate IRI.
    /// - Returns: True when the text has a valid scheme and an allowed, non-empty remainder.
    public static func isIRI(_ text: String) -> Bool {
        var sawScheme = false
        var schemeLength = 0
        var restLength = 0
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if !sawScheme {
                if value == 0x3A {
                    guard schemeLength > 0 else { return false }
                    sawScheme = true
                    continue
                }
                let isLetter = (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value)
                let isSchemeOther = (0x30...0x39).contains(value) || value == 0x2B || value == 0x2D || value == 0x2E
                guard isLetter || (schemeLength > 0 && isSchemeOther) else { return false }
                schemeLength += 1
                continue
            }
            guard isAllowedIRICharacter(value) else { return false }
            restLength += 1
        }
        return sawScheme && restLength > 0
    }

    /// Whether `text` is an IRL: an IRI that can be dereferenced, checked as an absolute IRI.
    /// - Parameter text: The candidate IRL.
    /// - Returns: True when `isIRI` holds.
    public static func isIRL(_ text: String) -> Bool {
        isIRI(text)
    }

    private static func isAllowedIRICharacter(_ value: UInt32) -> Bool {
        switch value {
        case 0...0x20, 0x7F...0x9F: return false
        case 0x22, 0x3C, 0x3E, 0x5C, 0x5E, 0x60, 0x7B, 0x7C, 0x7D: return false
        default: return true
        }
    }

    /// Whether `text` is `mailto:` followed by one e-mail address (`local@domain`).
    /// - Parameter text: The candidate mbox value.
    /// - Returns: True for a mailto IRI holding a single address.
    public static func isMailtoIRI(_ text: String) -> Bool {
        let bytes = text.utf8
        guard bytes.count > 7, isIRI(text) else { return false }
        let scheme = bytes.prefix(7).map { $0 | 0x20 }
        guard scheme.elementsEqual("mailto:".utf8) else { return false }
        let address = bytes.dropFirst(7)
        guard !address.contains(UInt8(ascii: ",")), !address.contains(UInt8(ascii: "?")) else { return false }
        let at = UInt8(ascii: "@")
        guard let atIndex = address.firstIndex(of: at), address.lastIndex(of: at) == atIndex else { return false }
        let local = address[address.startIndex..<atIndex]
        let domain = address[address.index(after: atIndex)...]
        return !local.isEmpty && !domain.isEmpty && domain.first != UInt8(ascii: ".")
            && domain.last != UInt8(ascii: ".")
    }

    /// Whether `text` is a UUID in the standard 8-4-4-4-12 hex form with the RFC 4122 variant bits.
    ///
    /// Any version is accepted, and hex digits in either case, as RFC 4122 reads input case-insensitively.
    /// - Parameter text: The candidate UUID.
    /// - Returns: True for a well-formed RFC 4122 UUID.
    public static func isUUID(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 36 else { return false }
        for (position, byte) in bytes.enumerated() {
            if position == 8 || position == 13 || position == 18 || position == 23 {
                guard byte == UInt8(ascii: "-") else { return false }
            } else if !isHexDigit(byte) {
                return false
            }
        }
        // The first digit of the fourth group carries the variant: 10xx binary, so 8, 9, a or b.
        switch bytes[19] {
        case UInt8(ascii: "8"), UInt8(ascii: "9"), UInt8(ascii: "a"), UInt8(ascii: "b"),
            UInt8(ascii: "A"), UInt8(ascii: "B"):
            return true
        default:
            return false
        }
    }

    /// Whether `text` is exactly `length` hex digits.
    /// - Parameters:
    ///   - text: The candidate hash.
    ///   - lengths: The allowed numbers of digits.
    /// - Returns: True when the text is hex of one of the lengths.
    public static func isHex(_ text: String, lengths: Set<Int>) -> Bool {
        lengths.contains(text.utf8.count) && text.utf8.allSatisfy(isHexDigit)
    }

    /// Whether `text` is a SHA-1 digest in hex, as `mbox_sha1sum` requires.
    /// - Parameter text: The candidate digest.
    /// - Returns: True for 40 hex digits.
    public static func isSHA1Hex(_ text: String) -> Bool {
        isHex(text, lengths: [40])
    }

    /// Whether `text` is a SHA-2 digest in hex (SHA-224, -256, -384 or -512), as attachments' `sha2` requires.
    /// - Parameter text: The candidate digest.
    /// - Returns: True for 56, 64, 96 or 128 hex digits.
    public static func isSHA2Hex(_ text: String) -> Bool {
        isHex(text, lengths: [56, 64, 96, 128])
    }

    /// Whether `text` is an Internet media type `type/subtype` with optional `;` parameters (RFC 2046).
    /// - Parameter text: The candidate content type.
    /// - Returns: True for a well-formed media type.
    public static func isMediaType(_ text: String) -> Bool {
        let parts = text.split(separator: ";", omittingEmptySubsequences: false)
        let essence = parts[0].trimmingSpaces()
        let typeParts = essence.split(separator: "/", omittingEmptySubsequences: false)
        guard typeParts.count == 2, isToken(typeParts[0]), isToken(typeParts[1]) else { return false }
        for parameter in parts.dropFirst() {
            let trimmed = parameter.trimmingSpaces()
            guard let equals = trimmed.firstIndex(of: "=") else { return false }
            guard isToken(trimmed[trimmed.startIndex..<equals]) else { return false }
            guard !trimmed[trimmed.index(after: equals)...].isEmpty else { return false }
        }
        return true
    }

    private static func isToken(_ text: Substring) -> Bool {
        guard !text.isEmpty else { return false }
        return text.utf8.allSatisfy { byte in
            guard byte > 0x20 && byte < 0x7F else { return false }
            return !"()<>@,;:\\\"/[]?={}".utf8.contains(byte)
        }
    }

    static func isHexDigit(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"),
            UInt8(ascii: "A")...UInt8(ascii: "F"):
            return true
        default:
            return false
        }
    }
}

extension Substring {
    func trimmingSpaces() -> Substring {
        var result = self
        while result.first == " " || result.first == "\t" { result = result.dropFirst() }
        while result.last == " " || result.last == "\t" { result = result.dropLast() }
        return result
    }
}
