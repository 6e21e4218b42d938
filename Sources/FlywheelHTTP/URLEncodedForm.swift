public import Foundation

/// Reads and writes `application/x-www-form-urlencoded` text: query strings and form bodies.
///
/// Pairs are separated by `&`, a name from its value by the first `=`, `+` stands for a space and
/// `%XX` for a byte. Repeated names are kept in order; empty segments (`a=1&&b=2`) are skipped; a
/// malformed escape such as `%zz` is kept literally. Decoded bytes that are not UTF-8 become U+FFFD.
public enum URLEncodedForm {
    /// Parses a query string or form body given as text.
    /// - Parameter text: The encoded text, without a leading `?`.
    /// - Returns: The decoded items in order.
    public static func parse(_ text: some StringProtocol) -> [HTTPQueryItem] {
        var text = String(text)
        return text.withUTF8 { parse(bytes: $0) }
    }

    /// Parses a form body given as bytes.
    /// - Parameter body: The encoded body.
    /// - Returns: The decoded items in order.
    public static func parse(_ body: Data) -> [HTTPQueryItem] {
        body.withUnsafeBytes { parse(bytes: $0.bindMemory(to: UInt8.self)) }
    }

    /// Decodes one component: `+` becomes a space and `%XX` a byte.
    /// - Parameter component: An encoded name or value.
    /// - Returns: The decoded text.
    public static func decodeComponent(_ component: some StringProtocol) -> String {
        var component = String(component)
        return component.withUTF8 { PercentDecoding.decode($0[...], plusIsSpace: true) }
    }

    /// Encodes items as form text; everything but unreserved characters is escaped, spaces become `+`.
    /// - Parameter items: The items in order.
    /// - Returns: The encoded text, such as `a=1&b=x+y`.
    public static func encode(_ items: [HTTPQueryItem]) -> String {
        items.map { encodeComponent($0.name) + "=" + encodeComponent($0.value) }.joined(separator: "&")
    }

    /// Encodes one component for form text.
    /// - Parameter component: The text to encode.
    /// - Returns: The encoded component.
    public static func encodeComponent(_ component: String) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(component.utf8.count)
        for byte in component.utf8 {
            if PercentDecoding.isUnreserved(byte) {
                output.append(byte)
            } else if byte == UInt8(ascii: " ") {
                output.append(UInt8(ascii: "+"))
            } else {
                output.append(UInt8(ascii: "%"))
                output.append(PercentDecoding.hexDigit(byte >> 4))
                output.append(PercentDecoding.hexDigit(byte & 0x0F))
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    static func parse(bytes: UnsafeBufferPointer<UInt8>) -> [HTTPQueryItem] {
        var items: [HTTPQueryItem] = []
        for segment in bytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            if let equals = segment.firstIndex(of: UInt8(ascii: "=")) {
                let name = PercentDecoding.decode(segment[segment.startIndex..<equals], plusIsSpace: true)
                let value = PercentDecoding.decode(segment[(equals + 1)...], plusIsSpace: true)
                items.append(HTTPQueryItem(name: name, value: value))
            } else {
                items.append(HTTPQueryItem(name: PercentDecoding.decode(segment, plusIsSpace: true), value: ""))
            }
        }
        return items
    }
}
