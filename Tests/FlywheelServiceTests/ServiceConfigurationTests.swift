import FlywheelService
import Foundation
import Testing

@Suite("Service configuration")
struct ServiceConfigurationTests {
    private func file(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("flywheel-\(UUID().uuidString).conf").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("flags override the environment, which overrides the file, which overrides defaults")
    func precedence() throws {
        let path = try file("listen = 127.0.0.1:1000\nlog-level = debug\nlease-ttl = 7\n")
        let configuration = try ServiceConfiguration(
            service: "echo", arguments: ["--config", path, "--listen", "127.0.0.1:3000"],
            environment: ["FLYWHEEL_LISTEN": "127.0.0.1:2000", "FLYWHEEL_LEASE_TTL": "9"])
        #expect(configuration.string("listen") == "127.0.0.1:3000")
        #expect(configuration.string("lease-ttl") == "9")
        #expect(configuration.string("log-level") == "debug")
        #expect(configuration.string("drain-timeout") == "10")
        #expect(configuration.source(of: "lease-ttl") == "environment FLYWHEEL_LEASE_TTL")
    }

    @Test("an unknown key in the file is refused with the file and line")
    func unknownKeyInFile() throws {
        let path = try file("# comment\nlisten = 127.0.0.1:1\nlisen = 127.0.0.1:2\n")
        #expect { try ServiceConfiguration(service: "echo", arguments: ["--config", path], environment: [:]) } throws: { error in
            "\(error)".contains("\(path):3: unknown key 'lisen'")
        }
    }

    @Test("an unknown flag, a flag without a value and a stray argument are refused by name")
    func badFlags() {
        #expect { try ServiceConfiguration(service: "echo", arguments: ["--lisen", "x"], environment: [:]) } throws: { error in
            "\(error)".contains("--lisen: unknown flag")
        }
        #expect { try ServiceConfiguration(service: "echo", arguments: ["--listen"], environment: [:]) } throws: { error in
            "\(error)".contains("--listen: missing value")
        }
        #expect { try ServiceConfiguration(service: "echo", arguments: ["listen"], environment: [:]) } throws: { error in
            "\(error)".contains("unexpected argument 'listen'")
        }
    }

    @Test("a value of the wrong shape names the key and where it came from")
    func badValues() throws {
        let configuration = try ServiceConfiguration(
            service: "echo", arguments: ["--listen", "nowhere", "--lease-ttl", "soon"], environment: [:])
        #expect { try configuration.address("listen") } throws: { error in
            "\(error)".contains("listen = 'nowhere' (flag --listen): expected host:port")
        }
        #expect { try configuration.integer("lease-ttl") } throws: { error in
            "\(error)".contains("lease-ttl = 'soon'")
        }
    }

    @Test("a named configuration file that does not exist is an error")
    func missingFile() {
        #expect { try ServiceConfiguration(service: "echo", arguments: ["--config", "/nonexistent/x.conf"], environment: [:]) } throws: { error in
            "\(error)".contains("/nonexistent/x.conf: configuration file not found")
        }
    }

    @Test("log lines carry time, level, service, a quoted message and key=value fields")
    func logFormat() {
        let sink = LogSink.capture()
        let logger = Logger(service: "ingest", minimumLevel: .info, sink: sink)
        logger.debug("hidden")
        logger.info("listening", ["address": "127.0.0.1:7000", "note": "two words"])
        let lines = sink.captured
        #expect(lines.count == 1)
        let line = lines.first ?? ""
        #expect(line.contains(" level=info service=ingest msg=\"listening\" address=127.0.0.1:7000 note=\"two words\"\n"))
        #expect(line.prefix(4).allSatisfy { $0.isNumber })
    }
}
