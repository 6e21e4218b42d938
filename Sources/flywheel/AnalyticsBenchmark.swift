import FlywheelContracts
import FlywheelDashboards
import FlywheelGateway
import FlywheelHTTP
import FlywheelIngest
import FlywheelIntelligence
import FlywheelNet
import FlywheelRPC
import FlywheelSimulation
import Foundation
import Synchronization

/// The analytics read path over a simulated organisation: how far the intelligence follower trails ingest at
/// full write rate, how fast a fresh follower catches up on everything stored, and how quickly the dashboards
/// answer over the result.
struct AnalyticsBenchmark {
    let certs: String
    let statements: Int

    /// The simulated organisation: a year of learning, about 186 statements per learner.
    private var simulation: Simulation {
        get throws {
            try Simulation(configuration: SimulationConfiguration(learners: max(20, statements / 186), days: 365, seed: 7))
        }
    }

    func run() async throws -> [[String]] {
        let simulation = try simulation
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("flywheel-analytics-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        // Ingest behind a real TLS listener; the gateway writes to it, the followers read its Feed.
        let store = try StatementStore(path: folder.appendingPathComponent("ingest.sqlite").path)
        let rpc = RPCServer()
        rpc.register(IngestService(store: store).rpcService, policy: IngestService.accessPolicy)
        let group = try EventLoopGroup()
        let listener = try TCPListener(
            host: "127.0.0.1", port: 0,
            tls: try TLSConfiguration.mesh(directory: certs, service: "ingest").makeContext(),
            group: group, onConnection: { rpc.serve($0) }, onRefusal: { _ in })
        let address = "127.0.0.1:\(listener.localPort)"
        let gatewayTLS = TLSConnector(
            context: try TLSConfiguration.mesh(directory: certs, service: "gateway").makeContext(), group: group)
        let intelligenceTLS = TLSConnector(
            context: try TLSConfiguration.mesh(directory: certs, service: "intelligence").makeContext(), group: group)
        let ingestChannel = gatewayTLS.channel(service: "ingest", address: address)
        let ingest = IngestV1.Ingest.Client(channel: ingestChannel)

        let credentials = try await CredentialStore.open(path: folder.appendingPathComponent("gateway.sqlite").path)
        try await credentials.install(key: "bench", secret: "bench-secret-0123456789", name: "bench", scopes: [.all])
        let gateway = XAPIGateway(ingest: ingest, credentials: credentials)
        let http = HTTPServer(configuration: HTTPServer.Configuration(host: "127.0.0.1", port: 0)) {
            await gateway.handle($0)
        }
        try http.start()
        let port = http.localPort ?? 0
        let deadline = Duration.seconds(max(60, statements / 1000))

        // 1. Feed lag while the gateway stores at full rate.
        let liveStore = try IntelligenceStore(path: folder.appendingPathComponent("live.sqlite").path)
        let liveChannel = intelligenceTLS.channel(service: "ingest", address: address)
        let live = FeedFollower(store: liveStore, ingest: IngestV1.Ingest.Client(channel: liveChannel))
        let liveTask = Task { await live.run() }
        let lag = LagRecord()
        let sampler = Task {
            while !Task.isCancelled {
                let sampledAt = ContinuousClock.now
                if let last = try? await ingest.stats(IngestV1.StatsRequest()).lastSequence, last > 0 {
                    let backlog = last > live.appliedSequence ? last - live.appliedSequence : 0
                    lag.sampled(backlog: backlog)
                    Task {
                        await live.waitUntilApplied(last)
                        lag.reached(after: ContinuousClock.now - sampledAt)
                    }
                }
                try? await Task.sleep(until: sampledAt + .milliseconds(50), clock: .continuous)
            }
        }
        // Someone keeps the overview open meanwhile: a page every 250 ms from the store being followed.
        let liveServer = RPCServer()
        liveServer.register(IntelligenceService(store: liveStore).rpcService, policy: IntelligenceService.accessPolicy)
        let liveReader = liveServer.inProcessChannel(identity: "gateway")
        let liveSite = DashboardSite(
            intelligence: IntelligenceV1.Intelligence.Client(channel: liveReader), authorize: { _ in .learners })
        let viewer = Task {
            var samples: [Double] = []
            while !Task.isCancelled {
                let begin = ContinuousClock.now
                _ = await liveSite.handle(HTTPRequest(method: .get, path: "/dashboards/"))
                samples.append(Self.seconds(ContinuousClock.now - begin))
                try? await Task.sleep(until: begin + .milliseconds(250), clock: .continuous)
            }
            return samples.sorted()
        }
        let started = ContinuousClock.now
        try await post(simulation, port: port)
        let stats = try await ingest.stats(IngestV1.StatsRequest())
        let storeRate = Double(stats.statementCount) / Self.seconds(ContinuousClock.now - started)
        sampler.cancel()
        await sampler.value
        viewer.cancel()
        let viewed = await viewer.value
        liveReader.close()
        try await Self.waitUntil(deadline, "the live follower to reach sequence \(stats.lastSequence)") {
            live.appliedSequence >= stats.lastSequence
        }
        try await Self.waitUntil(.seconds(5), "every lag sample to be reached") { lag.isComplete }
        liveTask.cancel()
        await liveTask.value
        liveChannel.close()
        let (lagP50, lagP95) = lag.percentiles()
        var rows: [[String]] = [
            [
                "Feed lag behind ingest, gateway POST batch 100, 4 clients",
                "max backlog \(lag.maximumBacklog) statements",
                Self.format(lagP50), Self.format(lagP95),
                "p95 in the p99 column; \(lag.sampleCount) samples every 50 ms, \(Int(storeRate)) stored/s",
            ],
            [
                "dashboard overview page during that ingest, every 250 ms", "\(viewed.count) pages",
                Self.format(viewed.isEmpty ? 0 : viewed[viewed.count / 2]),
                Self.format(viewed.isEmpty ? 0 : viewed[viewed.count * 95 / 100]),
                "p95 in the p99 column; over the growing store, no directory",
            ],
        ]

        // 2. A fresh follower catching up on everything stored.
        let caughtUp = try IntelligenceStore(path: folder.appendingPathComponent("catch-up.sqlite").path)
        let catchUpChannel = intelligenceTLS.channel(service: "ingest", address: address)
        let catchUp = FeedFollower(store: caughtUp, ingest: IngestV1.Ingest.Client(channel: catchUpChannel))
        let catchUpStarted = ContinuousClock.now
        let catchUpTask = Task { await catchUp.run() }
        try await Self.waitUntil(deadline, "the catch-up follower to reach sequence \(stats.lastSequence)") {
            catchUp.appliedSequence >= stats.lastSequence
        }
        let catchUpRate = Double(stats.statementCount) / Self.seconds(ContinuousClock.now - catchUpStarted)
        catchUpTask.cancel()
        await catchUpTask.value
        catchUpChannel.close()
        rows.append([
            "intelligence catch-up from sequence 0", "\(Int(catchUpRate)) statements/s", "-", "-",
            String(format: "%.2f× ingest's store rate (%d/s)", catchUpRate / storeRate, Int(storeRate)),
        ])

        // 3. Dashboard pages over the caught-up store, through the intelligence service in process.
        rows += try await dashboardRows(store: caughtUp, simulation: simulation, facts: stats.statementCount)

        await http.shutdown(gracePeriod: .seconds(1))
        ingestChannel.close()
        listener.close()
        await liveStore.close()
        await caughtUp.close()
        await store.close()
        await group.shutdown()
        return rows
    }

    /// The simulation's directory and a segment in the store, then sequential requests for each page: the first
    /// (which may fill caches) apart, p50 and p95 of the rest.
    private func dashboardRows(store: IntelligenceStore, simulation: Simulation, facts: UInt64) async throws -> [[String]] {
        let server = RPCServer()
        server.register(IntelligenceService(store: store).rpcService, policy: IntelligenceService.accessPolicy)
        let cliChannel = server.inProcessChannel(identity: "cli")
        let cli = IntelligenceV1.Intelligence.Client(channel: cliChannel)
        let learners = simulation.configuration.learners
        let csv = LearnerDirectory.csv((0..<learners).map(simulation.learner(at:)))
        _ = try await cli.importLearners(IntelligenceV1.ImportLearnersRequest(content: Array(csv.utf8), format: "csv"))
        _ = try await cli.defineSegment(IntelligenceV1.DefineSegmentRequest(name: "new-joiners", filter: "tenure<1y"))
        cliChannel.close()

        let channel = server.inProcessChannel(identity: "gateway")
        let catalogue = simulation.configuration.catalogue
        let courses = catalogue.courses.map { DashboardCourse(id: catalogue.courseID($0), title: $0.slug) }
        let site = DashboardSite(
            intelligence: IntelligenceV1.Intelligence.Client(channel: channel), courses: courses, authorize: { _ in .learners })
        // Paths as the HTTP server hands them over: already percent-decoded.
        let pages = [
            ("overview", "/dashboards/"),
            ("course", "/dashboards/courses/" + courses[min(2, courses.count - 1)].id),
            ("segment", "/dashboards/segments/new-joiners"),
            ("learner", "/dashboards/learners/" + simulation.learner(at: min(7, learners - 1)).employeeID),
        ]
        var rows: [[String]] = []
        for (label, path) in pages {
            var samples: [Double] = []
            for _ in 0..<201 {
                let begin = ContinuousClock.now
                let response = await site.handle(HTTPRequest(method: .get, path: path))
                guard let response, response.status == 200 else {
                    throw CommandError("dashboard \(path) answered \(response.map { "\($0.status)" } ?? "nothing")")
                }
                samples.append(Self.seconds(ContinuousClock.now - begin))
            }
            let first = samples.removeFirst()
            samples.sort()
            rows.append([
                "dashboard \(label) page, 1 request at a time", "\(facts) statements",
                Self.format(samples[samples.count / 2]), Self.format(samples[samples.count * 95 / 100]),
                "p95 in the p99 column; first request \(Self.format(first)); in-process RPC",
            ])
        }
        channel.close()
        return rows
    }

    /// Posts every simulated learner's statements in batches of 100 from 4 keep-alive connections, each on a
    /// thread of its own: one learner per request number.
    private func post(_ simulation: Simulation, port: UInt16) async throws {
        _ = try await GatewayBenchmark.load(port: port, requests: simulation.configuration.learners, clients: 4) {
            client, learner in
            let statements = simulation.statements(forLearner: learner).map { $0.serialized() }
            for start in stride(from: 0, to: statements.count, by: 100) {
                let batch = statements[start..<min(start + 100, statements.count)]
                let body = Array("[".utf8) + Array(batch.joined(separator: Array(",".utf8))) + Array("]".utf8)
                guard try client.xapi("POST", "/xapi/statements", body: body) == 200 else {
                    return false
                }
            }
            return true
        }
    }

    /// Polls `condition` every 10 ms until it holds; throws once `limit` has passed.
    private static func waitUntil(
        _ limit: Duration, _ what: String, _ condition: @Sendable () -> Bool
    ) async throws {
        let end = ContinuousClock.now + limit
        while !condition() {
            guard ContinuousClock.now < end else { throw CommandError("gave up waiting \(limit) for \(what)") }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    private static func format(_ seconds: Double) -> String {
        seconds < 0.001 ? String(format: "%.0f µs", seconds * 1e6) : String(format: "%.2f ms", seconds * 1000)
    }
}

/// Feed lag samples, written by the sampler and by the tasks waiting for the follower to reach each sample.
final class LagRecord: Sendable {
    private struct State {
        var sampled = 0
        var backlog: UInt64 = 0
        var lags: [Double] = []
    }

    private let state = Mutex(State())

    var sampleCount: Int { state.withLock { $0.sampled } }
    var maximumBacklog: UInt64 { state.withLock { $0.backlog } }
    var isComplete: Bool { state.withLock { $0.lags.count == $0.sampled } }

    func sampled(backlog: UInt64) {
        state.withLock { state in
            state.sampled += 1
            state.backlog = max(state.backlog, backlog)
        }
    }

    func reached(after duration: Duration) {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        state.withLock { $0.lags.append(seconds) }
    }

    /// The p50 and p95 of the lags reached so far; zeros when there are none.
    func percentiles() -> (Double, Double) {
        let sorted = state.withLock { $0.lags.sorted() }
        guard !sorted.isEmpty else { return (0, 0) }
        return (sorted[sorted.count / 2], sorted[min(sorted.count - 1, sorted.count * 95 / 100)])
    }
}
