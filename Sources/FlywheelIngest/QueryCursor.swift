import FlywheelXAPI
import Foundation

/// Where a paged query stands, handed to the caller as an opaque string and back.
///
/// The first page fixes the window of sequences the query covers (`low` exclusive, `high` inclusive: the
/// last sequence at the first call, narrowed by `since` and `until`); each later page continues after
/// `position`, the last sequence returned. Statements stored after the first page lie outside the window,
/// so walking the cursors returns every matching statement present at the first call exactly once.
struct QueryCursor: Sendable, Equatable {
    var filter: StatementFilter
    var ascending: Bool
    var limit: Int
    var low: UInt64
    var high: UInt64
    /// The last sequence returned so far.
    var position: UInt64

    /// The cursor as URL-safe text.
    var encoded: String {
        var fields: JSONValue = [
            "v": 1, "asc": .bool(ascending), "limit": .number(JSONNumber(Int64(limit))),
            "low": .number(JSONNumber(Int64(low))), "high": .number(JSONNumber(Int64(high))),
            "pos": .number(JSONNumber(Int64(position))), "ra": .bool(filter.relatedAgents),
            "rx": .bool(filter.relatedActivities),
        ]
        if case .object(var object) = fields {
            object["agent"] = filter.agentKey.map(JSONValue.string)
            object["verb"] = filter.verbID.map(JSONValue.string)
            object["activity"] = filter.activityID.map(JSONValue.string)
            object["registration"] = filter.registration.map(JSONValue.string)
            fields = .object(object)
        }
        return Data(fields.serialized()).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    init(
        filter: StatementFilter, ascending: Bool, limit: Int, low: UInt64, high: UInt64, position: UInt64
    ) {
        self.filter = filter
        self.ascending = ascending
        self.limit = limit
        self.low = low
        self.high = high
        self.position = position
    }

    /// Reads a cursor this store issued.
    /// - Throws: `IngestError` with code `invalidCursor` for any other text.
    init(decoding text: String) throws(IngestError) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let fields = try? JSONValue.parse(Array(data)),
            fields["v"] == 1, let ascending = fields["asc"]?.boolValue,
            let limit = fields["limit"]?.numberValue?.integer, let low = fields["low"]?.numberValue?.integer,
            let high = fields["high"]?.numberValue?.integer, let position = fields["pos"]?.numberValue?.integer,
            let relatedAgents = fields["ra"]?.boolValue, let relatedActivities = fields["rx"]?.boolValue,
            limit > 0, low >= 0, high >= 0, position >= 0
        else {
            throw IngestError(.invalidCursor, "the cursor '\(text.prefix(40))' is not one this store issued")
        }
        self.filter = StatementFilter(
            agentKey: fields["agent"]?.stringValue, relatedAgents: relatedAgents, verbID: fields["verb"]?.stringValue,
            activityID: fields["activity"]?.stringValue, relatedActivities: relatedActivities,
            registration: fields["registration"]?.stringValue)
        self.ascending = ascending
        self.limit = Int(limit)
        self.low = UInt64(low)
        self.high = UInt64(high)
        self.position = UInt64(position)
    }

    /// The sequences the next page may come from: after `low`, up to and including `high`.
    var remainingWindow: (low: UInt64, high: UInt64) {
        if ascending {
            return (max(low, position), high)
        }
        let before = position == 0 ? high : min(high, position - 1)
        return (low, before)
    }
}
