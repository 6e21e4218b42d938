import FlywheelXAPI
import Testing

@Suite("JSON parsing and serialization")
struct JSONValueTests {
    @Test("parses every JSON type and keeps object members in received order")
    func parsesTypes() throws {
        let value = try JSONValue.parse(#" {"z": null, "a": [true, false, -1.5e2, 0, "x"], "m": {}} "#)
        #expect(value.objectValue?.keys == ["z", "a", "m"])
        #expect(value["z"] == .null)
        #expect(value["a"] == [true, false, -150.0, 0, "x"])
        #expect(value["m"] == .object(JSONObject()))
    }

    @Test(
        "serializes compactly in stored order",
        arguments: [
            #"{"b":1,"a":[true,null,"x"],"c":{"d":-2.5}}"#,
            #"[]"#, #"{}"#, #""\"\\\n\t\u0001é😀""#, #"[0,-0.5,1e-05,123456789012345678]"#,
        ])
    func roundTrips(_ text: String) throws {
        let value = try JSONValue.parse(text)
        #expect(value.jsonString == text)
        #expect(try JSONValue.parse(value.serialized()) == value)
    }

    @Test("keeps integers as integers and fractions as fractions")
    func numbers() throws {
        let value = try JSONValue.parse("[1, 1.0, 12345678901234567890, -9223372036854775808, 2.5E3]")
        let numbers = try #require(value.arrayValue).compactMap(\.numberValue)
        #expect(numbers[0].integer == 1)
        #expect(numbers[1].integer == nil)
        #expect(numbers[1] == numbers[0])
        #expect(numbers[2].integer == nil)
        #expect(numbers[2].double == 12345678901234567890.0)
        #expect(numbers[3].integer == Int64.min)
        #expect(numbers[4].double == 2500)
        #expect(value.jsonString == "[1,1.0,1.2345678901234567e+19,-9223372036854775808,2500.0]")
    }

    @Test("decodes escapes, surrogate pairs and UTF-8")
    func strings() throws {
        let value = try JSONValue.parse(#"["a\u00e9\ud83d\ude00\/", "ñandú"]"#)
        #expect(value == ["aé😀/", "ñandú"])
    }

    @Test("object equality ignores member order; hashing agrees")
    func equality() throws {
        let left = try JSONValue.parse(#"{"a":1,"b":[1,2]}"#)
        let right = try JSONValue.parse(#"{"b":[1,2],"a":1.0}"#)
        #expect(left == right)
        #expect(left.hashValue == right.hashValue)
        #expect(left != (try JSONValue.parse(#"{"a":1,"b":[2,1]}"#)))
    }

    struct BadInput: Sendable, CustomStringConvertible {
        let text: String
        let offset: Int
        let code: JSONParseError.Code
        var description: String { text }
    }

    @Test(
        "reports the byte offset and kind of each syntax error",
        arguments: [
            BadInput(text: #"{"a":1,"a":2}"#, offset: 7, code: .duplicateKey),
            BadInput(text: #"{"a":1,}"#, offset: 7, code: .unexpectedByte),
            BadInput(text: "[1,2", offset: 4, code: .unexpectedEnd),
            BadInput(text: "[01]", offset: 1, code: .invalidNumber),
            BadInput(text: "[1.]", offset: 3, code: .invalidNumber),
            BadInput(text: "[-]", offset: 2, code: .invalidNumber),
            BadInput(text: "[1e]", offset: 3, code: .invalidNumber),
            BadInput(text: #"["a\x"]"#, offset: 3, code: .invalidString),
            BadInput(text: "[\"a\u{01}\"]", offset: 3, code: .invalidString),
            BadInput(text: #"["\ud800"]"#, offset: 2, code: .invalidString),
            BadInput(text: #"{"a" 1}"#, offset: 5, code: .unexpectedByte),
            BadInput(text: "tru", offset: 3, code: .unexpectedEnd),
            BadInput(text: "nul1", offset: 3, code: .unexpectedByte),
            BadInput(text: "{} {}", offset: 3, code: .trailingData),
            BadInput(text: "", offset: 0, code: .unexpectedEnd),
            BadInput(text: "{'a':1}", offset: 1, code: .unexpectedByte),
            BadInput(text: "[NaN]", offset: 1, code: .unexpectedByte),
            BadInput(text: #"{"a":1 "b":2}"#, offset: 7, code: .unexpectedByte),
        ])
    func syntaxErrors(_ input: BadInput) {
        let error = #expect(throws: JSONParseError.self) { try JSONValue.parse(input.text) }
        #expect(error?.offset == input.offset, "\(error?.description ?? "")")
        #expect(error?.code == input.code, "\(error?.description ?? "")")
    }

    @Test("rejects invalid UTF-8 inside a string")
    func invalidUTF8() {
        let bytes: [UInt8] = [0x22, 0x61, 0xC3, 0x28, 0x22]
        let error = #expect(throws: JSONParseError.self) { try JSONValue.parse(bytes) }
        #expect(error?.code == .invalidString)
    }

    @Test("detects duplicate keys in large objects too")
    func duplicateInLargeObject() {
        let members = (0..<40).map { "\"k\($0)\":\($0)" }.joined(separator: ",")
        let error = #expect(throws: JSONParseError.self) { try JSONValue.parse("{\(members),\"k3\":0}") }
        #expect(error?.code == .duplicateKey)
        #expect(error?.message.contains("\"k3\"") == true)
    }

    @Test("refuses nesting deeper than the limit instead of overflowing the stack")
    func depthLimit() {
        let deep =
            String(repeating: "[", count: JSONValue.maximumDepth + 1)
            + String(repeating: "]", count: JSONValue.maximumDepth + 1)
        let error = #expect(throws: JSONParseError.self) { try JSONValue.parse(deep) }
        #expect(error?.code == .tooDeep)
        let fine = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect((try? JSONValue.parse(fine)) != nil)
    }

    @Test("parses from any byte collection, contiguous or not")
    func nonContiguous() throws {
        let bytes = Array(#"{"a":[1,2]}"#.utf8)
        let slice = bytes.reversed().reversed()
        #expect(try JSONValue.parse(slice) == ["a": [1, 2]])
    }

    @Test("writes non-finite numbers as null")
    func nonFinite() {
        #expect(JSONValue.array([.number(JSONNumber(Double.infinity))]).jsonString == "[null]")
    }

    @Test("object subscripts replace in place, append, and remove")
    func objectEditing() {
        var object = JSONObject()
        object["a"] = 1
        object["b"] = 2
        object["a"] = 3
        #expect(object.keys == ["a", "b"])
        #expect(object["a"] == 3)
        object["a"] = nil
        #expect(object.keys == ["b"])
    }

    @Test("the benchmark measures positive rates for the sample statement")
    func benchmarkRuns() {
        let result = XAPIBenchmark.run(iterations: 50)
        #expect(result.parsePerSecond > 0)
        #expect(result.serializePerSecond > 0)
        #expect(result.validatePerSecond > 0)
        #expect((300...360).contains(result.statementBytes))
        #expect(StatementValidator(version: .v2_0_0).violations(in: json(XAPIBenchmark.sampleStatement)).isEmpty)
    }
}
