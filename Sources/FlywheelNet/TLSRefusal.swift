/// A connection a listener refused during its TLS handshake, so the service can log one line about it.
public struct TLSRefusal: Sendable, CustomStringConvertible {
    /// The remote address of the refused socket.
    public let peerAddress: SocketAddress
    /// Why, in OpenSSL's words where it gave any, e.g.
    /// "client certificate verify failed: certificate has expired".
    public let reason: String
    /// The error behind the refusal, with its code (`.handshakeFailed` or `.timedOut`, say).
    public let error: NetError

    public var description: String { "\(peerAddress): \(reason)" }
}
