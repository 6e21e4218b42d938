import Foundation
import Synchronization

/// One line per event that matters: `time level service msg key=value...`, on standard error.
///
/// Messages are short constants; what varies goes in fields, so lines stay greppable:
/// `2026-12-04T08:00:00.123Z level=info service=registry msg="listening" address=127.0.0.1:7400`.
public struct Logger: Sendable {
    /// How much a line matters.
    public enum Level: Int, Sendable, Comparable, CustomStringConvertible {
        case debug = 0, info, warning, error

        public init?(name: String) {
            switch name.lowercased() {
            case "debug": self = .debug
            case "info": self = .info
            case "warning", "warn": self = .warning
            case "error": self = .error
            default: return nil
            }
        }

        public var description: String {
            switch self {
            case .debug: "debug"
            case .info: "info"
            case .warning: "warning"
            case .error: "error"
            }
        }

        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// The service every line names.
    public var service: String
    /// Lines below this level are dropped.
    public var minimumLevel: Level
    private let sink: LogSink

    /// A logger writing to standard error.
    public init(service: String, minimumLevel: Level = .info) {
        self.init(service: service, minimumLevel: minimumLevel, sink: .standardError)
    }

    /// A logger writing to `sink` (tests capture lines this way).
    public init(service: String, minimumLevel: Level = .info, sink: LogSink) {
        self.service = service
        self.minimumLevel = minimumLevel
        self.sink = sink
    }

    public func debug(_ message: String, _ fields: KeyValuePairs<String, any Sendable> = [:]) {
        log(.debug, message, fields)
    }

    public func info(_ message: String, _ fields: KeyValuePairs<String, any Sendable> = [:]) {
        log(.info, message, fields)
    }

    public func warning(_ message: String, _ fields: KeyValuePairs<String, any Sendable> = [:]) {
        log(.warning, message, fields)
    }

    public func error(_ message: String, _ fields: KeyValuePairs<String, any Sendable> = [:]) {
        log(.error, message, fields)
    }

    public func log(_ level: Level, _ message: String, _ fields: KeyValuePairs<String, any Sendable>) {
        guard level >= minimumLevel else { return }
        var line = Self.timestamp()
        line += " level=\(level) service=\(service) msg="
        Self.appendValue(message, to: &line, alwaysQuote: true)
        for (key, value) in fields {
            line += " \(key)="
            Self.appendValue("\(value)", to: &line, alwaysQuote: false)
        }
        line += "\n"
        sink.write(line)
    }

    private static func appendValue(_ value: String, to line: inout String, alwaysQuote: Bool) {
        let needsQuotes = alwaysQuote || value.isEmpty || value.contains { $0 == " " || $0 == "\"" || $0 == "=" || $0.isNewline }
        guard needsQuotes else {
            line += value
            return
        }
        line += "\""
        for character in value {
            switch character {
            case "\"": line += "\\\""
            case "\\": line += "\\\\"
            case "\n": line += "\\n"
            case "\r": line += "\\r"
            default: line.append(character)
            }
        }
        line += "\""
    }

    private static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
            parts.tm_hour, parts.tm_min, parts.tm_sec, now.tv_nsec / 1_000_000)
    }
}

/// Where log lines go.
public final class LogSink: Sendable {
    private let lines = Mutex<[String]>([])
    private let capturing: Bool
    private let descriptor: Int32

    private init(descriptor: Int32, capturing: Bool) {
        self.descriptor = descriptor
        self.capturing = capturing
    }

    /// The process's standard error.
    public static let standardError = LogSink(descriptor: 2, capturing: false)

    /// A sink that keeps lines in memory.
    public static func capture() -> LogSink { LogSink(descriptor: -1, capturing: true) }

    /// The captured lines, for a capturing sink.
    public var captured: [String] { lines.withLock { $0 } }

    func write(_ line: String) {
        if capturing {
            lines.withLock { $0.append(line) }
            return
        }
        var line = line
        line.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }
}
