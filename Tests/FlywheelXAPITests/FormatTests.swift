import FlywheelXAPI
import Testing

@Suite("String formats")
struct FormatTests {
    @Test(
        "accepts well-formed RFC 5646 tags",
        arguments: [
            "en", "de", "cmn", "en-US", "de-DE", "zh-Hant", "zh-Hant-TW", "sr-Latn-RS", "es-419", "sl-rozaj-biske",
            "de-CH-1901", "en-US-u-islamcal", "zh-yue-HK", "x-whatever", "en-a-bbb-x-a-ccc", "i-klingon", "en-GB-oed",
            "zh-min-nan", "EN-us", "qaa-Qaaa-QM-x-southern", "hy-Latn-IT-arevela",
        ])
    func goodTags(_ tag: String) {
        #expect(LanguageTag.isWellFormed(tag))
    }

    @Test(
        "refuses malformed tags",
        arguments: [
            "", "a12345", "a12345678", "e", "en-", "-en", "en--US", "en_US", "english please", "en-US-x", "en-a",
            "de-419-DE", "123", "x", "en-abcdefghi", "ab-c", "en-u-",
        ])
    func badTags(_ tag: String) {
        #expect(!LanguageTag.isWellFormed(tag))
    }

    @Test(
        "IRIs need a scheme and allowed characters",
        arguments: [
            ("http://example.com/a", true), ("urn:isbn:0451450523", true), ("mailto:a@b.com", true),
            ("tag:example.com,2024:x", true), ("http://例え.jp/活動", true), ("a+b-c.d:x", true),
            ("example.com/a", false), ("://x", false), ("1http://x", false), ("ab=c://should.fail.com", false),
            ("http://a b", false), ("http://a<b>", false), ("http:", false), ("", false), ("http://x\u{7}", false),
        ])
    func iris(_ pair: (String, Bool)) {
        #expect(XAPIFormat.isIRI(pair.0) == pair.1)
    }

    @Test(
        "mailto IRIs hold exactly one address",
        arguments: [
            ("mailto:ann@example.com", true), ("MAILTO:ann@example.com", true), ("mailto:a.b+c@sub.example.org", true),
            ("mailto:should.fail.com", false), ("http://should.fail.com", false), ("mailto:", false),
            ("mailto:@example.com", false), ("mailto:ann@", false), ("mailto:a@b.com,c@d.com", false),
            ("mailto:a@b.com?subject=x", false), ("ann@example.com", false), ("mailto:a@b@c.com", false),
            ("mailto:ann @example.com", false),
        ])
    func mailtos(_ pair: (String, Bool)) {
        #expect(XAPIFormat.isMailtoIRI(pair.0) == pair.1)
    }

    @Test(
        "UUIDs need the standard form and the RFC 4122 variant",
        arguments: [
            ("fd41c918-b88b-4b20-a0a5-a4c32391aaa0", true), ("FD41C918-B88B-4B20-A0A5-A4C32391AAA0", true),
            ("fd41c918-b88b-7b20-8a0a-a4c32391aaa0", true), ("fd41c918-b88b-4b20-90a5-a4c32391aaa0", true),
            ("fd41c918-b88b-4b20-c0a5-a4c32391aaa0", false), ("00000000-0000-0000-0000-000000000000", false),
            ("fd41c918b88b4b20a0a5a4c32391aaa0", false), ("{fd41c918-b88b-4b20-a0a5-a4c32391aaa0}", false),
            ("fd41c918-b88b-4b20-a0a5-a4c32391aaag", false), ("fd41c918-b88b-4b20-a0a5-a4c32391aaa", false),
        ])
    func uuids(_ pair: (String, Bool)) {
        #expect(XAPIFormat.isUUID(pair.0) == pair.1)
    }

    @Test(
        "media types need a type, a subtype and well-formed parameters",
        arguments: [
            ("text/plain", true), ("text/plain; charset=ascii", true), ("application/vnd.api+json", true),
            ("image/jpeg;q=1;x=y", true), ("text", false), ("text/", false), ("/plain", false), ("text/pl ain", false),
            ("text/plain; charset", false), ("", false),
        ])
    func mediaTypes(_ pair: (String, Bool)) {
        #expect(XAPIFormat.isMediaType(pair.0) == pair.1)
    }

