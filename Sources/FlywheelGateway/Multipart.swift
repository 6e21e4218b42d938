import FlywheelHTTP
import Foundation

/// One part of a `multipart/mixed` body: its headers and content.
struct MultipartPart: Sendable {
    /// The part's headers (names compared without regard to case).
    var headers: HTTPHeaders
    /// The part's content.
    var body: Data
}

/// Reads and writes `multipart/mixed` bodies (RFC 2046) as xAPI statement requests with attachments use them.
enum Multipart {
    /// The `boundary` parameter of a multipart Content-Type, unquoted; nil when absent or empty.
    static func boundary(of contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "boundary" else {
                continue
            }
            var value = pair[1].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                value = String(value.dropFirst().dropLast())
            }
            return value.isEmpty ? nil : value
        }
        return nil
    }

    /// Splits a body into its parts.
    /// - Parameters:
    ///   - body: The request content.
    ///   - boundary: The boundary from the Content-Type.
    /// - Returns: The parts in order, preamble and epilogue dropped.
    /// - Throws: `XAPIError` (400) naming what is malformed: no opening or closing delimiter, a part without
    ///   the blank line after its headers, or a header line without a colon.
    static func parse(_ body: Data, boundary: String) throws(XAPIError) -> [MultipartPart] {
        let bytes = [UInt8](body)
        let delimiter = Array("--\(boundary)".utf8)
        let separator = Array("\r\n--\(boundary)".utf8)
        var cursor: Int
        if bytes.starts(with: delimiter) {
            cursor = delimiter.count
        } else if let first = find(separator, in: bytes, from: 0) {
            cursor = first + separator.count
        } else {
            throw .badRequest("the multipart/mixed content has no part delimiter --\(boundary)")
        }
        var parts: [MultipartPart] = []
        while true {
            if bytes[cursor...].starts(with: Array("--".utf8)) {
                return parts
            }
            // The rest of the delimiter line (transport padding) ends with CRLF.
            guard let lineEnd = find(Array("\r\n".utf8), in: bytes, from: cursor) else {
                throw .badRequest("the multipart/mixed content ends inside a part delimiter")
            }
            let start = lineEnd + 2
            guard let end = find(separator, in: bytes, from: start) else {
                throw .badRequest("the multipart/mixed content has no closing delimiter --\(boundary)--")
            }
            parts.append(try part(bytes[start..<end], index: parts.count))
            cursor = end + separator.count
        }
    }

    /// Joins parts into a body with this boundary.
    static func serialize(_ parts: [MultipartPart], boundary: String) -> Data {
        var body = Data()
        for part in parts {
            body.append(contentsOf: Array("--\(boundary)\r\n".utf8))
            for field in part.headers {
                body.append(contentsOf: Array("\(field.name): \(field.value)\r\n".utf8))
            }
            body.append(contentsOf: Array("\r\n".utf8))
            body.append(part.body)
            body.append(contentsOf: Array("\r\n".utf8))
        }
        body.append(contentsOf: Array("--\(boundary)--\r\n".utf8))
        return body
    }

    private static func part(_ bytes: ArraySlice<UInt8>, index: Int) throws(XAPIError) -> MultipartPart {
        let blank = Array("\r\n\r\n".utf8)
        let headerEnd: Int
        let contentStart: Int
        if bytes.starts(with: Array("\r\n".utf8)) {
            headerEnd = bytes.startIndex
            contentStart = bytes.startIndex + 2
        } else if let found = find(blank, in: bytes, from: bytes.startIndex) {
            headerEnd = found
            contentStart = found + blank.count
        } else {
            throw .badRequest("multipart part \(index) has no blank line after its headers")
        }
        var headers = HTTPHeaders()
        let text = String(decoding: bytes[bytes.startIndex..<headerEnd], as: UTF8.self)
        for line in text.components(separatedBy: "\r\n") where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else {
                throw .badRequest("multipart part \(index) has a header line without a colon: \(line.prefix(80))")
            }
            headers.add(
                name: line[..<colon].trimmingCharacters(in: .whitespaces),
                value: line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        return MultipartPart(headers: headers, body: Data(bytes[contentStart...]))
    }

    /// The first index at or after `start` where `needle` occurs in `haystack`.
    private static func find<C: RandomAccessCollection<UInt8>>(_ needle: [UInt8], in haystack: C, from start: C.Index)
        -> C.Index? where C.Index == Int
    {
        guard let first = needle.first, haystack.endIndex - start >= needle.count else {
            return nil
        }
        var index = start
        let last = haystack.endIndex - needle.count
        while index <= last {
            if haystack[index] == first && haystack[index..<(index + needle.count)].elementsEqual(needle) {
                return index
            }
            index += 1
        }
        return nil
    }
}
