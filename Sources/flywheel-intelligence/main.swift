// flywheel-intelligence: follows ingest's Feed into measures, segments and effect estimates, served over the mesh.
import FlywheelContracts
import FlywheelIntelligence
import FlywheelRPC
import FlywheelService
import Foundation

func runIntelligence() async -> Int32 {
    let host: ServiceHost
    do {
        host = try ServiceHost(
            name: "intelligence",
            extraKeys: [
                ServiceConfiguration.Key(
                    "feed-batch", default: "1000", help: "most Feed events applied in one transaction")
            ])
    } catch {
        FileHandle.standardError.write(Data("flywheel-intelligence: \(error)\n".utf8))
        return 1
    }
    let logger = host.logger
    let dataDirectory = host.configuration.string("data")
    let path = "\(dataDirectory)/intelligence.sqlite"
    let store: IntelligenceStore
    let batch: Int
    let mesh: MeshClient
    do {
        batch = try host.configuration.integer("feed-batch", in: 1...100_000)
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        let opening = ContinuousClock.now
        store = try IntelligenceStore(path: path)
        let elapsed = (ContinuousClock.now - opening).components
        logger.info(
            "facts loaded into memory",
            ["facts": store.factCount, "ms": elapsed.seconds * 1000 + elapsed.attoseconds / 1_000_000_000_000_000])
        mesh = try host.makeMesh()
    } catch {
        logger.error("cannot open the store", ["store.path": path, "reason": "\(error)"])
        return 1
    }
    do {
        let checkpoint = try await store.checkpoint()
        logger.info(
            "store opened", ["store.path": path, "feed.sequence": checkpoint.sequence, "feed.applied": checkpoint.applied])
    } catch {
        logger.error("cannot read the store", ["store.path": path, "reason": "\(error)"])
        return 1
    }

    let follower = FeedFollower(
        store: store, ingest: IngestV1.Ingest.Client(channel: mesh.channel(to: "ingest")), batchLimit: batch
    ) { event in
        switch event {
        case .outage(let reason): logger.warning("ingest feed unavailable; retrying", ["reason": reason])
        case .recovered: logger.info("ingest feed flowing again")
        }
    }
    let following = Task { await follower.run() }
    let service = IntelligenceService(store: store)
    let status = await host.run(services: [(service.rpcService, IntelligenceService.accessPolicy)]) { _ in
    } onStopping: {
        following.cancel()
        await following.value
    }
    following.cancel()
    await following.value
    await store.close()
    return status
}

exit(await runIntelligence())
