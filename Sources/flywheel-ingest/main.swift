// flywheel-ingest: the statement store of the LRS, its queries and the Feed, served over the mesh.
import FlywheelIngest
import FlywheelRPC
import FlywheelService
import Foundation

func runIngest() async -> Int32 {
    let host: ServiceHost
    do {
        host = try ServiceHost(
            name: "ingest",
            extraKeys: [
                ServiceConfiguration.Key(
                    "query-page-maximum", default: "1000",
                    help: "most statements one query page returns (a limit of 0 asks for this many)")
            ])
    } catch {
        FileHandle.standardError.write(Data("flywheel-ingest: \(error)\n".utf8))
        return 1
    }
    let logger = host.logger
    let dataDirectory = host.configuration.string("data")
    let path = "\(dataDirectory)/ingest.sqlite"
    let store: StatementStore
    do {
        let pageMaximum = try host.configuration.integer("query-page-maximum", in: 1...100_000)
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        store = try StatementStore(path: path, options: StatementStore.Options(pageMaximum: pageMaximum))
    } catch {
        logger.error("cannot open the store", ["store.path": path, "reason": "\(error)"])
        return 1
    }
    do {
        let stats = try await store.stats()
        logger.info(
            "store opened",
            ["store.path": path, "store.statements": stats.statementCount, "store.last_sequence": stats.lastSequence])
    } catch {
        logger.error("cannot read the store", ["store.path": path, "reason": "\(error)"])
        return 1
    }

    let service = IngestService(store: store)
    // Closing the store ends every open Feed, so draining waits only for writes in progress.
    let status = await host.run(services: [(service.rpcService, IngestService.accessPolicy)]) {
        _ in
    } onStopping: {
        await store.close()
    }
    await store.close()
    return status
}

exit(await runIngest())
