import CSQLite

/// Tells SQLite to copy bound text and bytes before the bind call returns.
///
/// `SQLITE_TRANSIENT` is a C macro Swift cannot import; -1 is its value.
let transientDestructor = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

extension Statement {
    /// Binds a 64-bit integer to the parameter at `index` (1-based).
    ///
    /// - Throws: `DatabaseError` when the index is out of range.
    public func bind(_ value: Int64, at index: Int) throws {
        try check(sqlite3_bind_int64(handle, Int32(index), value), index: index)
    }

    /// Binds an integer to the parameter at `index` (1-based).
    ///
    /// - Throws: `DatabaseError` when the index is out of range.
    public func bind(_ value: Int, at index: Int) throws {
        try bind(Int64(value), at: index)
    }

    /// Binds a floating-point number to the parameter at `index` (1-based).
    ///
    /// - Throws: `DatabaseError` when the index is out of range.
    public func bind(_ value: Double, at index: Int) throws {
        try check(sqlite3_bind_double(handle, Int32(index), value), index: index)
    }

    /// Binds text to the parameter at `index` (1-based).
    ///
    /// The string's own UTF-8 storage is handed to SQLite with its length, so SQLite makes the only copy.
    /// - Throws: `DatabaseError` when the index is out of range or the text is too long.
    public func bind(_ value: String, at index: Int) throws {
        var text = value
        let resultCode = text.withUTF8 { utf8 -> Int32 in
            guard let base = utf8.baseAddress, !utf8.isEmpty else {
                // A nil pointer would bind NULL; an empty string must stay text.
                return sqlite3_bind_text(handle, Int32(index), "", 0, transientDestructor)
            }
            return base.withMemoryRebound(to: CChar.self, capacity: utf8.count) { characters in
                sqlite3_bind_text64(
                    handle, Int32(index), characters, sqlite3_uint64(utf8.count), transientDestructor,
                    UInt8(SQLITE_UTF8))
            }
        }
        try check(resultCode, index: index)
    }

    /// Binds bytes to the parameter at `index` (1-based); SQLite copies them.
    ///
    /// - Throws: `DatabaseError` when the index is out of range or the bytes are too long.
    public func bind(_ bytes: UnsafeRawBufferPointer, at index: Int) throws {
        let resultCode: Int32
        if let base = bytes.baseAddress, !bytes.isEmpty {
            resultCode = sqlite3_bind_blob64(
                handle, Int32(index), base, sqlite3_uint64(bytes.count), transientDestructor)
        } else {
            // A nil pointer would bind NULL; an empty blob must stay a blob.
            resultCode = sqlite3_bind_zeroblob(handle, Int32(index), 0)
        }
        try check(resultCode, index: index)
    }

    /// Binds bytes to the parameter at `index` (1-based); SQLite copies them.
    ///
    /// - Throws: `DatabaseError` when the index is out of range or the bytes are too long.
    public func bind(_ bytes: [UInt8], at index: Int) throws {
        try bytes.withUnsafeBytes { try bind($0, at: index) }
    }

    /// Binds SQL NULL to the parameter at `index` (1-based).
    ///
    /// - Throws: `DatabaseError` when the index is out of range.
    public func bindNull(at index: Int) throws {
        try check(sqlite3_bind_null(handle, Int32(index)), index: index)
    }

    /// Binds any ``DatabaseValue`` to the parameter at `index` (1-based).
    ///
    /// - Throws: `DatabaseError` when the index is out of range.
    public func bind(_ value: DatabaseValue, at index: Int) throws {
        switch value {
        case .null: try bindNull(at: index)
        case .integer(let integer): try bind(integer, at: index)
        case .real(let real): try bind(real, at: index)
        case .text(let text): try bind(text, at: index)
        case .blob(let bytes): try bind(bytes, at: index)
        }
    }

    /// Binds one value per parameter, in order.
    ///
    /// - Parameter values: Exactly as many values as the statement has parameters.
    /// - Throws: `DatabaseError` when the count does not match or a bind fails.
    public func bind(_ values: [DatabaseValue]) throws {
        guard values.count == parameterCount else {
            throw DatabaseError.misuse(
                "the statement has \(parameterCount) parameters but \(values.count) values were given", sql: sql)
        }
        for (offset, value) in values.enumerated() {
            try bind(value, at: offset + 1)
        }
    }

    /// How many parameters the statement has (the largest index for numbered ones).
    public var parameterCount: Int {
        Int(sqlite3_bind_parameter_count(handle))
    }

    /// The 1-based index of the parameter called `name`, written as in the SQL (":id", "@id" or "$id").
    ///
    /// - Throws: `DatabaseError` when the statement has no parameter of that name.
    public func parameterIndex(named name: String) throws -> Int {
        let index = Int(sqlite3_bind_parameter_index(handle, name))
        guard index > 0 else {
            throw DatabaseError.misuse(
                "the statement has no parameter named '\(name)' (write the prefix too, as in ':\(name)')", sql: sql)
        }
        return index
    }

    /// Binds a 64-bit integer to the parameter called `name` (":id", "@id" or "$id").
    ///
    /// - Throws: `DatabaseError` when there is no such parameter.
    public func bind(_ value: Int64, named name: String) throws {
        try bind(value, at: parameterIndex(named: name))
    }

    /// Binds an integer to the parameter called `name`.
    ///
    /// - Throws: `DatabaseError` when there is no such parameter.
    public func bind(_ value: Int, named name: String) throws {
        try bind(value, at: parameterIndex(named: name))
    }

    /// Binds a floating-point number to the parameter called `name`.
    ///
    /// - Throws: `DatabaseError` when there is no such parameter.
    public func bind(_ value: Double, named name: String) throws {
        try bind(value, at: parameterIndex(named: name))
    }

    /// Binds text to the parameter called `name`.
    ///
    /// - Throws: `DatabaseError` when there is no such parameter.
    public func bind(_ value: String, named name: String) throws {
        try bind(value, at: parameterIndex(named: name))
    }

    /// Binds bytes to the parameter called `name`.
    ///
    /// - Throws: `DatabaseError` when there is no such parameter.
    public func bind(_ bytes: [UInt8], named name: String) throws {
        try bind(bytes, at: parameterIndex(named: name))
    }

    /// Binds bytes to the parameter called `name`.
    ///
    /// - Throws: `DatabaseError` when there is no such parameter.
    public func bind(_ bytes: UnsafeRawBufferPointer, named name: String) throws {
        try bind(bytes, at: parameterIndex(named: name))
    }

    /// Binds SQL NULL to the parameter called `name`.
    ///
    /// - Throws: `DatabaseError` when there is no such parameter.
    public func bindNull(named name: String) throws {
        try bindNull(at: parameterIndex(named: name))
    }

    /// Binds any ``DatabaseValue`` to the parameter called `name`.
    ///
    /// - Throws: `DatabaseError` when there is no such parameter.
    public func bind(_ value: DatabaseValue, named name: String) throws {
        try bind(value, at: parameterIndex(named: name))
    }

    /// Turns a bind call's result code into an error naming the parameter.
    private func check(_ resultCode: Int32, index: Int) throws {
        guard resultCode == SQLITE_OK else {
            throw DatabaseError(
                sqlite: resultCode, handle: connectionHandle, activity: "binding parameter \(index)", sql: sql)
        }
    }
}
