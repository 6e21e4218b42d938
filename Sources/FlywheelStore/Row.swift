/// One result row copied out of a statement, safe to return from a read or write closure.
public struct Row: Sendable, Hashable {
    /// The result's column names, in order (shared by every row of one query).
    public let columnNames: [String]
    /// The row's values, in column order.
    public let values: [DatabaseValue]

    /// Creates a row from column names and values of the same count.
    public init(columnNames: [String], values: [DatabaseValue]) {
        self.columnNames = columnNames
        self.values = values
    }

    /// The value in the column at `index` (0-based).
    public subscript(index: Int) -> DatabaseValue {
        values[index]
    }

    /// The value in the first column called `name`, or nil when the result has no such column.
    public subscript(name: String) -> DatabaseValue? {
        columnNames.firstIndex(of: name).map { values[$0] }
    }
}
