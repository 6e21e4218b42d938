/// Turns a byte stream, split at arbitrary points, back into frames.
///
/// The decoder enforces the connection's size limits as soon as a header is complete, before any payload
/// is buffered: a message larger than `maxMessageBytes` (but within `maxFrameBytes`) is skipped and reported
/// so the call can fail with RESOURCE_EXHAUSTED; anything beyond `maxFrameBytes`, an unknown frame type, or a
/// call frame without a stream id is a protocol violation that ends the connection.
package struct FrameDecoder {
    /// What the decoder found in the bytes it was given.
    package enum Event: Equatable {
        case frame(Frame)
        /// A message frame over the message limit was read past without buffering it.
        case oversizedMessage(streamID: UInt32, length: Int)
    }

    package let maxMessageBytes: Int
    package let maxFrameBytes: Int
    /// Control frames (everything but messages) are small; a large one is a protocol violation.
    package let maxControlBytes = 64 * 1024

    private var header: [UInt8] = []
    private var pending: (type: FrameType, flags: UInt8, streamID: UInt32, length: Int)?
    private var payload: [UInt8] = []
    private var skipping: (streamID: UInt32, remaining: Int, length: Int)?

    package init(maxMessageBytes: Int, maxFrameBytes: Int? = nil) {
        self.maxMessageBytes = maxMessageBytes
        self.maxFrameBytes = maxFrameBytes ?? max(maxMessageBytes * 4, 64 * 1024)
        header.reserveCapacity(Frame.headerSize)
    }

    /// True when no partial frame is buffered: the peer stopped at a frame boundary.
    package var isAtFrameBoundary: Bool { header.isEmpty && pending == nil && skipping == nil }

    /// Consumes bytes and calls `emit` for each complete frame or skipped message.
    ///
    /// - Throws: `FrameError` on a protocol violation; the connection must then be closed.
    package mutating func decode(_ bytes: UnsafeRawBufferPointer, emit: (Event) throws -> Void) throws {
        var position = 0
        let count = bytes.count
        while position < count {
            if var skip = skipping {
                let taken = min(skip.remaining, count - position)
                position += taken
                skip.remaining -= taken
                if skip.remaining == 0 {
                    skipping = nil
                    try emit(.oversizedMessage(streamID: skip.streamID, length: skip.length))
                } else {
                    skipping = skip
                }
                continue
            }
            if let frame = pending {
                let taken = min(frame.length - payload.count, count - position)
                payload.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[position..<position + taken]))
                position += taken
                if payload.count == frame.length {
                    pending = nil
                    let complete = Frame(type: frame.type, flags: frame.flags, streamID: frame.streamID, payload: payload)
                    payload = []
                    try emit(.frame(complete))
                }
                continue
            }
            // A whole header in the buffer and nothing partial: read it in place.
            if header.isEmpty && count - position >= Frame.headerSize {
                try begin(UnsafeRawBufferPointer(rebasing: bytes[position..<position + Frame.headerSize]), emit: emit)
                position += Frame.headerSize
                continue
            }
            let taken = min(Frame.headerSize - header.count, count - position)
            header.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[position..<position + taken]))
            position += taken
            if header.count == Frame.headerSize {
                let complete = header
                header.removeAll(keepingCapacity: true)
                try complete.withUnsafeBytes { try begin($0, emit: emit) }
            }
        }
    }

    private mutating func begin(_ header: UnsafeRawBufferPointer, emit: (Event) throws -> Void) throws {
        let length = Int(header[0]) << 24 | Int(header[1]) << 16 | Int(header[2]) << 8 | Int(header[3])
        let streamID = UInt32(header[6]) << 24 | UInt32(header[7]) << 16 | UInt32(header[8]) << 8 | UInt32(header[9])
        guard let type = FrameType(rawValue: header[4]) else {
            throw FrameError("unknown frame type \(header[4])")
        }
        if type.isStreamFrame && streamID == 0 {
            throw FrameError("\(type) frame without a stream id")
        }
        if !type.isStreamFrame && streamID != 0 {
            throw FrameError("\(type) frame on stream \(streamID); it belongs to the connection")
        }
        if length > maxFrameBytes {
            throw FrameError("frame of \(length) bytes exceeds the \(maxFrameBytes)-byte frame limit")
        }
        if type != .message && length > maxControlBytes {
            throw FrameError("\(type) frame of \(length) bytes exceeds the \(maxControlBytes)-byte control frame limit")
        }
        if type == .message && length > maxMessageBytes {
            skipping = (streamID, length, length)
            if length == 0 { skipping = nil }
            return
        }
        if length == 0 {
            try emit(.frame(Frame(type: type, flags: header[5], streamID: streamID)))
            return
        }
        pending = (type, header[5], streamID, length)
        payload.reserveCapacity(length)
    }
}

/// A violation of the framing protocol; the connection that carried it is closed.
package struct FrameError: Error, Sendable, Equatable, CustomStringConvertible {
    package var reason: String

    package init(_ reason: String) {
        self.reason = reason
    }

    package var description: String { reason }
}
