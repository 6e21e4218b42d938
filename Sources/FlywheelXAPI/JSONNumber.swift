/// A JSON number: its value as a `Double`, and the exact integer when it was written as one that fits 64 bits.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// The numeric value (exact for integers up to 2^53).
    public let double: Double
    /// The exact value when the number was written without fraction or exponent and fits in `Int64`.
    public let integer: Int64?

    /// Creates an integer number.
    public init(_ integer: Int64) {
        self.integer = integer
        self.double = Double(integer)
    }

    /// Creates a number from a `Double`; it is re-emitted as an integer only when created with `init(_: Int64)`.
    public init(_ double: Double) {
        self.integer = nil
        self.double = double
    }

    /// The compact JSON text of this number.
    public var description: String {
        if let integer { return String(integer) }
        if double.isFinite, double == double.rounded(), abs(double) < 1e15 {
            // Whole values written with a fraction ("1.0") come back as "1.0" rather than "1e+00"-like forms.
            return String(Int64(double)) + ".0"
        }
        return "\(double)"
    }

    /// Numbers are equal when their values are equal, however they were written.
    public static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        if let left = lhs.integer, let right = rhs.integer { return left == right }
        return lhs.double == rhs.double
    }

    /// Hashes the numeric value.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(double)
    }
}
