// flywheel: the operator's command line for a Flywheel mesh.
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
let usage = """
    usage: flywheel <command> [options]

    commands:
      up [--demo] [--data DIR] [--registry-port N] [--http HOST:PORT]
                                            start the local mesh (--demo: with a simulated
                                            organisation's data); Ctrl-C stops it
      status                                list registered instances with health and address
      call SERVICE METHOD ['JSON'] [--to NAME] [--timeout SECONDS]
                                            call any RPC with a JSON request (like grpcurl);
                                            --to picks the mesh service (for Health)
      call --list                           list every service and method
      creds create --name N --scopes a,b | creds list | creds revoke KEY
                                            manage the gateway's xAPI credentials
      learners import FILE [--format csv|json] | learners list [--segment NAME] [--limit N]
                                            the intelligence service's learner directory
      segments define NAME 'FILTER' | segments list | segments remove NAME
                                            named audiences, e.g. 'department=Sales and tenure<1y'
      simulate --learners N --days D --seed S (--out FILE | --to URL --key K --secret S)
                                            generate a synthetic organisation's xAPI data with planted effects
      bench [rpc] [ingest] [analytics] [--seconds N] [--statements N] [--markdown FILE] [--grpc-baseline]
                                            run the benchmarks

    common options: --certs DIR (default .flywheel/certs), --registry HOST:PORT (default 127.0.0.1:7400)
    """

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("flywheel: \(message)\n".utf8))
    exit(1)
}

guard let command = arguments.first else {
    print(usage)
    exit(2)
}
let rest = Array(arguments.dropFirst())

/// The usage lines of one command (its entries in `usage` and their continuation lines), or all of `usage`.
func usage(of command: String) -> String {
    var lines: [Substring] = []
    var inCommand = false
    for line in usage.split(separator: "\n") {
        let entry = line.hasPrefix("  ") && !line.hasPrefix("   ")
        if entry { inCommand = line.dropFirst(2).split(separator: " ").first == Substring(command) }
        if inCommand { lines.append(line) }
    }
    guard !lines.isEmpty else { return usage }
    return "usage: flywheel \(command) ...\n" + lines.joined(separator: "\n")
        + "\n\ncommon options: --certs DIR (default .flywheel/certs), --registry HOST:PORT (default 127.0.0.1:7400)"
}

if rest.contains("--help") || rest.contains("-h") {
    print(command == "simulate" ? SimulateCommand.usage : usage(of: command))
    exit(0)
}

do {
    switch command {
    case "up":
        exit(try await UpCommand(arguments: rest).run())
    case "status":
        try await StatusCommand(arguments: rest).run()
    case "call":
        try await CallCommand(arguments: rest).run()
    case "creds":
        try await CredsCommand(arguments: rest).run()
    case "learners":
        try await LearnersCommand(arguments: rest).run()
    case "segments":
        try await SegmentsCommand(arguments: rest).run()
    case "simulate":
        try await SimulateCommand(arguments: rest).run()
    case "bench":
        try await BenchCommand(arguments: rest).run()
    case "help", "--help", "-h":
        print(usage)
    default:
        fail("unknown command '\(command)'\n\(usage)")
    }
} catch {
    fail("\(error)")
}
