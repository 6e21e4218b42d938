@testable import FlywheelRPC
import Testing

@Suite("Frame decoder")
struct FrameDecoderTests {
    private func encode(_ frames: [Frame]) -> [UInt8] {
        var bytes: [UInt8] = []
        for frame in frames { frame.encode(into: &bytes) }
        return bytes
    }

    private func decode(_ chunks: [[UInt8]], maxMessageBytes: Int = 1024) throws -> [FrameDecoder.Event] {
        var decoder = FrameDecoder(maxMessageBytes: maxMessageBytes)
        var events: [FrameDecoder.Event] = []
        for chunk in chunks {
            try chunk.withUnsafeBytes { try decoder.decode($0) { events.append($0) } }
        }
        return events
    }

    private let sample = [
        Frame(type: .headers, streamID: 1, payload: Array("header".utf8)),
        Frame(type: .message, streamID: 1, payload: Array(repeating: 7, count: 300)),
        Frame(type: .end, streamID: 1),
        Frame(type: .message, streamID: 3, payload: [1, 2, 3]),
        Frame(type: .ping, streamID: 0, payload: [0, 1, 2, 3, 4, 5, 6, 7]),
    ]

    @Test("decodes many frames delivered in one read")
    func manyFramesInOneRead() throws {
        let events = try decode([encode(sample)])
        #expect(events == sample.map { .frame($0) })
    }

    @Test("decodes frames split at every possible byte boundary")
    func framesSplitAcrossReads() throws {
        let bytes = encode(sample)
        for split in 1..<bytes.count {
            let events = try decode([Array(bytes[..<split]), Array(bytes[split...])])
            #expect(events == sample.map { .frame($0) }, "split at \(split)")
        }
        let oneByteAtATime = try decode(bytes.map { [$0] })
        #expect(oneByteAtATime == sample.map { .frame($0) })
    }

    @Test("skips a message over the limit and reports it, then decodes what follows")
    func oversizedMessageIsSkipped() throws {
        let big = Frame(type: .message, streamID: 5, payload: Array(repeating: 1, count: 2000))
        let next = Frame(type: .message, streamID: 7, payload: [9])
        let bytes = encode([big, next])
        let events = try decode([Array(bytes[..<100]), Array(bytes[100...])], maxMessageBytes: 1024)
        #expect(events == [.oversizedMessage(streamID: 5, length: 2000), .frame(next)])
    }

    @Test("rejects a frame longer than the frame limit without buffering it")
    func oversizedFrameIsAViolation() {
        var header: [UInt8] = []
        Frame.encodeHeader(type: .message, streamID: 1, length: 64 * 1024 * 1024, into: &header)
        #expect(throws: FrameError.self) { try decode([header]) }
    }

    @Test("rejects an unknown frame type (garbage bytes)")
    func garbageIsAViolation() {
        let garbage = Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8)
        #expect(throws: FrameError.self) { try decode([garbage]) }
    }

    @Test("rejects call frames without a stream id and connection frames with one")
    func streamIDRules() {
        #expect(throws: FrameError.self) { try decode([encode([Frame(type: .message, streamID: 0, payload: [1])])]) }
        #expect(throws: FrameError.self) { try decode([encode([Frame(type: .ping, streamID: 3, payload: [])])]) }
    }

    @Test("rejects a large control frame")
    func largeControlFrame() {
        let frame = Frame(type: .headers, streamID: 1, payload: Array(repeating: 0, count: 70 * 1024))
        #expect(throws: FrameError.self) { try decode([encode([frame])], maxMessageBytes: 1024 * 1024) }
    }

    @Test("knows when input stopped in the middle of a frame (truncation)")
    func truncatedFrame() throws {
        let bytes = encode([sample[1]])
        var decoder = FrameDecoder(maxMessageBytes: 1024)
        var events: [FrameDecoder.Event] = []
        try Array(bytes.dropLast(5)).withUnsafeBytes { try decoder.decode($0) { events.append($0) } }
        #expect(events.isEmpty)
        #expect(!decoder.isAtFrameBoundary)
        try Array(bytes.suffix(5)).withUnsafeBytes { try decoder.decode($0) { events.append($0) } }
        #expect(decoder.isAtFrameBoundary)
        #expect(events.count == 1)
    }
}
