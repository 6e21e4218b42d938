import FlywheelSimulation
import FlywheelXAPI
import Foundation
import Synchronization
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// An LRS stand-in behind URLSession: records every POST and refuses the batch holding a chosen statement.
final class StubLRS: URLProtocol {
    struct Received: Sendable {
        var headers: [String: String]
        var statementIDs: [String]
    }

    struct State: Sendable {
        var received: [Received] = []
        var refusedStatementID: String?
    }

    static let state = Mutex(State())

    override class func canInit(with request: URLRequest) -> Bool { true }
    override class func canonicalRequest(for request: URLRequest) -> URLRequest { request }

    override func startLoading() {
        var body = request.httpBody ?? Data()
        if body.isEmpty, let stream = request.httpBodyStream {
            stream.open()
            var chunk = [UInt8](repeating: 0, count: 65_536)
            while stream.hasBytesAvailable {
                let count = stream.read(&chunk, maxLength: chunk.count)
                if count <= 0 { break }
                body.append(contentsOf: chunk[0..<count])
            }
            stream.close()
        }
        let ids = ((try? JSONValue.parse(body))?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
        let headers = ["Authorization", "X-Experience-API-Version", "Content-Type"].reduce(into: [String: String]()) {
            $0[$1] = request.value(forHTTPHeaderField: $1)
        }
        let refused = Self.state.withLock { state -> Bool in
            if let refused = state.refusedStatementID, ids.contains(refused) { return true }
            state.received.append(Received(headers: headers, statementIDs: ids))
            return false
        }
        let status = refused ? 400 : 200
        let answer =
            refused ? Data("statement refused".utf8) : Data(JSONValue.array(ids.map { .string($0) }).serialized())
        let response = HTTPURLResponse(
            url: request.url!, statusCode: status, httpVersion: "HTTP/1.1", headerFields: nil)!
        client?.urlProtocol(self, didReceive: response, cacheStoragePolicy: .notAllowed)
        client?.urlProtocol(self, didLoad: answer)
        client?.urlProtocolDidFinishLoading(self)
    }

    override func stopLoading() {}

    static func session() -> URLSession {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.protocolClasses = [StubLRS.self]
        return URLSession(configuration: configuration)
    }
}

@Suite("Sending statements to an LRS", .serialized)
struct StatementSenderTests {
    let simulation: Simulation
    let allIDs: [String]
    let progressPath = FileManager.default.temporaryDirectory.appendingPathComponent(
        "simulate-progress-\(UUID().uuidString).json"
    ).path

    init() throws {
        let simulation = try Simulation(configuration: SimulationConfiguration(learners: 6, seed: 21))
        self.simulation = simulation
        allIDs = (0..<6).flatMap { simulation.statements(forLearner: $0) }.compactMap { $0["id"]?.stringValue }
        StubLRS.state.withLock { $0 = StubLRS.State() }
    }

    private func sender(batchSize: Int, concurrency: Int) throws -> StatementSender {
        let endpoint = try LRSEndpoint(base: "http://lrs.test/xapi/", key: "k", secret: "s", version: .v2_0_0)
        return StatementSender(
            endpoint: endpoint, batchSize: batchSize, concurrency: concurrency, maximumAttempts: 1,
            session: StubLRS.session())
    }

    @Test("posts every statement once, in batches, with Basic auth and the version header")
    func sendsBatches() async throws {
        defer { try? FileManager.default.removeItem(atPath: progressPath) }
        let summary = try await sender(batchSize: 50, concurrency: 3).send(simulation, progressPath: progressPath)
        let received = StubLRS.state.withLock { $0.received }
        #expect(summary.statementsSent == allIDs.count)
        #expect(summary.batchesSent == (allIDs.count + 49) / 50)
        #expect(received.count == summary.batchesSent)
        #expect(received.allSatisfy { $0.statementIDs.count <= 50 })
        #expect(Set(received.flatMap(\.statementIDs)) == Set(allIDs))
        #expect(received.flatMap(\.statementIDs).count == allIDs.count)
        #expect(
            received.allSatisfy { $0.headers["Authorization"] == "Basic " + Data("k:s".utf8).base64EncodedString() })
        #expect(received.allSatisfy { $0.headers["X-Experience-API-Version"] == "2.0.0" })
        #expect(received.allSatisfy { $0.headers["Content-Type"] == "application/json" })
    }

    @Test("a rerun after a refused batch continues after the last acknowledged batch")
    func resumes() async throws {
        defer { try? FileManager.default.removeItem(atPath: progressPath) }
        let refusedBatch = 3
        StubLRS.state.withLock { $0.refusedStatementID = allIDs[refusedBatch * 40] }
        await #expect(throws: SimulationError.self) {
            try await sender(batchSize: 40, concurrency: 1).send(simulation, progressPath: progressPath)
        }
        let firstRun = StubLRS.state.withLock { state -> [String] in
            let ids = state.received.flatMap(\.statementIDs)
            state = StubLRS.State()
            return ids
        }
        #expect(firstRun == Array(allIDs.prefix(refusedBatch * 40)))

        let summary = try await sender(batchSize: 40, concurrency: 2).send(simulation, progressPath: progressPath)
        let secondRun = StubLRS.state.withLock { $0.received.flatMap(\.statementIDs) }
        #expect(summary.batchesSkipped == refusedBatch)
        #expect(Set(secondRun) == Set(allIDs.dropFirst(refusedBatch * 40)))
        #expect(secondRun.count + firstRun.count == allIDs.count)
    }

    @Test("a progress file from another run is refused")
    func refusesForeignProgress() async throws {
        defer { try? FileManager.default.removeItem(atPath: progressPath) }
        _ = try await sender(batchSize: 100, concurrency: 2).send(simulation, progressPath: progressPath)
        let other = try Simulation(configuration: SimulationConfiguration(learners: 6, seed: 22))
        await #expect(throws: SimulationError.self) {
            try await sender(batchSize: 100, concurrency: 2).send(other, progressPath: progressPath)
        }
    }
}
