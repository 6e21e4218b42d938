extension Database {
    /// How a database is opened and tuned; every default is visible in the initializer.
    ///
    /// WAL journal mode and foreign keys are always on.
    public struct Options: Sendable {
        /// How hard SQLite works to make each commit survive a power cut.
        public enum Synchronous: Sendable, Hashable {
            /// An fsync at every commit: a committed transaction survives power loss.
            case full
            /// In WAL mode, fsync only at checkpoints: commits survive a crash of the process but the most
            /// recent ones can be lost on power loss. Faster.
            case normal

            var pragmaValue: String {
                switch self {
                case .full: "FULL"
                case .normal: "NORMAL"
                }
            }
        }

        /// The `synchronous` setting of the writer.
        public var synchronous: Synchronous
        /// How long a connection waits for a lock held by another process before failing with busy.
        public var busyTimeout: Duration
        /// Page cache size per connection, in KiB.
        public var pageCacheKiB: Int
        /// How many read-only connections serve ``Database/read(_:)``; 0 sends reads to the writer.
        public var readConnectionCount: Int
        /// How many prepared statements each connection keeps.
        public var statementCacheCapacity: Int
        /// The most writes ``Database/writeBatched(_:)`` puts into one transaction.
        public var maximumBatchSize: Int
        /// Whether opening runs `PRAGMA quick_check` (reads the whole file) and refuses a damaged one.
        public var runsQuickCheckOnOpen: Bool

        /// Creates options; every parameter has the default a service should start from.
        ///
        /// - Parameters:
        ///   - synchronous: `.full`: every commit is durable.
        ///   - busyTimeout: 5 seconds.
        ///   - pageCacheKiB: 8 MiB per connection.
        ///   - readConnectionCount: 2 read connections.
        ///   - statementCacheCapacity: 64 statements per connection.
        ///   - maximumBatchSize: 256 writes per group commit.
        ///   - runsQuickCheckOnOpen: Off; the file header is always checked.
        public init(
            synchronous: Synchronous = .full,
            busyTimeout: Duration = .seconds(5),
            pageCacheKiB: Int = 8 * 1024,
            readConnectionCount: Int = 2,
            statementCacheCapacity: Int = 64,
            maximumBatchSize: Int = 256,
            runsQuickCheckOnOpen: Bool = false
        ) {
            self.synchronous = synchronous
            self.busyTimeout = busyTimeout
            self.pageCacheKiB = pageCacheKiB
            self.readConnectionCount = readConnectionCount
            self.statementCacheCapacity = statementCacheCapacity
            self.maximumBatchSize = maximumBatchSize
            self.runsQuickCheckOnOpen = runsQuickCheckOnOpen
        }
    }

    /// Where a database lives.
    enum Location: Sendable, CustomStringConvertible {
        case file(String)
        case memory

        var isMemory: Bool {
            if case .memory = self { true } else { false }
        }

        /// What `sqlite3_open_v2` is given.
        var openPath: String {
            switch self {
            case .file(let path): path
            case .memory: ":memory:"
            }
        }

        var description: String {
            switch self {
            case .file(let path): "'\(path)'"
            case .memory: "in-memory database"
            }
        }
    }
}
