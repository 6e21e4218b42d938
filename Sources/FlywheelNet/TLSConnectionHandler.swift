/// Receives what happens on a started `TLSConnection`.
///
/// - Note: every method is called on the connection's event loop thread, one call at a time. Do not
///   block in them; hand slow work elsewhere.
public protocol TLSConnectionHandler: AnyObject, Sendable {
    /// Decrypted bytes arrived: as many as one read produced, split anywhere relative to the sender's
    /// writes.
    /// - Parameters:
    ///   - bytes: valid only during this call; copy what must outlive it.
    ///   - connection: the connection they arrived on.
    func received(_ bytes: UnsafeRawBufferPointer, on connection: TLSConnection)

    /// The write buffer fell below the low-water mark after having reached it; more may be written.
    /// - Parameter connection: the connection whose buffer drained.
    func writable(_ connection: TLSConnection)

    /// The connection closed; called exactly once, after which no other method is called.
    /// - Parameters:
    ///   - connection: the connection that closed.
    ///   - error: nil for an orderly close (either side's close_notify, or a local `close()` or `abort()`),
    ///     otherwise what broke it.
    func closed(_ connection: TLSConnection, error: NetError?)
}

extension TLSConnectionHandler {
    /// Handlers that do not apply backpressure need not implement this.
    public func writable(_ connection: TLSConnection) {}
}
