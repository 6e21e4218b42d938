import Foundation

/// A service's settings, from `services/<name>/<name>.conf`, then `FLYWHEEL_*` environment variables,
/// then `--key value` flags: a later source overrides an earlier one.
///
/// Every key must be declared: a misspelt key in a file or a flag fails at start with a message naming it
/// and where it came from.
public struct ServiceConfiguration: Sendable {
    /// A key a service accepts, with its default.
    public struct Key: Sendable {
        public var name: String
        public var defaultValue: String
        public var help: String

        public init(_ name: String, default defaultValue: String, help: String) {
            self.name = name
            self.defaultValue = defaultValue
            self.help = help
        }
    }

    /// Keys every service has.
    public static let commonKeys: [Key] = [
        Key("listen", default: "127.0.0.1:0", help: "host:port the RPC server listens on (port 0 picks a free one)"),
        Key("registry", default: "127.0.0.1:7400", help: "host:port of the registry"),
        Key("certs", default: ".flywheel/certs", help: "folder with ca.pem and <service>.pem/.key"),
        Key("data", default: ".flywheel/data", help: "folder for the service's SQLite store"),
        Key("instance-id", default: "", help: "unique instance name; generated when empty"),
        Key("lease-ttl", default: "10", help: "seconds a registration lives without a heartbeat"),
        Key("log-level", default: "info", help: "debug, info, warning or error"),
        Key("drain-timeout", default: "10", help: "seconds to wait for calls in progress at shutdown"),
        Key("max-message-bytes", default: "4194304", help: "largest RPC message accepted"),
    ]

    /// The service name.
    public let service: String
    private var values: [String: (value: String, source: String)]
    private let keys: [String: Key]

    /// Reads the configuration of `service` from its file, the environment and the arguments.
    ///
    /// - Parameters:
    ///   - service: the service name, which also names its folder under `services/`.
    ///   - extraKeys: the service's own keys, beyond `commonKeys`.
    ///   - arguments: command-line arguments after the program name (`--key value` or `--key=value`;
    ///     `--config FILE` picks the file).
    ///   - environment: the process environment.
    /// - Throws: `ConfigurationError` naming the key, file or flag that is wrong.
    public init(
        service: String, extraKeys: [Key] = [], arguments: [String], environment: [String: String]
    ) throws(ConfigurationError) {
        self.service = service
        var keys: [String: Key] = [:]
        for key in Self.commonKeys + extraKeys { keys[key.name] = key }
        self.keys = keys
        var values: [String: (String, String)] = [:]
        for key in keys.values { values[key.name] = (key.defaultValue, "default") }

        let flags = try Self.parseFlags(arguments)
        let configPath = flags.first { $0.key == "config" }?.value
            ?? environment["FLYWHEEL_CONFIG"]
            ?? "services/\(service)/\(service).conf"
        let explicitFile = flags.contains { $0.key == "config" } || environment["FLYWHEEL_CONFIG"] != nil
        if FileManager.default.fileExists(atPath: configPath) {
            guard let text = try? String(contentsOfFile: configPath, encoding: .utf8) else {
                throw ConfigurationError("\(configPath): cannot read the configuration file")
            }
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
                guard let equals = trimmed.firstIndex(of: "=") else {
                    throw ConfigurationError("\(configPath):\(number + 1): expected 'key = value', found '\(trimmed)'")
                }
                let key = trimmed[..<equals].trimmingCharacters(in: .whitespaces)
                let value = trimmed[trimmed.index(after: equals)...].trimmingCharacters(in: .whitespaces)
                guard keys[key] != nil else {
                    throw ConfigurationError("\(configPath):\(number + 1): unknown key '\(key)' (known: \(Self.names(keys)))")
                }
                values[key] = (value, "\(configPath):\(number + 1)")
            }
        } else if explicitFile {
            throw ConfigurationError("\(configPath): configuration file not found")
        }

        for key in keys.keys {
            let variable = "FLYWHEEL_" + key.uppercased().replacingOccurrences(of: "-", with: "_")
            if let value = environment[variable] { values[key] = (value, "environment \(variable)") }
        }

        for (key, value) in flags where key != "config" {
            guard keys[key] != nil else {
                throw ConfigurationError("--\(key): unknown flag (known: \(Self.names(keys)), config)")
            }
            values[key] = (value, "flag --\(key)")
        }
        self.values = values
    }

    private static func names(_ keys: [String: Key]) -> String {
        keys.keys.sorted().joined(separator: ", ")
    }

    private static func parseFlags(_ arguments: [String]) throws(ConfigurationError) -> [(key: String, value: String)] {
        var result: [(String, String)] = []
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            guard argument.hasPrefix("--"), argument.count > 2 else {
                throw ConfigurationError("unexpected argument '\(argument)': flags look like --key value")
            }
            let body = argument.dropFirst(2)
            if let equals = body.firstIndex(of: "=") {
                result.append((String(body[..<equals]), String(body[body.index(after: equals)...])))
            } else {
                guard let value = iterator.next() else {
                    throw ConfigurationError("--\(body): missing value")
                }
                result.append((String(body), value))
            }
        }
        return result
    }

    /// The value of a declared key.
    public func string(_ key: String) -> String {
        precondition(keys[key] != nil, "undeclared configuration key \(key)")
        return values[key]!.value
    }

    /// Where a key's value came from, for error messages.
    public func source(of key: String) -> String {
        values[key]?.source ?? "default"
    }

    /// A whole-number value.
    ///
    /// - Throws: `ConfigurationError` naming the key when the value is not a number in range.
    public func integer(_ key: String, in range: ClosedRange<Int> = 0...Int.max) throws(ConfigurationError) -> Int {
        let text = string(key)
        guard let value = Int(text), range.contains(value) else {
            throw ConfigurationError("\(key) = '\(text)' (\(source(of: key))): expected a whole number in \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    /// A `host:port` value.
    ///
    /// - Throws: `ConfigurationError` naming the key when the value is not `host:port`.
    public func address(_ key: String) throws(ConfigurationError) -> (host: String, port: Int) {
        let text = string(key)
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
              (0...65535).contains(port), colon != text.startIndex
        else {
            throw ConfigurationError("\(key) = '\(text)' (\(source(of: key))): expected host:port")
        }
        return (String(text[..<colon]), port)
    }

    /// The log level.
    public func logLevel() throws(ConfigurationError) -> Logger.Level {
        guard let level = Logger.Level(name: string("log-level")) else {
            throw ConfigurationError("log-level = '\(string("log-level"))' (\(source(of: "log-level"))): expected debug, info, warning or error")
        }
        return level
    }
}

/// A configuration problem found at start-up.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
