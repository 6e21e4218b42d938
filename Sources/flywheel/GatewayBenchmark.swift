import FlywheelContracts
import FlywheelGateway
import FlywheelHTTP
import FlywheelIngest
import FlywheelNet
import FlywheelRPC
import COpenSSL
import Foundation
import Synchronization

/// Statements through the whole write path — HTTP, validation, the gateway's RPC to ingest over mutual TLS,
/// and the store — then GET latency for common filters over what was stored.
struct GatewayBenchmark {
    let certs: String
    let statements: Int
    let rawBaseline: Double

    func run() async throws -> [[String]] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("flywheel-gateway-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        // Ingest behind a real TLS listener, the gateway calling it with its own certificate.
        let store = try StatementStore(path: folder.appendingPathComponent("ingest.sqlite").path)
        let documents = try DocumentStore(path: folder.appendingPathComponent("documents.sqlite").path)
        let attachments = try AttachmentStore(path: folder.appendingPathComponent("attachments.sqlite").path)
        let rpc = RPCServer()
        rpc.register(IngestService(store: store).rpcService, policy: IngestService.accessPolicy)
        rpc.register(
            DocumentsService(documents: documents, statements: store, attachments: attachments).rpcService,
            policy: DocumentsService.accessPolicy)
        let group = try EventLoopGroup()
        let listener = try TCPListener(
            host: "127.0.0.1", port: 0, tls: try TLSConfiguration.mesh(directory: certs, service: "ingest").makeContext(),
            group: group, onConnection: { rpc.serve($0) }, onRefusal: { _ in })
        let connector = TLSConnector(context: try TLSConfiguration.mesh(directory: certs, service: "gateway").makeContext(), group: group)
        let ingest = IngestV1.Ingest.Client(channel: connector.channel(service: "ingest", address: "127.0.0.1:\(listener.localPort)"))

        let credentials = try await CredentialStore.open(path: folder.appendingPathComponent("gateway.sqlite").path)
        try await credentials.install(key: "bench", secret: "bench-secret-0123456789", name: "bench", scopes: [.all])
        let gateway = XAPIGateway(ingest: ingest, credentials: credentials)
        let http = HTTPServer(configuration: HTTPServer.Configuration(host: "127.0.0.1", port: 0)) { await gateway.handle($0) }
        try http.start()
        let port = http.localPort ?? 0

        var rows: [[String]] = []
        for (batch, clients) in [(1, 4), (100, 4), (1000, 2)] {
            let count = batch == 1 ? min(statements, 4000) : statements
            let rate = try await post(port: port, total: count, batch: batch, clients: clients)
            rows.append([
                "gateway POST, batch \(batch), \(clients) clients", "\(Int(rate)) statements/s", "-", "-",
                rawBaseline > 0 ? String(format: "%.2f× raw SQLite", rate / rawBaseline) : "-",
            ])
        }
        rows += try await documentAndAttachmentRows(port: port)
        let stored = try await ingest.stats(IngestV1.StatsRequest()).statementCount
        let queries = [
            ("agent", "agent=" + Self.encode(#"{"mbox":"mailto:learner7@example.com"}"#) + "&limit=10"),
            ("verb", "verb=" + Self.encode("http://adlnet.gov/expapi/verbs/completed") + "&limit=10"),
            ("activity", "activity=" + Self.encode("https://example.com/courses/3") + "&limit=10"),
            ("newest 10", "limit=10"),
        ]
        // Right after the writes, then again once the machine has been idle for 10 s.
        for (when, pause) in [("after the writes", Duration.zero), ("after 10 s idle", .seconds(10))] {
            try await Task.sleep(for: pause)
            for (label, query) in queries {
                let (p50, p95) = try Self.latency(port: port, path: "/xapi/statements?\(query)", requests: 300)
                rows.append([
                    "gateway GET by \(label), \(when)", "\(stored) stored", Self.format(p50), Self.format(p95),
                    "p95 in the p99 column",
                ])
            }
        }

        await http.shutdown(gracePeriod: .seconds(1))
        listener.close()
        await documents.close()
        await attachments.close()
        await store.close()
        await group.shutdown()
        return rows
    }

    /// State document PUT and GET rates, and multipart statements each carrying a 10 KB attachment.
    private func documentAndAttachmentRows(port: UInt16) async throws -> [[String]] {
        let document = Array(#"{"bookmark":"page-7","answers":[1,2,3],"notes":"\#(String(repeating: "x", count: 900))"}"#.utf8)
        let agent = Self.encode(#"{"mbox":"mailto:learner1@example.com"}"#)
        let puts = 4000
        let putRate = try await Self.load(port: port, requests: puts, clients: 4) { client, index in
            try client.xapi(
                "PUT",
                "/xapi/activities/state?activityId=\(Self.encode("https://example.com/courses/\(index % 50)"))&agent=\(agent)&stateId=s\(index)",
                body: document) == 204
        }
        let getRate = try await Self.load(port: port, requests: puts, clients: 4) { client, index in
            try client.xapi(
                "GET",
                "/xapi/activities/state?activityId=\(Self.encode("https://example.com/courses/\(index % 50)"))&agent=\(agent)&stateId=s\(index)",
                body: []) == 200
        }
        let content = [UInt8]((0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        var digest = [UInt8](repeating: 0, count: 32)
        _ = content.withUnsafeBufferPointer { SHA256($0.baseAddress, $0.count, &digest) }
        let sha2 = digest.map { String(format: "%02x", $0) }.joined()
        let multipartRate = try await Self.load(port: port, requests: 2000, clients: 4) { client, index in
            let statement = Self.statement(index).dropLast() + #","attachments":[{"usageType":"https://example.com/attachments/certificate","display":{"en-US":"certificate"},"contentType":"application/octet-stream","length":\#(content.count),"sha2":"\#(sha2)"}]}"#
            var body = Array("--fwbench\r\nContent-Type: application/json\r\n\r\n\(statement)\r\n--fwbench\r\n".utf8)
            body += Array("Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: binary\r\nX-Experience-API-Hash: \(sha2)\r\n\r\n".utf8)
            body += content + Array("\r\n--fwbench--\r\n".utf8)
            return try client.xapi("POST", "/xapi/statements", body: body, contentType: "multipart/mixed; boundary=fwbench") == 200
        }
        return [
            ["gateway PUT State document (1 KB), 4 clients", "\(Int(putRate)) documents/s", "-", "-", "each PUT a new document"],
            ["gateway GET State document, 4 clients", "\(Int(getRate)) documents/s", "-", "-", ""],
            ["gateway POST multipart statement + 10 KB attachment, 4 clients", "\(Int(multipartRate)) statements/s", "-", "-", "sha2 checked"],
        ]
    }

    /// Runs `requests` numbered requests from `clients` threads; returns requests per second.
    static func load(
        port: UInt16, requests: Int, clients: Int, _ body: @escaping @Sendable (LoopbackClient, Int) throws -> Bool
    ) async throws -> Double {
        let counters = PostCounters()
        let started = ContinuousClock.now
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<clients {
                group.addTask {
                    do {
                        try await LoopbackClient.onOwnThread {
                            let client = try LoopbackClient(port: port, receiveTimeoutSeconds: 60)
                            while true {
                                let index = counters.next.add(1, ordering: .relaxed).oldValue
                                if index >= requests { return }
                                if (try? body(client, index)) != true { counters.failures.add(1, ordering: .relaxed) }
                            }
                        }
                    } catch {
                        counters.failures.add(1, ordering: .relaxed)
                    }
                }
            }
        }
        let elapsed = ContinuousClock.now - started
        let failed = counters.failures.load(ordering: .relaxed)
        if failed > 0 { throw CommandError("\(failed) of \(requests) requests failed") }
        return Double(requests) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    private static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }

    private static func format(_ seconds: Double) -> String {
        seconds < 0.001 ? String(format: "%.0f µs", seconds * 1e6) : String(format: "%.2f ms", seconds * 1000)
    }

    static func statement(_ number: Int) -> String {
        #"{"id":"\#(UUID().uuidString.lowercased())","actor":{"objectType":"Agent","mbox":"mailto:learner\#(number % 500)@example.com"},"verb":{"id":"http://adlnet.gov/expapi/verbs/\#(number % 3 == 0 ? "completed" : "experienced")","display":{"en-US":"did"}},"object":{"objectType":"Activity","id":"https://example.com/courses/\#(number % 40)","definition":{"name":{"en-US":"Course \#(number % 40)"}}},"result":{"score":{"scaled":0.\#(number % 10)},"success":true},"context":{"registration":"\#(UUID().uuidString.lowercased())"}}"#
    }

    /// Posts `total` statements in batches from `clients` keep-alive connections, each on a thread of its own.
    private func post(port: UInt16, total: Int, batch: Int, clients: Int) async throws -> Double {
        let batches = total / batch
        let requestsPerSecond = try await Self.load(port: port, requests: batches, clients: clients) { client, index in
            let body = "[" + (0..<batch).map { Self.statement(index * batch + $0) }.joined(separator: ",") + "]"
            return try client.xapi("POST", "/xapi/statements", body: Array(body.utf8)) == 200
        }
        return requestsPerSecond * Double(batch)
    }

    private static func latency(port: UInt16, path: String, requests: Int) throws -> (Double, Double) {
        let client = try LoopbackClient(port: port, receiveTimeoutSeconds: 60)
        var samples: [Double] = []
        for _ in 0..<requests {
            let begin = ContinuousClock.now
            guard try client.xapi("GET", path, body: []) == 200 else { throw CommandError("GET \(path) failed") }
            let spent = ContinuousClock.now - begin
            samples.append(Double(spent.components.seconds) + Double(spent.components.attoseconds) / 1e18)
        }
        samples.sort()
        return (samples[samples.count / 2], samples[samples.count * 95 / 100])
    }
}

/// Shared between the load threads: the next batch to send and how many failed.
final class PostCounters: Sendable {
    let next = Atomic(0)
    let failures = Atomic(0)
}

extension LoopbackClient {
    /// Sends one xAPI request with the benchmark's credential and reads the whole response; returns its status.
    func xapi(_ method: String, _ path: String, body: [UInt8], contentType: String = "application/json") throws -> Int {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic \(Self.benchAuthorization)\r\n"
        head += "X-Experience-API-Version: 1.0.3\r\nContent-Type: \(contentType)\r\nContent-Length: \(body.count)\r\n\r\n"
        try send(Array(head.utf8) + body)
        return try readResponse().status
    }

    private static let benchAuthorization = Data("bench:bench-secret-0123456789".utf8).base64EncodedString()
}