    @Test("timestamps resolve to the same instant across zones and formats")
    func timestampInstants() throws {
        let utc = try #require(XAPITimestamp.parse("2023-05-04T17:00:00.000Z"))
        let est = try #require(XAPITimestamp.parse("2023-05-04T12:00:00-05:00"))
        let basic = try #require(XAPITimestamp.parse("20230504T193000+0230"))
        #expect(utc.epochSeconds == 1_683_219_600)
        #expect(est.epochSeconds == utc.epochSeconds)
        #expect(basic.epochSeconds == utc.epochSeconds)
        #expect(est.utcString == "2023-05-04T17:00:00.000Z")
    }

    @Test("timestamps keep fractions to the nanosecond and print milliseconds")
    func timestampFractions() throws {
        let value = try #require(XAPITimestamp.parse("1969-12-31T23:59:59.123456789Z"))
        #expect(value.epochSeconds == -1)
        #expect(value.nanoseconds == 123_456_789)
        #expect(value.utcString == "1969-12-31T23:59:59.123Z")
        #expect(XAPITimestamp.parse("2024-02-29T00:00:00Z")?.utcString == "2024-02-29T00:00:00.000Z")
        #expect(XAPITimestamp.parse("2023-02-29T00:00:00Z") == nil)
    }

    @Test("a missing time zone is allowed only when not required")
    func timestampZones() {
        #expect(XAPITimestamp.parse("2024-01-01T00:00:00")?.hasTimeZone == false)
        #expect(XAPITimestamp.parse("2024-01-01T00:00:00", requireTimeZone: true) == nil)
        #expect(XAPITimestamp.parse("2024-01-01T00:00:00-00:00") == nil)
        #expect(XAPITimestamp.parse("2024-01-01T00:00:00+00:00")?.hasTimeZone == true)
    }

    @Test("durations compare at hundredths of a second")
    func durationTruncation() {
        #expect(XAPIDuration.truncatedToHundredths("P1DT12H36M0.12567S") == "P1DT12H36M0.12S")
        #expect(XAPIDuration.truncatedToHundredths("PT0.1S") == "PT0.1S")
        #expect(XAPIDuration.truncatedToHundredths("PT5S") == "PT5S")
        #expect(XAPIDuration.truncatedToHundredths("P1Y") == "P1Y")
    }
}

@Suite("X-Experience-API-Version header")
struct XAPIVersionTests {
    @Test(
        "accepts 1.0.x and 2.0.x and reports the implemented patch",
        arguments: [
            ("1.0", "1.0.3", false), ("1.0.0", "1.0.3", false), ("1.0.1", "1.0.3", false), ("1.0.2", "1.0.3", false),
            ("1.0.3", "1.0.3", false), ("1.0.9", "1.0.3", false), ("2.0.0", "2.0.0", true), ("2.0", "2.0.0", true),
            (" 2.0.0 ", "2.0.0", true),
        ])
    func supported(_ row: (String, String, Bool)) throws {
        let version = try XAPIVersion(header: row.0)
        #expect(version.reportedHeader == row.1)
        #expect(version.isVersion2 == row.2)
    }

    @Test(
        "refuses other versions with a clear error",
        arguments: [
            ("0.9", XAPIVersionError.Code.unsupported), ("0.95", .unsupported), ("1.1.0", .unsupported),
            ("2.1.0", .unsupported), ("3.0.0", .unsupported), ("1", .malformed), ("1.0.0.0", .malformed),
            ("1.0.x", .malformed), ("latest", .malformed), ("", .malformed), ("1..0", .malformed),
        ])
    func unsupported(_ row: (String, XAPIVersionError.Code)) {
        let error = #expect(throws: XAPIVersionError.self) { try XAPIVersion(header: row.0) }
        #expect(error?.code == row.1)
        #expect(error?.message.contains("\"\(row.0)\"") == true)
    }

    @Test("a missing header is its own error")
    func missing() {
        let error = #expect(throws: XAPIVersionError.self) { try XAPIVersion(header: nil) }
        #expect(error?.code == .missing)
    }

    @Test("statements without version get 1.0.0 or 2.0.0")
    func defaults() {
        #expect(XAPIVersion.v1_0_3.defaultStatementVersion == "1.0.0")
        #expect(XAPIVersion.v2_0_0.defaultStatementVersion == "2.0.0")
        #expect(XAPIVersion.v1_0_3 < XAPIVersion.v2_0_0)
    }
}
