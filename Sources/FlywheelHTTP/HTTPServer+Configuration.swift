extension HTTPServer {
    /// How the server listens and what it bounds; every default is visible in `init`.
    public struct Configuration: Sendable {
        /// The numeric IPv4 or IPv6 address to listen on, or `localhost`.
        public var host: String
        /// The port to listen on; 0 picks a free one (read it from `localPort`).
        public var port: UInt16
        /// The largest request body accepted; a longer one is answered with 413.
        public var maximumBodyBytes: Int
        /// Seconds a connection may stay silent (idle keep-alive, or a client sending slowly) before
        /// it is closed; 0 disables the timeout.
        public var connectionTimeoutSeconds: Int
        /// The most connections open at once, divided evenly among the threads; further connections wait
        /// in the kernel's listen queue until one closes.
        public var maximumConnections: Int
        /// The number of libmicrohttpd threads that run the sockets (handlers run on Swift tasks).
        public var threadCount: Int
        /// The kernel's queue of connections not yet accepted.
        public var listenBacklog: Int

        /// Creates a configuration.
        /// - Parameters:
        ///   - host: The address to listen on.
        ///   - port: The port, 0 for an ephemeral one.
        ///   - maximumBodyBytes: The body limit in bytes.
        ///   - connectionTimeoutSeconds: The idle/slow-client timeout in seconds.
        ///   - maximumConnections: The cap on simultaneous connections.
        ///   - threadCount: The number of socket threads.
        ///   - listenBacklog: The listen queue length.
        public init(
            host: String = "127.0.0.1",
            port: UInt16 = 0,
            maximumBodyBytes: Int = 16 * 1024 * 1024,
            connectionTimeoutSeconds: Int = 30,
            maximumConnections: Int = 1024,
            threadCount: Int = 2,
            listenBacklog: Int = 511
        ) {
            self.host = host
            self.port = port
            self.maximumBodyBytes = maximumBodyBytes
            self.connectionTimeoutSeconds = connectionTimeoutSeconds
            self.maximumConnections = maximumConnections
            self.threadCount = threadCount
            self.listenBacklog = listenBacklog
        }

        func validate() throws(HTTPServerError) {
            try Self.require(maximumBodyBytes >= 0, "maximumBodyBytes must be 0 or more, got \(maximumBodyBytes)")
            try Self.require(
                (0...Int(UInt32.max)).contains(connectionTimeoutSeconds),
                "connectionTimeoutSeconds must be between 0 and \(UInt32.max), got \(connectionTimeoutSeconds)")
            try Self.require(
                (1...Int(UInt32.max)).contains(maximumConnections),
                "maximumConnections must be between 1 and \(UInt32.max), got \(maximumConnections)")
            try Self.require(
                (1...256).contains(threadCount), "threadCount must be between 1 and 256, got \(threadCount)")
            try Self.require(
                (1...Int(Int32.max)).contains(listenBacklog), "listenBacklog must be 1 or more, got \(listenBacklog)")
        }

        private static func require(_ condition: Bool, _ message: String) throws(HTTPServerError) {
            if !condition {
                throw HTTPServerError(code: .invalidConfiguration, message: message)
            }
        }
    }
}
