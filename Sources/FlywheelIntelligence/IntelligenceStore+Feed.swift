public import FlywheelContracts
public import FlywheelStore
import FlywheelXAPI

/// Where the store stands in the Feed.
public struct FeedCheckpoint: Sendable, Hashable {
    /// The last sequence applied.
    public let sequence: UInt64
    /// Statements that contributed facts, and voided statements whose facts were taken back out.
    public let applied: UInt64
    public let voided: UInt64
}

extension IntelligenceStore {
    /// The checkpoint: the Feed resumes after its sequence.
    public func checkpoint() async throws -> FeedCheckpoint {
        try await database.read { connection in try Self.checkpoint(connection) }
    }

    /// Applies Feed events in order, with the checkpoint, in one transaction.
    ///
    /// Events at or before the checkpoint are skipped, so a batch delivered twice counts once.
    /// - Parameter events: Feed events in sequence order.
    /// - Returns: The checkpoint after the batch.
    /// - Throws: `DatabaseError`; nothing of the batch is kept then.
    @discardableResult
    public func apply(_ events: [IngestV1.FeedEvent]) async throws -> FeedCheckpoint {
        do {
            let checkpoint = try await write(events)
            noteCommitted(checkpoint.sequence)
            return checkpoint
        } catch {
            // The batch rolled back, perhaps after the copy in memory took it: load the copy again.
            try? await reloadFacts()
            throw error
        }
    }

    private func write(_ events: [IngestV1.FeedEvent]) async throws -> FeedCheckpoint {
        try await database.write { connection in
            let state = try Self.checkpoint(connection)
            var applied = state.applied
            var voided = state.voided
            var last = state.sequence
            var changes: [FactChange] = []
            for event in events {
                guard let stored = event.statement, stored.sequence > last else { continue }
                last = stored.sequence
                if !event.voidedStatementID.isEmpty, let retracted = try Self.retract(event.voidedStatementID, connection) {
                    voided += 1
                    changes.append(.retracted(learner: retracted.learner, sequence: retracted.sequence))
                }
                guard let statement = try? JSONValue.parse(stored.json),
                    let fact = StatementFact(
                        statement: statement, id: stored.id, sequence: stored.sequence,
                        storedMicros: stored.storedMicros)
                else { continue }
                if try Self.insert(fact, connection) {
                    applied += 1
                    changes.append(.inserted(fact))
                }
            }
            try connection.run(
                "UPDATE checkpoint SET sequence = ?, applied = ?, voided = ? WHERE id = 1",
                .integer(Int64(last)), .integer(Int64(applied)), .integer(Int64(voided)))
            // The copy in memory follows here, on the writer, so batches reach it in commit order.
            self.update { table in
                for change in changes {
                    switch change {
                    case .inserted(let fact): table.insert(fact)
                    case .retracted(let learner, let sequence): table.remove(learner: learner, sequence: sequence)
                    }
                }
            }
            return FeedCheckpoint(sequence: last, applied: applied, voided: voided)
        }
    }

    /// What a batch did to the facts, for the copy in memory.
    private enum FactChange: Sendable {
        case inserted(StatementFact)
        case retracted(learner: String, sequence: UInt64)
    }

    /// Every row of an aggregate table in a stable order, for comparing two stores.
    public func rows(of table: String) async throws -> [Row] {
        guard Self.aggregateTables.contains(table) else {
            throw IntelligenceError(.invalidArgument, "'\(table)' is not an aggregate table")
        }
        return try await database.read { connection in
            try connection.query("SELECT * FROM \(table) ORDER BY 1, 2, 3")
        }
    }

    static func checkpoint(_ connection: Connection) throws -> FeedCheckpoint {
        let row = try connection.query("SELECT sequence, applied, voided FROM checkpoint WHERE id = 1")
        guard let row = row.first else { return FeedCheckpoint(sequence: 0, applied: 0, voided: 0) }
        return FeedCheckpoint(
            sequence: UInt64(row[0].integerValue ?? 0), applied: UInt64(row[1].integerValue ?? 0),
            voided: UInt64(row[2].integerValue ?? 0))
    }

