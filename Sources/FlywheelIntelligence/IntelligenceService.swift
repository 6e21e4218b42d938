public import FlywheelContracts
public import FlywheelRPC

/// The `flywheel.intelligence.v1.Intelligence` RPC service over an ``IntelligenceStore``.
///
/// Register it with ``accessPolicy``: the operator CLI and the gateway read; only the CLI changes the
/// directory and the segments.
public struct IntelligenceService: IntelligenceV1.Intelligence.Handler {
    /// Who may call which method.
    public static let accessPolicy = AccessPolicy(
        defaultCallers: ["cli", "gateway"],
        methods: [
            "ImportLearners": ["cli"],
            "DefineSegment": ["cli"],
            "RemoveSegment": ["cli"],
        ])

    /// The store the service reads and writes.
    public let store: IntelligenceStore
    /// Effectiveness answers, refreshed in the background as facts arrive.
    public let effectivenessCache: EffectivenessCache

    /// Creates the service.
    /// - Parameters:
    ///   - store: An open intelligence store.
    ///   - effectivenessCache: Where effectiveness answers are kept between requests.
    public init(store: IntelligenceStore, effectivenessCache: EffectivenessCache = EffectivenessCache()) {
        self.store = store
        self.effectivenessCache = effectivenessCache
    }

    /// Adds or replaces the learners of a directory file.
    public func importLearners(
        _ request: IntelligenceV1.ImportLearnersRequest, context: ServerCallContext
    ) async throws -> IntelligenceV1.ImportLearnersResponse {
        let learners = try rpc { () throws(IntelligenceError) in
            try DirectoryFile.parse(request.content, format: request.format)
        }
        let (added, updated, total) = try await store.importLearners(learners)
        return IntelligenceV1.ImportLearnersResponse(added: UInt32(added), updated: UInt32(updated), total: UInt32(total))
    }

    /// The learners of a segment (or everyone), up to a limit.
    public func listLearners(
        _ request: IntelligenceV1.ListLearnersRequest, context: ServerCallContext
    ) async throws -> IntelligenceV1.ListLearnersResponse {
        if !request.employeeID.isEmpty {
            let found = try await store.learner(employeeID: request.employeeID).map { [$0] } ?? []
            return IntelligenceV1.ListLearnersResponse(learners: found, total: UInt32(found.count))
        }
        let filter = try await segment(request.segment)
        let limit = request.limit == 0 ? 1000 : Int(min(request.limit, 100_000))
        let (learners, total) = try await store.learners(matching: filter, limit: limit)
        return IntelligenceV1.ListLearnersResponse(learners: learners, total: UInt32(total))
    }

    /// Defines or redefines a segment; the filter must parse.
    public func defineSegment(
        _ request: IntelligenceV1.DefineSegmentRequest, context: ServerCallContext
    ) async throws -> IntelligenceV1.DefineSegmentResponse {
        guard !request.name.isEmpty, !request.name.contains(where: \.isWhitespace) else {
            throw RPCError(.invalidArgument, "segment name '\(request.name)' must be non-empty without spaces")
        }
        let filter = try rpc { () throws(IntelligenceError) in try SegmentFilter(request.filter) }
        let replaced = try await store.defineSegment(name: request.name, filter: filter)
        let count = try await store.learners(matching: filter, limit: 0).total
        return IntelligenceV1.DefineSegmentResponse(
            segment: IntelligenceV1.Segment(name: request.name, filter: filter.text, learnerCount: UInt32(count)),
            replaced: replaced)
    }

    /// Every segment with its current size.
    public func listSegments(
        _ request: IntelligenceV1.ListSegmentsRequest, context: ServerCallContext
    ) async throws -> IntelligenceV1.ListSegmentsResponse {
        var segments: [IntelligenceV1.Segment] = []
        for (name, text) in try await store.segments() {
            var count = 0
            if let filter = try? SegmentFilter(text) {
                count = try await store.learners(matching: filter, limit: 0).total
            }
            segments.append(IntelligenceV1.Segment(name: name, filter: text, learnerCount: UInt32(count)))
        }
        return IntelligenceV1.ListSegmentsResponse(segments: segments)
    }

