import Testing

@testable import FlywheelHTTP

@Suite("Header lists")
struct HTTPHeadersTests {
    @Test("looks names up without regard to case and keeps repeats in order")
    func lookup() {
        var headers: HTTPHeaders = ["Content-Type": "application/json", "X-Experience-API-Version": "1.0.3"]
        headers.add(name: "set-cookie", value: "a=1")
        headers.add(name: "Set-Cookie", value: "b=2")
        #expect(headers["content-type"] == "application/json")
        #expect(headers["X-EXPERIENCE-API-VERSION"] == "1.0.3")
        #expect(headers.values(for: "SET-COOKIE") == ["a=1", "b=2"])
        #expect(headers["Missing"] == nil)
        #expect(headers.count == 4)
        #expect(!headers.contains("Content-Typ"))
    }

    @Test("set replaces every field of the name and remove deletes them")
    func setAndRemove() {
        var headers = HTTPHeaders([("Vary", "a"), ("vary", "b"), ("ETag", "\"1\"")])
        headers.set(name: "VARY", value: "c")
        #expect(headers.values(for: "vary") == ["c"])
        headers.remove(name: "etag")
        #expect(headers.map(\.name) == ["VARY"])
    }

    @Test("detects a form body from its content type with parameters")
    func formDetection() {
        let form = HTTPRequest(
            method: .post, path: "/", headers: ["content-type": "Application/X-WWW-Form-URLEncoded; charset=utf-8"])
        let json = HTTPRequest(method: .post, path: "/", headers: ["Content-Type": "application/json"])
        #expect(form.hasFormBody)
        #expect(!json.hasFormBody)
    }
}
