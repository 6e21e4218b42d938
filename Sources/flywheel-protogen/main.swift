// flywheel-protogen: writes the Swift contracts for every message, enum and service in the contracts
// index (the protobuf-c descriptors compiled from proto/). Run by ops/codegen/generate-contracts.sh.
import FlywheelProto
import Foundation

func run() throws {
    var protoRoot = "proto"
    var rpcOut = ""
    var contractsOut = ""
    var arguments = CommandLine.arguments.dropFirst().makeIterator()
    while let argument = arguments.next() {
        switch argument {
        case "--proto-root": protoRoot = arguments.next() ?? ""
        case "--rpc-out": rpcOut = arguments.next() ?? ""
        case "--contracts-out": contractsOut = arguments.next() ?? ""
        default: throw GeneratorError("unknown argument \(argument); usage: flywheel-protogen --proto-root DIR --rpc-out DIR --contracts-out DIR")
        }
    }
    guard !rpcOut.isEmpty, !contractsOut.isEmpty else {
        throw GeneratorError("usage: flywheel-protogen --proto-root DIR --rpc-out DIR --contracts-out DIR")
    }

    let scanner = try ProtoFileScanner(root: URL(fileURLWithPath: protoRoot))
    let messages = ProtoSchema.messages.filter { !$0.isMapEntry }
    let enums = ProtoSchema.enums
    let services = ProtoSchema.services

    for package in scanner.filesByPackage.keys.sorted() {
        let emitter = SwiftEmitter(
            package: package,
            sourceFiles: scanner.filesByPackage[package] ?? [],
            messages: messages.filter { $0.packageName == package },
            enums: enums.filter { $0.fullName.hasPrefix(package + ".") && packageOwning($0, messages: messages) == package },
            services: services.filter { $0.packageName == package },
            traits: scanner.services)
        let directory = package == "flywheel.rpc.v1" ? rpcOut : contractsOut
        let file = URL(fileURLWithPath: directory).appendingPathComponent("\(package).pb.swift")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try emitter.render().write(to: file, atomically: true, encoding: .utf8)
    }
}

/// The package of the longest package name that prefixes the enum's full name.
func packageOwning(_ enumeration: EnumDescriptor, messages: [MessageDescriptor]) -> String {
    let packages = Set(messages.map(\.packageName))
    return packages.filter { enumeration.fullName.hasPrefix($0 + ".") }.max { $0.count < $1.count } ?? ""
}

do {
    try run()
} catch {
    FileHandle.standardError.write(Data("flywheel-protogen: \(error)\n".utf8))
    exit(1)
}