    /// Removes a segment.
    public func removeSegment(
        _ request: IntelligenceV1.RemoveSegmentRequest, context: ServerCallContext
    ) async throws -> IntelligenceV1.RemoveSegmentResponse {
        IntelligenceV1.RemoveSegmentResponse(removed: try await store.removeSegment(name: request.name))
    }

    /// Measures of a scope, per bucket, and against the previous period.
    public func getMeasures(
        _ request: IntelligenceV1.GetMeasuresRequest, context: ServerCallContext
    ) async throws -> IntelligenceV1.GetMeasuresResponse {
        var scope = MeasureScope(activity: request.activityID, learner: request.learnerID)
        scope.segment = try await segment(request.segment)
        (scope.from, scope.to) = try days(request.from, request.to)
        let (total, buckets) = try await store.measures(scope, bucket: request.bucket)
        var response = IntelligenceV1.GetMeasuresResponse(total: total, buckets: buckets)
        if let from = scope.from, let to = scope.to {
            var previous = scope
            previous.from = from - (to - from + 1)
            previous.to = from - 1
            let earlier = try await store.measures(previous, bucket: .none).total
            response.previousPeriod = earlier
            response.previousFrom = CalendarDay.text(from - (to - from + 1))
            response.previousTo = CalendarDay.text(from - 1)
            response.launchesChange = Double(total.launches) - Double(earlier.launches)
            response.completionRateChangePoints = (total.completionRate - earlier.completionRate) * 100
            response.passRateChangePoints = (total.passRate - earlier.passRate) * 100
            response.scoreMeanChangePoints = total.scoreMean - earlier.scoreMean
        }
        return response
    }

    /// A course's funnel and drop-off points.
    public func getCourseFunnel(
        _ request: IntelligenceV1.GetCourseFunnelRequest, context: ServerCallContext
    ) async throws -> IntelligenceV1.GetCourseFunnelResponse {
        guard !request.courseID.isEmpty else { throw RPCError(.invalidArgument, "GetCourseFunnel needs a course_id") }
        var scope = MeasureScope(activity: request.courseID)
        scope.segment = try await segment(request.segment)
        (scope.from, scope.to) = try days(request.from, request.to)
        return try await store.funnel(scope)
    }

    /// Learners ranked by completions, mean score or time spent.
    public func getLeaderboard(
        _ request: IntelligenceV1.GetLeaderboardRequest, context: ServerCallContext
    ) async throws -> IntelligenceV1.GetLeaderboardResponse {
        guard ["", "completions", "score", "time"].contains(request.metric) else {
            throw RPCError(.invalidArgument, "metric '\(request.metric)' is not completions, score or time")
        }
        var scope = MeasureScope(activity: request.activityID)
        scope.segment = try await segment(request.segment)
        (scope.from, scope.to) = try days(request.from, request.to)
        let limit = request.limit == 0 ? 10 : Int(min(request.limit, 1000))
        return IntelligenceV1.GetLeaderboardResponse(
            entries: try await store.leaderboard(scope, metric: request.metric, limit: limit))
    }

    /// Effect estimates per content item, outcome and segment, ranked.
    ///
    /// The analysis reads every fact, so answers are cached: one computed since the last change is returned as
    /// it is; an older one is returned at once while a single background refresh computes the next.
    public func getEffectiveness(
        _ request: IntelligenceV1.GetEffectivenessRequest, context: ServerCallContext
    ) async throws -> IntelligenceV1.GetEffectivenessResponse {
        let key = ([request.contentID, request.outcomeID, String(request.minimumGroup)] + request.segments)
            .joined(separator: "\u{1F}")
        let changes = store.changes
        switch effectivenessCache.lookup(key, changes: changes) {
        case .current(let response):
            return response
        case .stale(let response, let refresh):
            if refresh {
                let (store, cache) = (self.store, effectivenessCache)
                Task {
                    let changes = store.changes
                    do {
                        cache.store(key, changes: changes, try await Self.effectiveness(request, store: store))
                    } catch {
                        cache.refreshFailed(key)
                    }
                }
            }
            return response
        case .missing:
            let response = try await Self.effectiveness(request, store: store)
            effectivenessCache.store(key, changes: changes, response)
            return response
        }
    }

