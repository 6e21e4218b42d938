extension XAPIGateway {
    /// Where the gateway serves xAPI and what it bounds; every default is visible in `init`.
    public struct Configuration: Sendable {
        /// The path under which the xAPI resources live, starting and ending with `/`.
        public var basePath: String
        /// The IRL that names the LRS in each credential's authority Agent (`account.homePage`).
        public var authorityHomePage: String
        /// The largest statement content accepted, alternate-syntax content included.
        public var maximumBodyBytes: Int
        /// How long one call to the ingest service may take.
        public var ingestTimeout: Duration
        /// How many ingest pages a `statements/read/mine` query reads at most to find one of its own statements.
        public var mineScanPages: Int

        /// Creates a configuration.
        /// - Parameters:
        ///   - basePath: The xAPI base path; a missing leading or trailing `/` is added.
        ///   - authorityHomePage: The home page of authority accounts.
        ///   - maximumBodyBytes: The content limit in bytes.
        ///   - ingestTimeout: The bound on each ingest call.
        ///   - mineScanPages: The page bound for `statements/read/mine` queries.
        public init(
            basePath: String = "/xapi/",
            authorityHomePage: String = "http://127.0.0.1:8080/xapi/",
            maximumBodyBytes: Int = 16 * 1024 * 1024,
            ingestTimeout: Duration = .seconds(10),
            mineScanPages: Int = 20
        ) {
            var path = basePath.hasPrefix("/") ? basePath : "/" + basePath
            if !path.hasSuffix("/") {
                path += "/"
            }
            self.basePath = path
            self.authorityHomePage = authorityHomePage
            self.maximumBodyBytes = maximumBodyBytes
            self.ingestTimeout = ingestTimeout
            self.mineScanPages = mineScanPages
        }
    }
}
