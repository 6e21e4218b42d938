import Foundation
import Testing

@testable import FlywheelHTTP

@Suite("Form and query decoding")
struct URLEncodedFormTests {
    @Test("decodes plus signs, escapes and multi-byte UTF-8")
    func decoding() {
        let items = URLEncodedForm.parse("name=J%C3%BCrgen+M&mbox=mailto%3Aa%40b.c&x=%E2%9C%93")
        #expect(
            items == [
                HTTPQueryItem(name: "name", value: "Jürgen M"), HTTPQueryItem(name: "mbox", value: "mailto:a@b.c"),
                HTTPQueryItem(name: "x", value: "✓"),
            ])
    }

    @Test("keeps repeated names, names without values and malformed escapes; skips empty segments")
    func edgeCases() {
        let items = URLEncodedForm.parse("a=1&&a=2&flag&bad=%zz%4&eq=x=y&=v")
        #expect(
            items == [
                HTTPQueryItem(name: "a", value: "1"), HTTPQueryItem(name: "a", value: "2"),
                HTTPQueryItem(name: "flag", value: ""), HTTPQueryItem(name: "bad", value: "%zz%4"),
                HTTPQueryItem(name: "eq", value: "x=y"), HTTPQueryItem(name: "", value: "v"),
            ])
        #expect(URLEncodedForm.parse("").isEmpty)
    }

    @Test("parses a body given as bytes the same as text")
    func bytesMatchText() {
        let text = "content=%7B%22id%22%3A1%7D&method=PUT"
        #expect(URLEncodedForm.parse(Data(text.utf8)) == URLEncodedForm.parse(text))
        #expect(URLEncodedForm.parse(Data(text.utf8)).first?.value == "{\"id\":1}")
    }

    @Test("encodes so that parsing gives back the same items")
    func encodeRoundTrip() {
        let items = [
            HTTPQueryItem(name: "agent", value: "{\"mbox\":\"mailto:a@b.c\"}"),
            HTTPQueryItem(name: "a b", value: "x+y&z=✓"),
        ]
        let encoded = URLEncodedForm.encode(items)
        #expect(!encoded.contains(" "))
        #expect(URLEncodedForm.parse(encoded) == items)
        #expect(URLEncodedForm.decodeComponent("a+b%2B") == "a b+")
    }

    @Test("decodes a request path without turning plus into space")
    func pathDecoding() {
        let assembly = RequestAssembly(rawTarget: "/a+b/c%2Fd%20e?q=1+2")
        #expect(assembly.pathAndQuery.path == "/a+b/c/d e")
        #expect(assembly.pathAndQuery.rawQuery == "q=1+2")
        #expect(RequestAssembly(rawTarget: "http://host:8080/x?y").pathAndQuery.path == "/x")
        #expect(RequestAssembly(rawTarget: "*").pathAndQuery.path == "*")
    }
}
