/// One unit on an RPC connection: a fixed 10-byte header, then `length` bytes of payload.
///
/// ```
/// offset 0  length    UInt32, big-endian: payload bytes after the header
/// offset 4  type      UInt8:  FrameType
/// offset 5  flags     UInt8:  per type (bit 0 of PING is "ack")
/// offset 6  stream id UInt32, big-endian: 0 for connection frames, else the call
/// ```
package struct Frame: Sendable, Equatable {
    package static let headerSize = 10

    package var type: FrameType
    package var flags: UInt8
    package var streamID: UInt32
    package var payload: [UInt8]

    package init(type: FrameType, flags: UInt8 = 0, streamID: UInt32, payload: [UInt8] = []) {
        self.type = type
        self.flags = flags
        self.streamID = streamID
        self.payload = payload
    }

    /// Appends the frame's wire form to `buffer`.
    package func encode(into buffer: inout [UInt8]) {
        Self.encodeHeader(type: type, flags: flags, streamID: streamID, length: payload.count, into: &buffer)
        buffer.append(contentsOf: payload)
    }

    /// Appends a frame header; the caller appends `length` payload bytes after it.
    package static func encodeHeader(type: FrameType, flags: UInt8 = 0, streamID: UInt32, length: Int, into buffer: inout [UInt8]) {
        let length = UInt32(length)
        buffer.append(UInt8(truncatingIfNeeded: length >> 24))
        buffer.append(UInt8(truncatingIfNeeded: length >> 16))
        buffer.append(UInt8(truncatingIfNeeded: length >> 8))
        buffer.append(UInt8(truncatingIfNeeded: length))
        buffer.append(type.rawValue)
        buffer.append(flags)
        buffer.append(UInt8(truncatingIfNeeded: streamID >> 24))
        buffer.append(UInt8(truncatingIfNeeded: streamID >> 16))
        buffer.append(UInt8(truncatingIfNeeded: streamID >> 8))
        buffer.append(UInt8(truncatingIfNeeded: streamID))
    }
}

/// What a frame carries.
package enum FrameType: UInt8, Sendable {
    /// Opens a call: payload is a `flywheel.rpc.v1.CallHeader`.
    case headers = 1
    /// One request or response message: payload is the protobuf encoding.
    case message = 2
    /// The client has sent its last message (half-close). Empty payload.
    case end = 3
    /// Ends a call: payload is a `flywheel.rpc.v1.CallStatus`.
    case status = 4
    /// Either side abandons the call. Empty payload.
    case cancel = 5
    /// Grants the peer more send window on a stream: payload is a big-endian UInt32 byte count.
    case windowUpdate = 6
    /// Liveness check: 8 opaque bytes, echoed with the ack flag.
    case ping = 7
    /// The sender accepts no new calls: payload is a `flywheel.rpc.v1.GoAway`.
    case goAway = 8

    /// True for frame types that belong to a call (non-zero stream id).
    var isStreamFrame: Bool {
        switch self {
        case .headers, .message, .end, .status, .cancel, .windowUpdate: true
        case .ping, .goAway: false
        }
    }
}
