// flywheel-ingest: the statement store of the LRS, its queries and the Feed, the xAPI document resources and
// attachment content, served over the mesh.
import FlywheelIngest
import FlywheelRPC
import FlywheelService
import Foundation

/// Room in an RPC message beyond the content itself: the key, content type and framing.
let messageOverheadBytes = 64 << 10

func runIngest() async -> Int32 {
    let host: ServiceHost
    do {
        host = try ServiceHost(
            name: "ingest",
            extraKeys: [
                ServiceConfiguration.Key(
                    "query-page-maximum", default: "1000",
                    help: "most statements one query page returns (a limit of 0 asks for this many)"),
                ServiceConfiguration.Key(
                    "document-max-bytes", default: "16777216",
                    help: "largest State, Activity Profile or Agent Profile document stored"),
                ServiceConfiguration.Key(
                    "attachment-max-bytes", default: "16777216", help: "largest statement attachment stored"),
                // Ingest carries whole documents and attachments in one message, so its default is above the
                // common 4 MiB: the document limit plus room for the rest of the request.
                ServiceConfiguration.Key(
                    "max-message-bytes", default: "\((16 << 20) + messageOverheadBytes)",
                    help: "largest RPC message accepted"),
            ])
    } catch {
        FileHandle.standardError.write(Data("flywheel-ingest: \(error)\n".utf8))
        return 1
    }
    let logger = host.logger
    let dataDirectory = host.configuration.string("data")
    let path = "\(dataDirectory)/ingest.sqlite"
    let store: StatementStore
    let documents: DocumentStore
    let attachments: AttachmentStore
    do {
        let pageMaximum = try host.configuration.integer("query-page-maximum", in: 1...100_000)
        let documentLimit = try host.configuration.integer("document-max-bytes", in: 1...(256 << 20))
        let attachmentLimit = try host.configuration.integer("attachment-max-bytes", in: 1...(256 << 20))
        let messageLimit = try host.configuration.integer("max-message-bytes")
        if max(documentLimit, attachmentLimit) + messageOverheadBytes > messageLimit {
            logger.warning(
                "content limits exceed the RPC message limit; larger content is refused by the transport",
                [
                    "config.document_max_bytes": documentLimit, "config.attachment_max_bytes": attachmentLimit,
                    "config.max_message_bytes": messageLimit,
                ])
        }
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        store = try StatementStore(path: path, options: StatementStore.Options(pageMaximum: pageMaximum))
        documents = try DocumentStore(
            path: "\(dataDirectory)/documents.sqlite",
            options: DocumentStore.Options(maximumDocumentBytes: documentLimit))
        attachments = try AttachmentStore(
            path: "\(dataDirectory)/attachments.sqlite",
            options: AttachmentStore.Options(maximumAttachmentBytes: attachmentLimit))
    } catch {
        logger.error("cannot open the store", ["store.path": dataDirectory, "reason": "\(error)"])
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
    let documentsService = DocumentsService(documents: documents, statements: store, attachments: attachments)
    let services = [
        (service.rpcService, IngestService.accessPolicy),
        (documentsService.rpcService, DocumentsService.accessPolicy),
    ]
    // Closing the store ends every open Feed, so draining waits only for writes in progress.
    let status = await host.run(services: services) {
        _ in
    } onStopping: {
        await store.close()
    }
    await store.close()
    await documents.close()
    await attachments.close()
    return status
}

exit(await runIngest())
