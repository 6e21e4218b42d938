/// One decoded `name=value` pair of a query string or a form-encoded body.
public struct HTTPQueryItem: Sendable, Hashable, CustomStringConvertible {
    /// The decoded name.
    public var name: String
    /// The decoded value; empty when the pair had no `=` or nothing after it.
    public var value: String

    /// Creates an item.
    /// - Parameters:
    ///   - name: The decoded name.
    ///   - value: The decoded value.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    /// The decoded pair as `name=value`, for diagnostics.
    public var description: String { "\(name)=\(value)" }
}
