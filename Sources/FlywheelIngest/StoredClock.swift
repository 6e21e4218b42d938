import FlywheelXAPI
import Foundation
import Synchronization

/// Hands out `stored` times: microseconds since 1970, strictly increasing across every statement the
/// store has ever assigned, so `stored` order and sequence order never disagree.
///
/// Only the writer thread asks for times, one statement after another; a time handed to a transaction
/// that rolls back is simply never used again.
final class StoredClock: Sendable {
    private let last: Mutex<Int64>

    /// Starts after `lastAssigned`, the latest `stored` time already in the store.
    init(after lastAssigned: Int64) {
        last = Mutex(lastAssigned)
    }

    /// The wall clock now, in microseconds since 1970.
    static func nowMicros() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1_000_000).rounded(.down))
    }

    /// The next `stored` time: now, or one microsecond after the previous one when the clock has not moved.
    func next() -> Int64 {
        let now = Self.nowMicros()
        return last.withLock { last in
            last = max(now, last + 1)
            return last
        }
    }

    /// A `stored` time as xAPI text in UTC with microseconds, e.g. `2026-12-04T08:00:00.123456Z`.
    ///
    /// Six fraction digits keep the text exactly equal to `stored_micros`, so a client that sends a
    /// statement's `stored` back as `since` excludes that statement, as `since` is exclusive.
    static func text(micros: Int64) -> String {
        let seconds = micros >= 0 ? micros / 1_000_000 : (micros - 999_999) / 1_000_000
        let fraction = micros - seconds * 1_000_000
        let whole = XAPITimestamp(date: Date(timeIntervalSince1970: TimeInterval(seconds))).utcString
        // `utcString` ends in `.mmmZ`; the milliseconds are replaced by all six digits.
        let digits = String(fraction)
        return whole.dropLast(5) + "." + String(repeating: "0", count: 6 - digits.count) + digits + "Z"
    }
}
