public import FlywheelContracts
import FlywheelStore

extension StatementStore {
    /// One page of the statements matching an xAPI statement query, newest first unless ascending.
    ///
    /// Filters follow GET /statements: `agent` matches the actor or object (a Group also through its
    /// members) or, with `related_agents`, any agent of the statement; `activity` matches the object or,
    /// with `related_activities`, any activity; `verb` and `registration` match exactly; `since` is
    /// exclusive and `until` inclusive on `stored`. A statement whose object is a StatementRef also matches
    /// when the statement it targets matches (recursively), as the specification's StatementRef rule asks.
    /// Voided statements are never returned.
    /// - Parameter request: The query, or a cursor from an earlier page (its filters, when sent too, must
    ///   be the cursor's; a non-zero `limit` overrides the cursor's page size).
    /// - Returns: The page, the cursor of the next page (empty when there is none), and the time through
    ///   which every stored statement is visible.
    /// - Throws: `IngestError` with code `invalidCursor`; `DatabaseError` when SQLite fails.
    public func query(_ request: IngestV1.QueryStatementsRequest) async throws -> IngestV1.QueryStatementsResponse {
        let requested = StatementFilter(request)
        let maximum = max(1, options.pageMaximum)
        let requestedLimit = request.limit == 0 ? maximum : min(Int(request.limit), maximum)
        var resumed: QueryCursor?
        if !request.cursor.isEmpty {
            var cursor = try QueryCursor(decoding: request.cursor)
            guard requested.isEmpty || requested == cursor.filter else {
                throw IngestError(
                    .invalidCursor, "the cursor belongs to a query with other filters than the ones sent with it")
            }
            if request.limit != 0 { cursor.limit = requestedLimit }
            cursor.limit = min(cursor.limit, maximum)
            resumed = cursor
        }

        let resumedCursor = resumed
        return try await database.read { [self] connection in
            // Checked before the snapshot starts: with no write under way, nothing stored at or before
            // `now` can still be on its way.
            let now = StoredClock.nowMicros()
            let idle = writesInFlight.load(ordering: .sequentiallyConsistent) == 0

            let cursor =
                try resumedCursor
                ?? Self.firstCursor(for: request, filter: requested, limit: requestedLimit, connection)
            var response = IngestV1.QueryStatementsResponse()
            var page = try Self.page(cursor, connection)
            if page.count > cursor.limit {
                page.removeLast(page.count - cursor.limit)
                var next = cursor
                next.position = page[page.count - 1].sequence
                response.nextCursor = next.encoded
            }
            response.statements = page

            let latest = try connection.query("SELECT stored_micros FROM statements ORDER BY sequence DESC LIMIT 1")
            let latestStored = latest.first?[0].integerValue ?? 0
            response.consistentThroughMicros = idle ? max(now, latestStored) : latestStored
            return response
        }
    }

    /// The cursor of a query's first page: its window runs from the `since` bound to the last statement
    /// stored now (or the `until` bound, when earlier).
    private static func firstCursor(
        for request: IngestV1.QueryStatementsRequest, filter: StatementFilter, limit: Int, _ connection: Connection
    ) throws -> QueryCursor {
        var high = UInt64(try connection.query("SELECT max(sequence) FROM statements").first?[0].integerValue ?? 0)
        if request.untilMicros != 0 {
            high = min(high, try lastSequence(storedAtOrBefore: request.untilMicros, connection))
        }
        let low = request.sinceMicros != 0 ? try lastSequence(storedAtOrBefore: request.sinceMicros, connection) : 0
        return QueryCursor(
            filter: filter, ascending: request.ascending, limit: limit, low: low, high: high, position: 0)
    }

    /// The last sequence stored at or before `micros` (0 when none): `stored` grows with sequence, so time
    /// bounds become sequence bounds.
    private static func lastSequence(storedAtOrBefore micros: Int64, _ connection: Connection) throws -> UInt64 {
        let rows = try connection.query(
            "SELECT sequence FROM statements WHERE stored_micros <= ? ORDER BY stored_micros DESC LIMIT 1",
            .integer(micros))
        return UInt64(rows.first?[0].integerValue ?? 0)
    }

