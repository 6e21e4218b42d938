public import FlywheelContracts
import FlywheelStore
import FlywheelXAPI

extension StatementStore {
    /// What one batch's transaction did.
    struct WriteOutcome: Sendable {
        /// Statements inserted (the others were already stored, identical).
        var storedCount = 0
        /// The highest sequence of any statement of the batch, new or already stored.
        var lastSequence: UInt64 = 0
        /// The highest sequence inserted, 0 when nothing was new.
        var lastInserted: UInt64 = 0
    }

    /// Stores a batch of statements: all of them, or none.
    ///
    /// A statement equivalent to one already stored under its id is acknowledged and not stored again; a
    /// statement repeated inside the batch is stored once. The store sets `stored` at commit (strictly
    /// increasing with sequence) and `timestamp` to the same time when absent. A voiding statement marks
    /// its target voided unless the target is itself a voiding statement; a target that arrives later is
    /// stored voided. Each new statement's Activity definitions and Agents are learnt in the same transaction
    /// (see ``learn(_:sequence:connection:)``). The call returns after the batch's COMMIT, so an acknowledged
    /// batch is durable.
    /// - Parameter statements: Compact JSON statements, validated, with id, authority and version set.
    /// - Returns: The ids in request order, how many were new, and the batch's highest sequence.
    /// - Throws: `IngestError` with code `malformedStatement` for a statement that is not a JSON object with an
    ///   id, `conflictingDuplicate` when two different statements of the batch share an id,
    ///   `conflictingStatement` when a different statement with the same id is stored (naming the id);
    ///   `DatabaseError` when SQLite fails. Nothing of the batch is stored when it throws.
    public func store(_ statements: [[UInt8]]) async throws -> IngestV1.StoreStatementsResponse {
        var unique: [IncomingStatement] = []
        var firstPosition: [String: (position: Int, slot: Int)] = [:]
        var ids: [String] = []
        ids.reserveCapacity(statements.count)
        for (position, bytes) in statements.enumerated() {
            let incoming = try IncomingStatement(bytes: bytes, position: position)
            ids.append(incoming.id)
            if let earlier = firstPosition[incoming.id] {
                guard StatementEquivalence.areEquivalent(unique[earlier.slot].statement, incoming.statement) else {
                    throw IngestError(
                        .conflictingDuplicate,
                        "statements \(earlier.position) and \(position) of the batch share id \(incoming.id) "
                            + "but are different statements")
                }
                continue
            }
            firstPosition[incoming.id] = (position, unique.count)
            unique.append(incoming)
        }
        guard !unique.isEmpty else {
            return IngestV1.StoreStatementsResponse(ids: [], storedCount: 0, lastSequence: commits.committed)
        }

        writesInFlight.add(1, ordering: .sequentiallyConsistent)
        defer { writesInFlight.subtract(1, ordering: .sequentiallyConsistent) }
        let batch = unique
        let outcome = try await database.writeBatched { [clock] connection in
            try Self.insert(batch, clock: clock, into: connection)
        }
        if outcome.lastInserted > 0 {
            commits.advance(to: outcome.lastInserted)
        }
        return IngestV1.StoreStatementsResponse(
            ids: ids, storedCount: UInt32(outcome.storedCount), lastSequence: outcome.lastSequence)
    }

    /// Inserts a batch inside the writer's transaction; throwing rolls all of it back.
    static func insert(
        _ batch: [IncomingStatement], clock: StoredClock, into connection: Connection
    ) throws -> WriteOutcome {
        var outcome = WriteOutcome()
        var newlyVoided = 0
        let insertStatement = try connection.prepare(
            """
            INSERT INTO statements (id, json, stored_micros, actor_key, verb_id, object_kind, object_id,
                registration, ref_id, voids_id, voided)
            VALUES (?, CAST(? AS TEXT), ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for item in batch {
            if let existing = try storedStatement(id: item.id, connection: connection) {
                guard StatementEquivalence.areEquivalent(existing.statement, item.statement) else {
                    throw IngestError(
                        .conflictingStatement,
                        "statement \(item.id) is already stored with different content; statements are immutable")
                }
                outcome.lastSequence = max(outcome.lastSequence, existing.sequence)
                continue
            }

            let micros = clock.next()
            let voidedOnArrival = try item.voidedTargetID == nil && isVoidingTarget(item.id, connection: connection)
            try insertStatement.run([
                .text(item.id), .blob(item.storedJSON(storedText: StoredClock.text(micros: micros))),
                .integer(micros), optionalText(item.actorKey), .text(item.verbID), .text(item.objectKind),
                optionalText(item.objectID), optionalText(item.registration), optionalText(item.referencedID),
                optionalText(item.voidedTargetID), .integer(voidedOnArrival ? 1 : 0),
            ])
            let sequence = connection.lastInsertRowID
            try insertRelations(of: item, sequence: sequence, connection: connection)
            try learn(item.facts, sequence: sequence, connection: connection)
            if voidedOnArrival { newlyVoided += 1 }
            if let target = item.voidedTargetID {
                try connection.run(
                    "UPDATE statements SET voided = 1 WHERE id = ? AND voided = 0 AND voids_id IS NULL", .text(target))
                newlyVoided += connection.changes
            }
            outcome.storedCount += 1
            outcome.lastInserted = UInt64(sequence)
            outcome.lastSequence = max(outcome.lastSequence, UInt64(sequence))
        }
        if outcome.storedCount > 0 {
            try connection.run(
                "UPDATE store_counts SET statement_count = statement_count + ?, voided_count = voided_count + ?",
                .integer(Int64(outcome.storedCount)), .integer(Int64(newlyVoided)))
        }
        return outcome
    }

    private static func insertRelations(of item: IncomingStatement, sequence: Int64, connection: Connection) throws {
        if !item.agents.isEmpty {
            let agent = try connection.prepare(
                "INSERT INTO statement_agents (agent_key, sequence, direct) VALUES (?, ?, ?)")
            for entry in item.agents {
                try agent.run([.text(entry.key), .integer(sequence), .integer(entry.direct ? 1 : 0)])
            }
        }
        if !item.activities.isEmpty {
            let activity = try connection.prepare(
                "INSERT INTO statement_activities (activity_id, sequence, direct) VALUES (?, ?, ?)")
            for entry in item.activities {
                try activity.run([.text(entry.id), .integer(sequence), .integer(entry.direct ? 1 : 0)])
            }
        }
    }

    /// Whether a voiding statement already stored names `id` as its target.
    private static func isVoidingTarget(_ id: String, connection: Connection) throws -> Bool {
        var found = false
        try connection.prepare("SELECT 1 FROM statements WHERE voids_id = ? LIMIT 1")
            .forEachRow([.text(id)]) { _ in found = true }
        return found
    }

    /// The stored statement with `id`, parsed, with its sequence.
    private static func storedStatement(
        id: String, connection: Connection
    ) throws -> (sequence: UInt64, statement: JSONValue)? {
        var found: (UInt64, JSONValue)?
        var unreadable = false
        try connection.prepare("SELECT sequence, json FROM statements WHERE id = ?").forEachRow([.text(id)]) { row in
            let sequence = UInt64(row.int64(at: 0))
            if let statement = row.withText(at: 1, { try? JSONValue.parse($0) }) {
                found = (sequence, statement)
            } else {
                unreadable = true
            }
        }
        if unreadable {
            throw IngestError(.conflictingStatement, "statement \(id) is stored but its JSON cannot be read back")
        }
        return found
    }

    private static func optionalText(_ value: String?) -> DatabaseValue {
        value.map(DatabaseValue.text) ?? .null
    }
}
