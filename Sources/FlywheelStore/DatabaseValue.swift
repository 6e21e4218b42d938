/// One SQLite value: what a column holds or a parameter is bound to.
///
/// Literals convert directly, so arguments read naturally: `try statement.run(42, "name", nil)`.
public enum DatabaseValue: Sendable, Hashable {
    /// SQL NULL.
    case null
    /// A 64-bit signed integer.
    case integer(Int64)
    /// A 64-bit IEEE floating-point number.
    case real(Double)
    /// UTF-8 text.
    case text(String)
    /// Raw bytes.
    case blob([UInt8])

    /// The integer, or nil when the value is not an integer.
    public var integerValue: Int64? {
        if case .integer(let value) = self { value } else { nil }
    }

    /// The number as a `Double`: a real as stored, an integer converted; nil for other values.
    public var realValue: Double? {
        switch self {
        case .real(let value): value
        case .integer(let value): Double(value)
        default: nil
        }
    }

    /// The text, or nil when the value is not text.
    public var textValue: String? {
        if case .text(let value) = self { value } else { nil }
    }

    /// The bytes, or nil when the value is not a blob.
    public var blobValue: [UInt8]? {
        if case .blob(let value) = self { value } else { nil }
    }

    /// True for SQL NULL.
    public var isNull: Bool { self == .null }
}

extension DatabaseValue: ExpressibleByIntegerLiteral {
    /// Creates an integer value from a literal.
    public init(integerLiteral value: Int64) {
        self = .integer(value)
    }
}

extension DatabaseValue: ExpressibleByFloatLiteral {
    /// Creates a real value from a literal.
    public init(floatLiteral value: Double) {
        self = .real(value)
    }
}

extension DatabaseValue: ExpressibleByStringLiteral {
    /// Creates a text value from a literal.
    public init(stringLiteral value: String) {
        self = .text(value)
    }
}

extension DatabaseValue: ExpressibleByBooleanLiteral {
    /// Creates the integer 1 for `true` and 0 for `false`, as SQLite stores booleans.
    public init(booleanLiteral value: Bool) {
        self = .integer(value ? 1 : 0)
    }
}

extension DatabaseValue: ExpressibleByNilLiteral {
    /// Creates SQL NULL from `nil`.
    public init(nilLiteral: ()) {
        self = .null
    }
}
