import Foundation

#if canImport(FoundationNetworking)
    public import FoundationNetworking
#endif

/// Sends a simulation's statements to an LRS the way a real client does: `POST <base>/statements` with batches
/// in JSON arrays, HTTP Basic and `X-Experience-API-Version`, several requests in flight, and a progress file
/// so an interrupted send resumes where the LRS stopped acknowledging.
public struct StatementSender: Sendable {
    /// What a send did.
    public struct Summary: Sendable, Equatable {
        /// Batches posted and acknowledged in this run.
        public var batchesSent = 0
        /// Batches skipped because an earlier run had them acknowledged.
        public var batchesSkipped = 0
        /// Statements acknowledged in this run.
        public var statementsSent = 0
        /// Batches the LRS answered with 409 Conflict, read as already stored (a rerun after a crash).
        public var conflicts = 0
    }

    /// Where the statements go.
    public let endpoint: LRSEndpoint
    /// Statements per request.
    public let batchSize: Int
    /// Requests in flight at once.
    public let concurrency: Int
    /// Tries per batch when the LRS is unreachable or answers 429 or 5xx.
    public let maximumAttempts: Int
    private let session: URLSession

    /// Creates a sender.
    /// - Parameters:
    ///   - endpoint: The LRS.
    ///   - batchSize: Statements per request (1 to 10000).
    ///   - concurrency: Requests in flight at once (1 to 64).
    ///   - maximumAttempts: Tries per batch before giving up.
    ///   - session: The URL session; an ephemeral one by default (tests pass one with a stub protocol).
    public init(
        endpoint: LRSEndpoint, batchSize: Int = 100, concurrency: Int = 4, maximumAttempts: Int = 4,
        session: URLSession? = nil
    ) {
        self.endpoint = endpoint
        self.batchSize = min(10_000, max(1, batchSize))
        self.concurrency = min(64, max(1, concurrency))
        self.maximumAttempts = max(1, maximumAttempts)
        self.session = session ?? URLSession(configuration: .ephemeral)
    }

    /// Generates and sends every statement of `simulation`, resuming after the batches `progressPath` records.
    /// - Parameters:
    ///   - simulation: The run to send.
    ///   - progressPath: The progress file, read at the start and rewritten as batches are acknowledged.
    ///   - onProgress: Called after each learner with acknowledged statements so far.
    /// - Returns: What was sent and skipped.
    /// - Throws: `SimulationError` `.transport` when a batch is refused or the LRS stays unreachable,
    ///   `.progressMismatch` when the progress file belongs to another run.
    public func send(
        _ simulation: Simulation, progressPath: String, onProgress: @Sendable (RunProgress) -> Void = { _ in }
    ) async throws -> Summary {
        let progressFile = SendProgressFile(
            path: progressPath, configuration: simulation.configuration, batchSize: batchSize)
        var tracker = AcknowledgementTracker(skipping: try progressFile.acknowledgedBatches())
        var summary = Summary()
        let clock = ContinuousClock.now
        let learnerTotal = simulation.configuration.learners

        // Children report failures as values rather than throwing: a thrown error would cancel requests in
        // flight, and URLSession's async API on Linux does not always return once cancelled.
        var failure: SimulationError? = nil
        await withTaskGroup(of: BatchOutcome.self) { group in
            var body: [UInt8] = [UInt8(ascii: "[")]
            var count = 0
            var batchIndex = 0
            var inFlight = 0

            func settle(_ outcome: BatchOutcome) {
                inFlight -= 1
                if let error = outcome.error {
                    failure = failure ?? error
                    return
                }
                summary.batchesSent += 1
                summary.statementsSent += outcome.count
                if outcome.conflict { summary.conflicts += 1 }
                if tracker.acknowledge(outcome.index, statements: outcome.count) {
                    do {
                        try progressFile.record(batches: tracker.watermark, statements: tracker.statements)
                    } catch {
                        failure = failure ?? error
                    }
                }
            }

            func dispatch() async {
                defer {
                    body = [UInt8(ascii: "[")]
                    count = 0
                    batchIndex += 1
                }
                guard batchIndex >= tracker.skipped else {
                    summary.batchesSkipped += 1
                    tracker.statements += count
                    return
                }
                if inFlight == concurrency, let outcome = await group.next() { settle(outcome) }
                guard failure == nil else { return }
                let request = makeRequest(body + [UInt8(ascii: "]")])
                let index = batchIndex
                let statements = count
                group.addTask {
                    do {
                        let conflict = try await post(request, batch: index)
                        return BatchOutcome(index: index, count: statements, conflict: conflict)
                    } catch let error as SimulationError {
                        return BatchOutcome(index: index, count: statements, error: error)
                    } catch {
                        let message = "POST \(endpoint.statementsURL.absoluteString) (batch \(index)) stopped: \(error)"
                        let failure = SimulationError(code: .transport, message: message)
                        return BatchOutcome(index: index, count: statements, error: failure)
                    }
                }
                inFlight += 1
            }

            generation: for learner in 0..<learnerTotal {
                for statement in simulation.statements(forLearner: learner) {
                    if count > 0 { body.append(UInt8(ascii: ",")) }
                    statement.write(into: &body)
                    count += 1
                    if count == batchSize { await dispatch() }
                    if failure != nil { break generation }
                }
                onProgress(
                    RunProgress(
                        learnersDone: learner + 1, learnerTotal: learnerTotal, statements: tracker.statements,
                        elapsedSeconds: Self.seconds(since: clock)))
            }
            if count > 0 && failure == nil { await dispatch() }
            while let outcome = await group.next() {
                settle(outcome)
            }
        }
        if let failure { throw failure }
        onProgress(
            RunProgress(
                learnersDone: learnerTotal, learnerTotal: learnerTotal, statements: tracker.statements,
                elapsedSeconds: Self.seconds(since: clock)))
        return summary
    }

