public import FlywheelStore

/// A parsed segment filter: comparisons of learner attributes joined by `and`, `or`, `not` and parentheses,
/// e.g. `department=Sales and tenure<1y`. `and` binds tighter than `or`.
///
/// Attributes: `department`, `role`, `location`, `time_zone`, `tenure_band`, `manager_id`, `employee_id`,
/// `name`, `email` (text, compared without regard to case with `=` and `!=`), `manager` (`true`/`false`), and
/// `tenure` in years (`tenure<1y`, `tenure>=5y`), whose bound must fall on a band edge: 1y, 3y, 5y or 10y.
public struct SegmentFilter: Sendable, Hashable {
    indirect enum Expression: Sendable, Hashable {
        case comparison(attribute: String, operator: String, value: String)
        case and(Expression, Expression)
        case or(Expression, Expression)
        case not(Expression)
    }

    /// The filter as written.
    public let text: String
    let expression: Expression

    static let textAttributes = [
        "department", "role", "location", "time_zone", "tenure_band", "manager_id", "employee_id", "name", "email",
    ]
    /// Tenure bands with their bounds in years.
    static let tenureBands: [(band: String, low: Int, high: Int)] = [
        ("<1y", 0, 1), ("1-3y", 1, 3), ("3-5y", 3, 5), ("5-10y", 5, 10), ("10y+", 10, Int.max),
    ]

    /// Parses a filter.
    /// - Throws: `IntelligenceError` `.invalidSegment` naming the token that does not fit and where it is.
    public init(_ text: String) throws(IntelligenceError) {
        self.text = text
        var parser = SegmentFilterParser(text: text)
        expression = try parser.parseFilter()
    }

    /// The filter as an SQL condition over the `learners` table, with its arguments.
    public func sql() -> (condition: String, arguments: [DatabaseValue]) {
        var arguments: [DatabaseValue] = []
        let condition = Self.sql(expression, &arguments)
        return (condition, arguments)
    }

    private static func sql(_ expression: Expression, _ arguments: inout [DatabaseValue]) -> String {
        switch expression {
        case .and(let left, let right):
            return "(\(sql(left, &arguments)) AND \(sql(right, &arguments)))"
        case .or(let left, let right):
            return "(\(sql(left, &arguments)) OR \(sql(right, &arguments)))"
        case .not(let inner):
            return "(NOT \(sql(inner, &arguments)))"
        case .comparison(let attribute, let op, let value):
            if attribute == "manager" {
                return "(learners.is_manager \(op == "=" ? "=" : "!=") \(value == "true" ? 1 : 0))"
            }
            if attribute == "tenure" {
                // The parser checked the bound falls on a band edge, so each band is wholly in or out.
                let years = Int(value.dropLast()) ?? 0
                let bands = tenureBands.filter { band in
                    switch op {
                    case "<", "<=": band.high <= years
                    case ">", ">=": band.low >= years
                    case "=": band.low == years
                    default: band.low != years
                    }
                }.map(\.band)
                arguments.append(contentsOf: bands.map { .text($0) })
                let list = Array(repeating: "?", count: bands.count).joined(separator: ", ")
                return bands.isEmpty ? "(0)" : "(learners.tenure_band IN (\(list)))"
            }
            arguments.append(.text(value))
            return "(learners.\(attribute) \(op == "=" ? "=" : "!=") ? COLLATE NOCASE)"
        }
    }
}

/// Reads a segment filter token by token.
struct SegmentFilterParser {
    struct Token {
        let text: String
        let position: Int
        let quoted: Bool
    }

    let text: String
    var tokens: [Token] = []
    var index = 0

    init(text: String) {
        self.text = text
    }

    mutating func parseFilter() throws(IntelligenceError) -> SegmentFilter.Expression {
        tokens = try tokenize()
        guard !tokens.isEmpty else { throw failure("the filter is empty") }
        let expression = try parseOr()
        if index < tokens.count {
            throw failure("unexpected '\(tokens[index].text)' at position \(tokens[index].position + 1); "
                + "expected 'and', 'or' or the end")
        }
        return expression
    }

    private mutating func parseOr() throws(IntelligenceError) -> SegmentFilter.Expression {
        var left = try parseAnd()
        while keyword("or") { left = .or(left, try parseAnd()) }
        return left
    }

    private mutating func parseAnd() throws(IntelligenceError) -> SegmentFilter.Expression {
        var left = try parseUnary()
        while keyword("and") { left = .and(left, try parseUnary()) }
        return left
    }

