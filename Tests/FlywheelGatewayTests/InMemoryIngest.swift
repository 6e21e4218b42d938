import FlywheelContracts
import FlywheelRPC
import FlywheelXAPI
import Foundation
import Synchronization

/// An in-memory stand-in for the ingest service with the contract's semantics: all-or-nothing batches,
/// idempotent ids, voiding, every query filter and a cursor whose first page fixes the upper bound.
final class InMemoryIngest: IngestV1.Ingest.Handler {
    struct Row {
        var sequence: UInt64
        var id: String
        var statement: JSONValue
        var json: [UInt8]
        var storedMicros: Int64
        var voided: Bool
        var index: StatementIndex
    }

    private struct State {
        var rows: [Row] = []
        var byID: [String: Int] = [:]
        var lastMicros: Int64 = 0
    }

    static let voidedVerb = "http://adlnet.gov/expapi/verbs/voided"
    private let state = Mutex(State())

    var count: Int { state.withLock { $0.rows.count } }

    func storeStatements(
        _ request: IngestV1.StoreStatementsRequest, context: ServerCallContext
    ) async throws -> IngestV1.StoreStatementsResponse {
        let parsed = try request.statements.map { bytes -> JSONValue in
            do { return try JSONValue.parse(bytes) } catch { throw RPCError(.invalidArgument, "not JSON: \(error)") }
        }
        return try state.withLock { state in
            var fresh: [(String, JSONValue)] = []
            var ids: [String] = []
            for statement in parsed {
                guard let id = statement["id"]?.stringValue else {
                    throw RPCError(.invalidArgument, "a statement has no id")
                }
                ids.append(id)
                if let existing = state.byID[id] {
                    guard StatementEquivalence.areEquivalent(state.rows[existing].statement, statement) else {
                        throw RPCError(.alreadyExists, "statement \(id) is already stored with different content")
                    }
                    continue
                }
                if let earlier = fresh.first(where: { $0.0 == id }) {
                    guard StatementEquivalence.areEquivalent(earlier.1, statement) else {
                        throw RPCError(.invalidArgument, "the batch holds two different statements with id \(id)")
                    }
                    continue
                }
                fresh.append((id, statement))
            }
            for (id, statement) in fresh {
                let micros = max(state.lastMicros + 1_000, Int64(Date().timeIntervalSince1970 * 1_000) * 1_000)
                state.lastMicros = micros
                let storedText = XAPITimestamp(date: Date(timeIntervalSince1970: (Double(micros) + 0.5) / 1e6))
                    .utcString
                guard var object = statement.objectValue else { continue }
                object["stored"] = .string(storedText)
                if object["timestamp"] == nil { object["timestamp"] = .string(storedText) }
                let stored = JSONValue.object(object)
                let index = StatementIndex(statement: stored)
                if stored["verb"]?["id"]?.stringValue == Self.voidedVerb, let target = index.voidedStatementID,
                    let position = state.byID[target]
                {
                    state.rows[position].voided = true
                }
                state.byID[id] = state.rows.count
                state.rows.append(
                    Row(
                        sequence: UInt64(state.rows.count + 1), id: id, statement: stored, json: stored.serialized(),
                        storedMicros: micros, voided: false, index: index))
            }
            return IngestV1.StoreStatementsResponse(
                ids: ids, storedCount: UInt32(fresh.count), lastSequence: UInt64(state.rows.count))
        }
    }

    func getStatement(
        _ request: IngestV1.GetStatementRequest, context: ServerCallContext
    ) async throws -> IngestV1.GetStatementResponse {
        try state.withLock { state in
            guard let position = state.byID[request.id], state.rows[position].voided == request.voided else {
                throw RPCError(.notFound, "no statement \(request.id)")
            }
            return IngestV1.GetStatementResponse(statement: Self.message(state.rows[position]))
        }
    }

    func queryStatements(
        _ request: IngestV1.QueryStatementsRequest, context: ServerCallContext
    ) async throws -> IngestV1.QueryStatementsResponse {
        state.withLock { state in
            var upper = UInt64(state.rows.count)
            var after: UInt64? = nil
            if !request.cursor.isEmpty {
                let parts = request.cursor.split(separator: ",").compactMap { UInt64($0) }
                upper = parts[0]
                after = parts[1]
            }
            let limit = request.limit == 0 ? 1000 : min(Int(request.limit), 1000)
            let candidates = request.ascending ? Array(state.rows[0..<Int(upper)]) : state.rows[0..<Int(upper)].reversed()
            var page: [Row] = []
            var more = false
            for row in candidates {
                if let after {
                    if request.ascending ? row.sequence <= after : row.sequence >= after { continue }
                }
                guard matches(row, request) else { continue }
                if page.count == limit {
                    more = true
                    break
                }
                page.append(row)
            }
            let cursor = more ? "\(upper),\(page.last!.sequence)" : ""
            return IngestV1.QueryStatementsResponse(
                statements: page.map(Self.message), nextCursor: cursor,
                consistentThroughMicros: Int64(Date().timeIntervalSince1970 * 1_000_000))
        }
    }

    private func matches(_ row: Row, _ request: IngestV1.QueryStatementsRequest) -> Bool {
        let index = row.index
        if row.voided { return false }
        if !request.agentKey.isEmpty {
            let objectAgent = (index.objectKind == .agent || index.objectKind == .group) ? index.objectID : nil
            let direct = index.actorKey == request.agentKey || objectAgent == request.agentKey
            guard direct || (request.relatedAgents && index.relatedAgentKeys.contains(request.agentKey)) else {
                return false
            }
        }
        if !request.verbID.isEmpty && index.verbID != request.verbID { return false }
        if !request.activityID.isEmpty {
            let direct = index.objectKind == .activity && index.objectID == request.activityID
            guard direct || (request.relatedActivities && index.relatedActivityIDs.contains(request.activityID))
            else { return false }
        }
        if !request.registration.isEmpty && index.registration != request.registration { return false }
        if request.sinceMicros != 0 && row.storedMicros <= request.sinceMicros { return false }
        if request.untilMicros != 0 && row.storedMicros > request.untilMicros { return false }
        return true
    }

    func feed(
        _ request: IngestV1.FeedRequest, responses: ResponseWriter<IngestV1.FeedEvent>, context: ServerCallContext
    ) async throws {
        throw RPCError(.unimplemented, "the in-memory ingest has no feed")
    }

    func stats(_ request: IngestV1.StatsRequest, context: ServerCallContext) async throws -> IngestV1.StatsResponse {
        state.withLock { state in
            IngestV1.StatsResponse(
                statementCount: UInt64(state.rows.count), lastSequence: UInt64(state.rows.count),
                voidedCount: UInt64(state.rows.filter(\.voided).count))
        }
    }

    private static func message(_ row: Row) -> IngestV1.StoredStatement {
        IngestV1.StoredStatement(
            id: row.id, sequence: row.sequence, json: row.json, voided: row.voided, storedMicros: row.storedMicros)
    }
}
