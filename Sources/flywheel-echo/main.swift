// flywheel-echo: the echo service as a real process, for the mesh's integration tests and benchmarks.
import FlywheelEcho
import FlywheelRPC
import FlywheelService
import Foundation

func runEcho() async -> Int32 {
    let host: ServiceHost
    do {
        host = try ServiceHost(name: "echo")
    } catch {
        FileHandle.standardError.write(Data("flywheel-echo: \(error)\n".utf8))
        return 1
    }
    return await host.run(services: [(EchoService(instanceID: host.instanceID).rpcService, .anyService)])
}

exit(await runEcho())
