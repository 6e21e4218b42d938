/// A throughput measurement of parsing, serializing and validating a typical small statement, for the lead to
/// run from a release build. It is not a test: it asserts nothing and its numbers vary with the machine.
public enum XAPIBenchmark {
    /// Statements per second for each step, measured on one core.
    public struct Result: Sendable, CustomStringConvertible {
        /// `JSONValue.parse` of the sample's bytes.
        public let parsePerSecond: Double
        /// `JSONValue.serialized()` of the parsed sample.
        public let serializePerSecond: Double
        /// `StatementValidator.validate` of the parsed sample under 2.0 rules.
        public let validatePerSecond: Double
        /// The sample's size in bytes.
        public let statementBytes: Int

        /// One line with the three rates.
        public var description: String {
            "statement \(statementBytes) B: parse \(Int(parsePerSecond))/s, serialize \(Int(serializePerSecond))/s, "
                + "validate \(Int(validatePerSecond))/s"
        }
    }

    /// A statement of about 330 bytes with an id, actor, verb, activity definition, result and timestamp.
    public static let sampleStatement = """
        {"id":"6690e6c9-3ef0-4ed3-8b37-7f3964730bee","actor":{"name":"Team PB","mbox":"mailto:pb@example.com"},\
        "verb":{"id":"http://adlnet.gov/expapi/verbs/attended","display":{"en-US":"attended"}},\
        "object":{"id":"http://example.com/meetings/34534","definition":{"name":{"en-US":"Meeting"}}},\
        "result":{"success":true},"timestamp":"2013-05-18T05:32:34.804Z"}
        """

    /// Runs each step `iterations` times over the sample statement.
    /// - Parameter iterations: How many statements to process per step.
    /// - Returns: The measured rates.
    public static func run(iterations: Int = 40_000) -> Result {
        let bytes = Array(sampleStatement.utf8)
        let parsed = (try? JSONValue.parse(bytes)) ?? .null
        let validator = StatementValidator(version: .v2_0_0)
        var sink = 0

        let parseRate = rate(iterations) {
            if case .object(let object) = (try? JSONValue.parse(bytes)) ?? .null { sink &+= object.count }
        }
        let serializeRate = rate(iterations) { sink &+= parsed.serialized().count }
        let validateRate = rate(iterations) { sink &+= validator.violations(in: parsed).count }
        precondition(sink != Int.min)
        return Result(
            parsePerSecond: parseRate, serializePerSecond: serializeRate, validatePerSecond: validateRate,
            statementBytes: bytes.count)
    }

    private static func rate(_ iterations: Int, _ body: () -> Void) -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        for _ in 0..<iterations { body() }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return seconds > 0 ? Double(iterations) / seconds : .infinity
    }
}
