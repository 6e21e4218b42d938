/// Why a dashboard request could not be answered with a page.
public struct DashboardRequestError: Error, Sendable, CustomStringConvertible {
    /// What kind of problem it is; each maps to an HTTP status.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Kind: Sendable, Hashable {
            case badFilter, forbidden, notFound, unavailable
        }

        private let kind: Kind

        private init(_ kind: Kind) {
            self.kind = kind
        }

        /// A query filter is malformed (HTTP 400).
        public static let badFilter = Code(.badFilter)
        /// The credentials may not see this page (HTTP 403).
        public static let forbidden = Code(.forbidden)
        /// The page names a course, segment or learner that does not exist (HTTP 404).
        public static let notFound = Code(.notFound)
        /// The intelligence service failed or could not be reached (HTTP 502).
        public static let unavailable = Code(.unavailable)

        /// The HTTP status this code is answered with.
        public var httpStatus: Int {
            switch kind {
            case .badFilter: 400
            case .forbidden: 403
            case .notFound: 404
            case .unavailable: 502
            }
        }

        /// The code's name.
        public var description: String {
            switch kind {
            case .badFilter: "bad filter"
            case .forbidden: "forbidden"
            case .notFound: "not found"
            case .unavailable: "intelligence unavailable"
            }
        }
    }

    /// The kind of problem.
    public var code: Code
    /// What broke, in words a learning team can act on.
    public var message: String

    /// Creates an error.
    /// - Parameters:
    ///   - code: The kind of problem.
    ///   - message: What broke.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The code and message.
    public var description: String { "\(code): \(message)" }
}