    /// Inserts a fact and adds it to the daily aggregate; false when the statement was already applied.
    static func insert(_ fact: StatementFact, _ connection: Connection) throws -> Bool {
        let score: DatabaseValue = fact.score.map { .integer(Int64(($0 * 100).rounded())) } ?? .null
        let success: DatabaseValue = fact.success.map { .integer($0 ? 1 : 0) } ?? .null
        try connection.run(
            """
            INSERT OR IGNORE INTO facts
                (statement_id, sequence, learner, activity, activity_type, course, kind, verb, millis, day, score,
                 success, time_ms)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            .text(fact.statementID), .integer(Int64(fact.sequence)), .text(fact.learner), .text(fact.activity),
            .text(fact.activityType), .text(fact.course), .text(fact.kind.rawValue), .text(fact.verb),
            .integer(fact.millis), .integer(Int64(fact.day)), score, success, .integer(fact.timeMillis))
        guard connection.changes == 1 else { return false }
        try addToDaily(
            learner: fact.learner, activity: fact.activity, day: Int64(fact.day), course: fact.course,
            kind: fact.kind.rawValue, verb: fact.verb, score: score.integerValue, time: fact.timeMillis, sign: 1,
            connection)
        return true
    }

    /// Takes a voided statement's fact back out; nil when it had none.
    static func retract(_ statementID: String, _ connection: Connection) throws -> (learner: String, sequence: UInt64)? {
        let rows = try connection.query(
            """
            SELECT learner, activity, day, course, kind, verb, score, time_ms, sequence FROM facts
            WHERE statement_id = ?
            """,
            .text(statementID))
        guard let row = rows.first else { return nil }
        try addToDaily(
            learner: row[0].textValue ?? "", activity: row[1].textValue ?? "", day: row[2].integerValue ?? 0,
            course: row[3].textValue ?? "", kind: row[4].textValue ?? "", verb: row[5].textValue ?? "",
            score: row[6].integerValue, time: row[7].integerValue ?? 0, sign: -1, connection)
        try connection.run("DELETE FROM facts WHERE statement_id = ?", .text(statementID))
        return (row[0].textValue ?? "", UInt64(row[8].integerValue ?? 0))
    }

    private static func addToDaily(
        learner: String, activity: String, day: Int64, course: String, kind: String, verb: String, score: Int64?,
        time: Int64, sign: Int64, _ connection: Connection
    ) throws {
        let flag = { (condition: Bool) -> DatabaseValue in .integer(condition ? sign : 0) }
        let scoreValue = score ?? 0
        try connection.run(
            """
            INSERT INTO daily (learner, activity, day, course, kind, statements, launches, completions, passes,
                failures, scored, score_sum, score_squares, time_ms)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
            ON CONFLICT (learner, activity, day) DO UPDATE SET
                statements = statements + ?6, launches = launches + ?7, completions = completions + ?8,
                passes = passes + ?9, failures = failures + ?10, scored = scored + ?11,
                score_sum = score_sum + ?12, score_squares = score_squares + ?13, time_ms = time_ms + ?14
            """,
            .text(learner), .text(activity), .integer(day), .text(course), .text(kind), .integer(sign),
            flag(verb == "launched"), flag(verb == "completed"), flag(verb == "passed"), flag(verb == "failed"),
            flag(score != nil), .integer(sign * scoreValue), .integer(sign * scoreValue * scoreValue),
            .integer(sign * time))
        if sign < 0 {
            try connection.run(
                "DELETE FROM daily WHERE learner = ? AND activity = ? AND day = ? AND statements <= 0",
                .text(learner), .text(activity), .integer(day))
        }
    }
}
