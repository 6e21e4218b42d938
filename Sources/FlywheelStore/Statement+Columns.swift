import CSQLite

/// The storage class SQLite reports for a column of the current row.
public enum ColumnType: Sendable, Hashable {
    /// A 64-bit signed integer.
    case integer
    /// A floating-point number.
    case real
    /// UTF-8 text.
    case text
    /// Raw bytes.
    case blob
    /// SQL NULL.
    case null
}

extension Statement {
    /// How many columns each result row has.
    public var columnCount: Int {
        Int(sqlite3_column_count(handle))
    }

    /// The name of the column at `index` (0-based), as the query spelled it or aliased it.
    public func columnName(at index: Int) -> String {
        sqlite3_column_name(handle, Int32(index)).map { String(cString: $0) } ?? ""
    }

    /// The storage class of the column at `index` (0-based) in the current row.
    public func columnType(at index: Int) -> ColumnType {
        switch sqlite3_column_type(handle, Int32(index)) {
        case SQLITE_INTEGER: .integer
        case SQLITE_FLOAT: .real
        case SQLITE_TEXT: .text
        case SQLITE_BLOB: .blob
        default: .null
        }
    }

    /// True when the column at `index` (0-based) holds NULL in the current row.
    public func isNull(at index: Int) -> Bool {
        sqlite3_column_type(handle, Int32(index)) == SQLITE_NULL
    }

    /// The column at `index` (0-based) as a 64-bit integer (SQLite converts other types; NULL reads 0).
    public func int64(at index: Int) -> Int64 {
        sqlite3_column_int64(handle, Int32(index))
    }

    /// The column at `index` (0-based) as an integer (SQLite converts other types; NULL reads 0).
    public func int(at index: Int) -> Int {
        Int(sqlite3_column_int64(handle, Int32(index)))
    }

    /// The column at `index` (0-based) as a floating-point number (NULL reads 0).
    public func double(at index: Int) -> Double {
        sqlite3_column_double(handle, Int32(index))
    }

    /// The column at `index` (0-based) as text, copied once into a `String`; nil for NULL.
    public func string(at index: Int) -> String? {
        guard !isNull(at: index) else {
            return nil
        }
        return withText(at: index) { String(decoding: $0, as: UTF8.self) }
    }

    /// The column at `index` (0-based) as bytes; nil for NULL.
    public func bytes(at index: Int) -> [UInt8]? {
        guard !isNull(at: index) else {
            return nil
        }
        return withBytes(at: index) { [UInt8]($0) }
    }

    /// Lends the UTF-8 text of the column at `index` (0-based) to `body` without copying it.
    ///
    /// The buffer is SQLite's and is valid only inside `body`. NULL lends an empty buffer.
    /// - Returns: What `body` returns.
    public func withText<Result>(at index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows
        -> Result
    {
        // SQLite's order: convert to text first, then ask for the byte count of that text.
        let text = sqlite3_column_text(handle, Int32(index))
        let count = Int(sqlite3_column_bytes(handle, Int32(index)))
        return try body(UnsafeBufferPointer(start: text, count: text == nil ? 0 : count))
    }

    /// Lends the bytes of the column at `index` (0-based) to `body` without copying them.
    ///
    /// The buffer is SQLite's and is valid only inside `body`. NULL and empty blobs lend an empty buffer.
    /// - Returns: What `body` returns.
    public func withBytes<Result>(at index: Int, _ body: (UnsafeRawBufferPointer) throws -> Result) rethrows
        -> Result
    {
        let bytes = sqlite3_column_blob(handle, Int32(index))
        let count = Int(sqlite3_column_bytes(handle, Int32(index)))
        return try body(UnsafeRawBufferPointer(start: bytes, count: bytes == nil ? 0 : count))
    }

    /// The column at `index` (0-based) as a ``DatabaseValue`` of its own storage class.
    public func value(at index: Int) -> DatabaseValue {
        switch columnType(at: index) {
        case .integer: .integer(int64(at: index))
        case .real: .real(double(at: index))
        case .text: .text(string(at: index) ?? "")
        case .blob: .blob(bytes(at: index) ?? [])
        case .null: .null
        }
    }
}
