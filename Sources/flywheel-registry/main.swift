// flywheel-registry: where the mesh's service instances register and find each other.
import FlywheelContracts
import FlywheelRegistry
import FlywheelRPC
import FlywheelService
import Foundation

func runRegistry() async -> Int32 {
    let host: ServiceHost
    do {
        host = try ServiceHost(name: "registry")
    } catch {
        FileHandle.standardError.write(Data("flywheel-registry: \(error)\n".utf8))
        return 1
    }
    let logger = host.logger
    let dataDirectory = host.configuration.string("data")
    let registry: Registry
    do {
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        registry = Registry(store: try RegistryStore(path: "\(dataDirectory)/registry.sqlite"))
    } catch {
        logger.error("cannot open the store", ["data": dataDirectory, "reason": "\(error)"])
        return 1
    }
    let restored: [RegistryV1.Instance]
    do {
        restored = try await registry.restore()
    } catch {
        logger.error("cannot read the store", ["data": dataDirectory, "reason": "\(error)"])
        return 1
    }
    logger.info("store opened", ["path": "\(dataDirectory)/registry.sqlite", "restored": restored.count])

    let connector = TLSConnector(context: host.tlsContext, group: host.group)
    let sweeper = Task {
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(500))
            for instance in await registry.sweep() {
                logger.info("lease expired", ["instance": instance.instanceID, "service": instance.service])
            }
        }
    }
    // Restored entries must prove they are alive: one health check each, besides their own heartbeats.
    let validation = Task {
        try? await Task.sleep(for: .milliseconds(200))
        for instance in restored {
            let health = HealthV1.Health.Client(channel: connector.channel(service: instance.service, address: instance.address))
            do {
                let answer = try await health.check(HealthV1.HealthCheckRequest(), options: CallOptions(timeout: .seconds(2)))
                if answer.instanceID == instance.instanceID && answer.status == .serving {
                    registry.markVerified(service: instance.service, instanceID: instance.instanceID)
                    logger.info("restored instance verified", ["instance": instance.instanceID])
                    continue
                }
            } catch {}
            if (try? await registry.remove(service: instance.service, instanceID: instance.instanceID, reason: "health check failed")) == true {
                logger.info("restored instance dropped", ["instance": instance.instanceID, "reason": "health check failed"])
            }
        }
    }
    let status = await host.run(services: [(RegistryService(registry: registry).rpcService, .anyService)], registers: false) { address in
        registry.pin(RegistryV1.Instance(service: "registry", instanceID: host.instanceID, address: address))
    }
    sweeper.cancel()
    validation.cancel()
    return status
}

exit(await runRegistry())