    private static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    private func makeRequest(_ body: [UInt8]) -> URLRequest {
        var request = URLRequest(url: endpoint.statementsURL)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue(endpoint.authorization, forHTTPHeaderField: "Authorization")
        request.setValue(endpoint.version.description, forHTTPHeaderField: "X-Experience-API-Version")
        request.httpBody = Data(body)
        return request
    }

    /// Posts one batch, retrying when the LRS is unreachable or busy.
    /// - Returns: Whether the LRS answered 409 Conflict.
    private func post(_ request: URLRequest, batch: Int) async throws -> Bool {
        let target = endpoint.statementsURL.absoluteString
        for attempt in 1...maximumAttempts {
            let isLast = attempt == maximumAttempts
            let data: Data
            let response: URLResponse
            do {
                (data, response) = try await session.data(for: request)
            } catch {
                if isLast {
                    throw SimulationError(
                        code: .transport, message: "POST \(target) (batch \(batch)) failed \(attempt) times: \(error)")
                }
                try await Task.sleep(for: .milliseconds(250 << attempt))
                continue
            }
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            if (200..<300).contains(status) { return false }
            if status == 409 { return true }
            if (status == 429 || status >= 500) && !isLast {
                try await Task.sleep(for: .milliseconds(250 << attempt))
                continue
            }
            let answer = String(decoding: data.prefix(300), as: UTF8.self)
            throw SimulationError(
                code: .transport, message: "POST \(target) (batch \(batch)) answered \(status): \(answer)")
        }
        return false
    }
}

/// How one batch's request ended.
struct BatchOutcome: Sendable {
    var index: Int
    var count: Int
    var conflict = false
    var error: SimulationError? = nil
}

/// Which batches are acknowledged: the count of leading batches all done, and the ones done past it.
struct AcknowledgementTracker {
    /// Batches acknowledged by an earlier run, skipped in this one.
    let skipped: Int
    /// Leading batches all acknowledged.
    private(set) var watermark: Int
    /// Statements in acknowledged batches (leading or not) and skipped ones.
    var statements = 0
    private var doneAhead: [Int: Int] = [:]

    init(skipping skipped: Int) {
        self.skipped = skipped
        watermark = skipped
    }

    /// Marks a batch acknowledged; returns whether the watermark moved.
    mutating func acknowledge(_ index: Int, statements count: Int) -> Bool {
        statements += count
        doneAhead[index] = count
        let before = watermark
        while doneAhead.removeValue(forKey: watermark) != nil {
            watermark += 1
        }
        return watermark != before
    }
}
