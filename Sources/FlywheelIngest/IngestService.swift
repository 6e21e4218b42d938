public import FlywheelContracts
public import FlywheelRPC

/// The `flywheel.ingest.v1.Ingest` RPC service over a ``StatementStore``.
///
/// Register it with ``accessPolicy``: only the gateway stores statements; the gateway and the operator
/// CLI read them; the intelligence service, the CLI and the gateway follow the Feed; anyone reads Stats.
public struct IngestService: IngestV1.Ingest.Handler {
    /// Who may call which method.
    public static let accessPolicy = AccessPolicy(
        defaultCallers: [],
        methods: [
            "StoreStatements": ["gateway"],
            "GetStatement": ["gateway", "cli"],
            "QueryStatements": ["gateway", "cli"],
            "Feed": ["intelligence", "cli", "gateway"],
            "Stats": nil,
        ])

    /// The store the service reads and writes.
    public let store: StatementStore

    /// Creates the service.
    /// - Parameter store: An open statement store.
    public init(store: StatementStore) {
        self.store = store
    }

    /// Stores a batch all-or-nothing; see ``StatementStore/store(_:)``.
    public func storeStatements(
        _ request: IngestV1.StoreStatementsRequest, context: ServerCallContext
    ) async throws -> IngestV1.StoreStatementsResponse {
        try await store.store(request.statements)
    }

    /// One statement by id, or by voided id.
    public func getStatement(
        _ request: IngestV1.GetStatementRequest, context: ServerCallContext
    ) async throws -> IngestV1.GetStatementResponse {
        guard !request.id.isEmpty else {
            throw RPCError(.invalidArgument, "GetStatement needs an id")
        }
        return IngestV1.GetStatementResponse(
            statement: try await store.statement(id: request.id, voided: request.voided))
    }

    /// One page of a statement query; see ``StatementStore/query(_:)``.
    public func queryStatements(
        _ request: IngestV1.QueryStatementsRequest, context: ServerCallContext
    ) async throws -> IngestV1.QueryStatementsResponse {
        try await store.query(request)
    }

    /// Sends every statement after `after_sequence` in sequence order, then each new one once committed.
    ///
    /// Each send waits for the caller's flow-control window, so a slow follower holds at most one chunk of
    /// statements here. Ends only when the caller cancels or the store closes.
    public func feed(
        _ request: IngestV1.FeedRequest, responses: ResponseWriter<IngestV1.FeedEvent>, context: ServerCallContext
    ) async throws {
        var position = request.afterSequence
        let chunk = max(1, store.options.feedChunk)
        while true {
            try Task.checkCancellation()
            let events = try await store.feedEvents(after: position, limit: chunk)
            guard let last = events.last?.statement?.sequence else {
                try await store.waitForCommit(after: position)
                continue
            }
            for event in events {
                try await responses.send(event)
            }
            position = last
        }
    }

    /// Counts of stored and voided statements and the last sequence.
    public func stats(_ request: IngestV1.StatsRequest, context: ServerCallContext) async throws
        -> IngestV1.StatsResponse
    {
        try await store.stats()
    }
}