    /// Up to `limit + 1` statements of the cursor's remaining window, in page order (the extra one says
    /// whether another page exists).
    private static func page(_ cursor: QueryCursor, _ connection: Connection) throws -> [IngestV1.StoredStatement] {
        let window = cursor.remainingWindow
        guard window.low < window.high else { return [] }
        let query = pageQuery(cursor, window: window)
        var statements: [IngestV1.StoredStatement] = []
        let arguments = query.arguments.map { argument -> DatabaseValue in
            switch argument {
            case .text(let text): .text(text)
            case .integer(let number): .integer(number)
            }
        }
        try connection.prepare(query.sql).forEachRow(arguments) { row in
            statements.append(storedStatement(row))
        }
        return statements
    }

    /// The SQL of one page and its arguments in order.
    static func pageQuery(_ cursor: QueryCursor, window: (low: UInt64, high: UInt64)) -> (
        sql: String, arguments: [SQLArgument]
    ) {
        let order = cursor.ascending ? "ASC" : "DESC"
        let low = SQLArgument.integer(Int64(window.low))
        let high = SQLArgument.integer(Int64(window.high))
        let limit = SQLArgument.integer(Int64(cursor.limit + 1))
        let filter = cursor.filter
        guard !filter.isEmpty else {
            return (
                """
                SELECT \(storedColumns) FROM statements s
                WHERE s.sequence > ? AND s.sequence <= ? AND s.voided = 0 ORDER BY s.sequence \(order) LIMIT ?
                """,
                [low, high, limit]
            )
        }

        // Statements matching directly, driven by the most selective index the filter offers.
        var base: String
        var baseArguments: [SQLArgument] = []
        var remaining = filter
        // The driving table's own column, so SQLite walks its index in order instead of sorting.
        var ordering = "d.sequence"
        if let agentKey = filter.agentKey {
            remaining.agentKey = nil
            let direct = filter.relatedAgents ? "" : " AND d.direct = 1"
            base = """
                SELECT s.sequence FROM statement_agents d JOIN statements s ON s.sequence = d.sequence
                WHERE d.agent_key = ?\(direct) AND d.sequence > ? AND d.sequence <= ? AND s.voided = 0
                """
            baseArguments = [.text(agentKey), low, high]
        } else if let activityID = filter.activityID {
            remaining.activityID = nil
            let direct = filter.relatedActivities ? "" : " AND d.direct = 1"
            base = """
                SELECT s.sequence FROM statement_activities d JOIN statements s ON s.sequence = d.sequence
                WHERE d.activity_id = ?\(direct) AND d.sequence > ? AND d.sequence <= ? AND s.voided = 0
                """
            baseArguments = [.text(activityID), low, high]
        } else {
            base = "SELECT s.sequence FROM statements s WHERE s.sequence > ? AND s.sequence <= ? AND s.voided = 0"
            baseArguments = [low, high]
            ordering = "s.sequence"
        }
        let others = remaining.conditions(on: "s")
        for condition in others.sql { base += " AND " + condition }
        baseArguments += others.arguments
        base += " ORDER BY \(ordering) \(order) LIMIT ?"
        baseArguments.append(limit)

        // Statements whose StatementRef object leads, through any chain of references, to a statement
        // that matches: the targeted statement may be voided, the targeting one is still returned.
        let target = filter.conditions(on: "t")
        let sql = """
            WITH RECURSIVE targeting(sequence, id) AS (
                SELECT r.sequence, r.id FROM statements r
                WHERE r.ref_id IS NOT NULL AND EXISTS (
                    SELECT 1 FROM statements t WHERE t.id = r.ref_id AND \(target.sql.joined(separator: " AND ")))
                UNION
                SELECT r.sequence, r.id FROM targeting g JOIN statements r ON r.ref_id = g.id
            ),
            matched(sequence) AS (
                SELECT sequence FROM (\(base))
                UNION
                SELECT sequence FROM targeting WHERE sequence > ? AND sequence <= ?
            )
            SELECT \(storedColumns) FROM matched m JOIN statements s ON s.sequence = m.sequence
            WHERE s.voided = 0 ORDER BY s.sequence \(order) LIMIT ?
            """
        return (sql, target.arguments + baseArguments + [low, high, limit])
    }
}

extension StatementFilter {
    /// The filters of a query request; empty strings mean no filter.
    init(_ request: IngestV1.QueryStatementsRequest) {
        self.init(
            agentKey: request.agentKey.isEmpty ? nil : request.agentKey, relatedAgents: request.relatedAgents,
            verbID: request.verbID.isEmpty ? nil : request.verbID,
            activityID: request.activityID.isEmpty ? nil : request.activityID,
            relatedActivities: request.relatedActivities,
            registration: request.registration.isEmpty ? nil : request.registration.lowercased())
    }
}
