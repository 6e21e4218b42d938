public import FlywheelContracts
import FlywheelXAPI

/// Reads the learner directory format the simulator writes (and HR exports follow): CSV with a header row
/// naming the columns, or JSON `{"format": "flywheel.learners.v1", "learners": [...]}`.
public enum DirectoryFile {
    /// The columns a directory must have; `manager_id` and `is_manager` may be missing.
    static let requiredColumns = ["employee_id", "name", "email", "department", "role", "location", "time_zone",
        "tenure_band"]

    /// Parses a directory file.
    /// - Parameters:
    ///   - content: The file's bytes.
    ///   - format: `csv`, `json`, or empty to decide from the first character.
    /// - Returns: The learners in file order.
    /// - Throws: `IntelligenceError` `.invalidDirectory` naming the line or entry and the field that is wrong.
    public static func parse(_ content: [UInt8], format: String = "") throws(IntelligenceError) -> [IntelligenceV1.Learner] {
        let first = content.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 && $0 != 0xEF }
        switch format.lowercased() {
        case "json": return try parseJSON(content)
        case "csv": return try parseCSV(content)
        case "": return first == UInt8(ascii: "{") ? try parseJSON(content) : try parseCSV(content)
        default: throw IntelligenceError(.invalidDirectory, "format '\(format)' is neither csv nor json")
        }
    }

    static func parseJSON(_ content: [UInt8]) throws(IntelligenceError) -> [IntelligenceV1.Learner] {
        let document: JSONValue
        do {
            document = try JSONValue.parse(content)
        } catch {
            throw IntelligenceError(.invalidDirectory, "the JSON directory does not parse: \(error)")
        }
        guard let entries = document["learners"]?.arrayValue else {
            throw IntelligenceError(.invalidDirectory, "the JSON directory has no \"learners\" array")
        }
        var learners: [IntelligenceV1.Learner] = []
        for (position, entry) in entries.enumerated() {
            guard entry.objectValue != nil else {
                throw IntelligenceError(.invalidDirectory, "learners[\(position)] is not an object")
            }
            var fields: [String: String] = [:]
            for key in requiredColumns + ["manager_id"] {
                if let value = entry[key]?.stringValue { fields[key] = value }
            }
            if let manager = entry["is_manager"]?.boolValue { fields["is_manager"] = manager ? "true" : "false" }
            learners.append(try learner(fields, at: "learners[\(position)]"))
        }
        return learners
    }

    static func parseCSV(_ content: [UInt8]) throws(IntelligenceError) -> [IntelligenceV1.Learner] {
        var text = String(decoding: content, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let records = try csvRecords(text)
        guard let header = records.first?.fields.map({ $0.trimmingWhitespace().lowercased() }) else {
            throw IntelligenceError(.invalidDirectory, "the CSV directory is empty")
        }
        for column in requiredColumns where !header.contains(column) {
            throw IntelligenceError(.invalidDirectory, "the CSV header has no '\(column)' column")
        }
        var learners: [IntelligenceV1.Learner] = []
        for record in records.dropFirst() where !(record.fields.count == 1 && record.fields[0].isEmpty) {
            guard record.fields.count == header.count else {
                throw IntelligenceError(
                    .invalidDirectory,
                    "CSV line \(record.line) has \(record.fields.count) fields; the header has \(header.count)")
            }
            let fields = Dictionary(zip(header, record.fields), uniquingKeysWith: { first, _ in first })
            learners.append(try learner(fields, at: "CSV line \(record.line)"))
        }
        return learners
    }

    private static func learner(_ fields: [String: String], at place: String) throws(IntelligenceError)
        -> IntelligenceV1.Learner
    {
        for column in ["employee_id", "department"] where (fields[column] ?? "").isEmpty {
            throw IntelligenceError(.invalidDirectory, "\(place): '\(column)' is missing or empty")
        }
        let managerText = (fields["is_manager"] ?? "false").lowercased()
        guard ["true", "false", ""].contains(managerText) else {
            throw IntelligenceError(.invalidDirectory, "\(place): is_manager is '\(managerText)', not true or false")
        }
        let band = fields["tenure_band"] ?? ""
        guard band.isEmpty || SegmentFilter.tenureBands.contains(where: { $0.band == band }) else {
            throw IntelligenceError(
                .invalidDirectory, "\(place): tenure_band '\(band)' is not one of <1y, 1-3y, 3-5y, 5-10y, 10y+")
        }
        return IntelligenceV1.Learner(
            employeeID: fields["employee_id"] ?? "", name: fields["name"] ?? "", email: fields["email"] ?? "",
            department: fields["department"] ?? "", role: fields["role"] ?? "", location: fields["location"] ?? "",
            timeZone: fields["time_zone"] ?? "", tenureBand: band, managerID: fields["manager_id"] ?? "",
            isManager: managerText == "true")
    }

    /// Splits CSV text into records (RFC 4180 quoting), remembering each record's first line number.
    static func csvRecords(_ text: String) throws(IntelligenceError) -> [(line: Int, fields: [String])] {
        var records: [(line: Int, fields: [String])] = []
        var fields: [String] = []
        var field = ""
        var quoted = false
        var line = 1
        var recordLine = 1
        var iterator = Array(text).makeIterator()
        var pending: Character? = nil
        while let character = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if character == "\"" {
                    let next = iterator.next()
                    if next == "\"" { field.append("\"") } else { quoted = false; pending = next }
                } else {
                    if character == "\n" || character == "\r\n" { line += 1 }
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"" where field.isEmpty: quoted = true
            case ",":
                fields.append(field)
                field = ""
            case "\n", "\r\n", "\r":
                fields.append(field)
                records.append((recordLine, fields))
                fields = []
                field = ""
                line += 1
                recordLine = line
            default: field.append(character)
            }
        }
        if quoted { throw IntelligenceError(.invalidDirectory, "CSV line \(recordLine): a quoted field never ends") }
        if !field.isEmpty || !fields.isEmpty {
            fields.append(field)
            records.append((recordLine, fields))
        }
        return records
    }
}

extension String {
    func trimmingWhitespace() -> String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