    private mutating func parseUnary() throws(IntelligenceError) -> SegmentFilter.Expression {
        if keyword("not") { return .not(try parseUnary()) }
        if peek(is: "(") {
            index += 1
            let inner = try parseOr()
            guard peek(is: ")") else {
                let found = index < tokens.count ? "'\(tokens[index].text)'" : "the end"
                throw failure("expected ')' but found \(found)")
            }
            index += 1
            return inner
        }
        return try parseComparison()
    }

    private mutating func parseComparison() throws(IntelligenceError) -> SegmentFilter.Expression {
        guard index < tokens.count else { throw failure("expected an attribute but the filter ended") }
        let attributeToken = tokens[index]
        let attribute = attributeToken.text.lowercased()
        let known = SegmentFilter.textAttributes + ["manager", "tenure"]
        guard !attributeToken.quoted, known.contains(attribute) else {
            throw failure("unknown attribute '\(attributeToken.text)' at position \(attributeToken.position + 1) "
                + "(known: \(known.joined(separator: ", ")))")
        }
        index += 1
        guard index < tokens.count, ["=", "!=", "<", "<=", ">", ">="].contains(tokens[index].text),
            !tokens[index].quoted
        else {
            let found = index < tokens.count ? "'\(tokens[index].text)'" : "the end"
            throw failure("expected an operator (=, !=, <, <=, >, >=) after '\(attributeToken.text)' but found \(found)")
        }
        let op = tokens[index].text
        index += 1
        guard index < tokens.count, !["(", ")"].contains(tokens[index].text) || tokens[index].quoted else {
            throw failure("expected a value after '\(attributeToken.text)\(op)'")
        }
        let valueToken = tokens[index]
        index += 1
        switch attribute {
        case "tenure":
            let edges = SegmentFilter.tenureBands.map(\.low).dropFirst()
            guard valueToken.text.hasSuffix("y"), let years = Int(valueToken.text.dropLast()), edges.contains(years)
            else {
                throw failure("tenure bound '\(valueToken.text)' at position \(valueToken.position + 1) must be "
                    + "a band edge: 1y, 3y, 5y or 10y")
            }
        case "manager":
            guard op == "=" || op == "!=", ["true", "false"].contains(valueToken.text.lowercased()) else {
                throw failure("manager takes = or != with true or false, not '\(op)\(valueToken.text)'")
            }
            return .comparison(attribute: attribute, operator: op, value: valueToken.text.lowercased())
        default:
            guard op == "=" || op == "!=" else {
                throw failure("'\(attributeToken.text)' is text and takes only = or !=, not '\(op)'")
            }
        }
        return .comparison(attribute: attribute, operator: op, value: valueToken.text)
    }

    private mutating func keyword(_ word: String) -> Bool {
        guard index < tokens.count, !tokens[index].quoted, tokens[index].text.lowercased() == word else {
            return false
        }
        index += 1
        return true
    }

    private func peek(is symbol: String) -> Bool {
        index < tokens.count && !tokens[index].quoted && tokens[index].text == symbol
    }

    private func tokenize() throws(IntelligenceError) -> [Token] {
        var tokens: [Token] = []
        let characters = Array(text)
        var position = 0
        while position < characters.count {
            let character = characters[position]
            if character.isWhitespace {
                position += 1
            } else if character == "(" || character == ")" {
                tokens.append(Token(text: String(character), position: position, quoted: false))
                position += 1
            } else if "=!<>".contains(character) {
                var symbol = String(character)
                if position + 1 < characters.count, characters[position + 1] == "=" { symbol.append("=") }
                guard symbol != "!" else { throw failure("'!' at position \(position + 1) must be followed by '='") }
                tokens.append(Token(text: symbol, position: position, quoted: false))
                position += symbol.count
            } else if character == "\"" || character == "'" {
                var end = position + 1
                while end < characters.count, characters[end] != character { end += 1 }
                guard end < characters.count else {
                    throw failure("the quote at position \(position + 1) is never closed")
                }
                tokens.append(Token(text: String(characters[(position + 1)..<end]), position: position, quoted: true))
                position = end + 1
            } else {
                var end = position
                while end < characters.count, !characters[end].isWhitespace, !"()=!<>\"'".contains(characters[end]) {
                    end += 1
                }
                tokens.append(Token(text: String(characters[position..<end]), position: position, quoted: false))
                position = end
            }
        }
        return tokens
    }

    private func failure(_ detail: String) -> IntelligenceError {
        IntelligenceError(.invalidSegment, "segment filter '\(text)': \(detail)")
    }
}
