// flywheel-gateway: the xAPI Statements API over HTTP, in front of the ingest service.
import FlywheelContracts
import FlywheelDashboards
import FlywheelGateway
import FlywheelHTTP
import FlywheelRPC
import FlywheelService
import Foundation

let gatewayKeys: [ServiceConfiguration.Key] = [
    .init("http", default: "127.0.0.1:8080", help: "host:port the xAPI HTTP server listens on"),
    .init("base-path", default: "/xapi/", help: "path under which the xAPI resources are served"),
    .init("body-limit", default: "16777216", help: "largest request body in bytes (413 beyond)"),
    .init("http-timeout", default: "30", help: "seconds an HTTP connection may stay silent"),
    .init("credential-store", default: "", help: "SQLite file of credentials; empty means <data>/gateway.sqlite"),
    .init("dashboard-catalogue", default: "", help: "catalogue JSON whose courses the dashboards list"),
    .init("demo-credential", default: "", help: "key:secret of a credential with scope all, created at start"),
    .init("authority-home-page", default: "", help: "homePage of authority accounts; empty means the base URL"),
    // Documents and attachments travel to ingest whole in one RPC message: 16 MiB of content plus room for the
    // key, content type and framing, as the ingest service allows.
    .init("max-message-bytes", default: "\((16 << 20) + (64 << 10))", help: "largest RPC message accepted"),
]

func runGateway() async -> Int32 {
    let host: ServiceHost
    do {
        host = try ServiceHost(name: "gateway", extraKeys: gatewayKeys)
    } catch {
        FileHandle.standardError.write(Data("flywheel-gateway: \(error)\n".utf8))
        return 1
    }
    let logger = host.logger
    let configuration = host.configuration
    let server: HTTPServer
    let credentials: CredentialStore
    do {
        let http = try configuration.address("http")
        let bodyLimit = try configuration.integer("body-limit", in: 1024...(1 << 30))
        let timeout = try configuration.integer("http-timeout", in: 1...3600)
        let basePath = configuration.string("base-path")
        let configuredHome = configuration.string("authority-home-page")
        let storePath = configuration.string("credential-store").isEmpty
            ? "\(configuration.string("data"))/gateway.sqlite" : configuration.string("credential-store")
        try FileManager.default.createDirectory(
            atPath: (storePath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        credentials = try await CredentialStore.open(path: storePath)
        let demo = configuration.string("demo-credential")
        if !demo.isEmpty {
            guard let colon = demo.firstIndex(of: ":") else {
                throw ConfigurationError("demo-credential = '\(demo)': expected key:secret")
            }
            try await credentials.install(
                key: String(demo[..<colon]), secret: String(demo[demo.index(after: colon)...]), name: "demo",
                scopes: [.all])
        }
        var gatewayConfiguration = XAPIGateway.Configuration(basePath: basePath, maximumBodyBytes: bodyLimit)
        gatewayConfiguration.authorityHomePage = configuredHome.isEmpty
            ? "http://\(http.host):\(http.port)\(gatewayConfiguration.basePath)" : configuredHome
        let mesh = try host.makeMesh()
        let gateway = XAPIGateway(
            configuration: gatewayConfiguration, ingest: IngestV1.Ingest.Client(channel: mesh.channel(to: "ingest")),
            credentials: credentials)
        // The dashboards read only the intelligence service, with the same credentials as the xAPI API.
        let catalogue = configuration.string("dashboard-catalogue")
        let courses = CatalogueCourses(path: catalogue)
        let dashboards = DashboardSite(
            intelligence: IntelligenceV1.Intelligence.Client(channel: mesh.channel(to: "intelligence")),
            courseList: { catalogue.isEmpty ? [] : courses.current() },
            authorize: { request in
                guard let scopes = gateway.authenticatedScopes(request) else { return .unauthenticated }
                if scopes.allowsLearnerDashboards { return .learners }
                return scopes.allowsAggregateDashboards ? .aggregates : .forbidden
            })
        server = HTTPServer(
            configuration: HTTPServer.Configuration(
                host: http.host, port: UInt16(http.port), maximumBodyBytes: bodyLimit,
                connectionTimeoutSeconds: timeout),
            handler: { request in
                if let page = await dashboards.handle(request) { return page }
                return await gateway.handle(request)
            })
        try server.start()
        logger.info(
            "xapi listening",
            ["http.address": "\(http.host):\(server.localPort ?? 0)", "base-path": gatewayConfiguration.basePath])
    } catch {
        logger.error("cannot start", ["reason": "\(error)"])
        return 1
    }
    let service = CredentialsService(store: credentials)
    let status = await host.run(services: [(service.rpcService, CredentialsService.accessPolicy)])
    await server.shutdown(gracePeriod: .seconds(5))
    await credentials.close()
    return status
}

exit(await runGateway())