    /// Computes effect estimates from the store as it is now.
    private static func effectiveness(
        _ request: IntelligenceV1.GetEffectivenessRequest, store: IntelligenceStore
    ) async throws -> IntelligenceV1.GetEffectivenessResponse {
        var audiences: [EffectivenessAnalysis.Audience] = []
        var filters: [(String, SegmentFilter)] = []
        if request.segments.isEmpty {
            for department in try await store.departments() {
                let quoted = "department=\"\(department)\""
                filters.append(("department=\(department)", try rpc { () throws(IntelligenceError) in try SegmentFilter(quoted) }))
            }
            for (name, _) in try await store.segments() {
                if let filter = try? await store.segment(named: name) { filters.append((name, filter)) }
            }
        } else {
            for name in request.segments {
                guard let filter = try await segment(name, store: store) else { continue }
                filters.append((name, filter))
            }
        }
        for (name, filter) in filters {
            let members = try await store.memberIDs(filter)
            audiences.append(EffectivenessAnalysis.Audience(name: name, members: Set(members)))
        }
        let analysis = EffectivenessAnalysis(minimumGroup: request.minimumGroup == 0 ? 30 : Int(request.minimumGroup))
        let (estimates, skipped) = try await analysis.estimate(
            store: store, contentID: request.contentID.isEmpty ? nil : request.contentID,
            outcomeID: request.outcomeID.isEmpty ? nil : request.outcomeID, audiences: audiences)
        return IntelligenceV1.GetEffectivenessResponse(
            estimates: estimates, skipped: UInt32(skipped), method: EffectivenessAnalysis.method)
    }

    /// Where the Feed stands and how large the directory is; with `wait_millis`, once a batch past
    /// `wait_after_sequence` has committed (or the wait is over).
    public func getStatus(
        _ request: IntelligenceV1.GetStatusRequest, context: ServerCallContext
    ) async throws -> IntelligenceV1.GetStatusResponse {
        if request.waitMillis > 0 {
            await store.waitForBatch(
                after: request.waitAfterSequence, timeout: .milliseconds(Int(min(request.waitMillis, 30_000))))
        }
        let checkpoint = try await store.checkpoint()
        let learners = try await store.learners(matching: nil, limit: 0).total
        let segments = try await store.segments().count
        return IntelligenceV1.GetStatusResponse(
            appliedSequence: checkpoint.sequence, facts: checkpoint.applied, voided: checkpoint.voided,
            learners: UInt32(learners), segments: UInt32(segments))
    }

    /// Inclusive day bounds from YYYY-MM-DD texts (empty for unbounded).
    private func days(_ from: String, _ to: String) throws -> (Int?, Int?) {
        let first = try rpc { () throws(IntelligenceError) in try from.isEmpty ? nil : CalendarDay.parse(from) }
        let last = try rpc { () throws(IntelligenceError) in try to.isEmpty ? nil : CalendarDay.parse(to) }
        if let first, let last, first > last {
            throw RPCError(.invalidArgument, "from \(from) is after to \(to)")
        }
        return (first, last)
    }

    /// The filter of a named segment; nil for an empty name.
    private func segment(_ name: String) async throws -> SegmentFilter? {
        try await Self.segment(name, store: store)
    }

    private static func segment(_ name: String, store: IntelligenceStore) async throws -> SegmentFilter? {
        guard !name.isEmpty else { return nil }
        do {
            return try await store.segment(named: name)
        } catch let error as IntelligenceError {
            throw RPCError(.notFound, error.message)
        }
    }

    /// Runs domain code, turning its errors into invalid-argument RPC errors.
    private func rpc<T>(_ body: () throws(IntelligenceError) -> T) throws -> T {
        try Self.rpc(body)
    }

    private static func rpc<T>(_ body: () throws(IntelligenceError) -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw RPCError(.invalidArgument, error.message)
        }
    }
}
