import Foundation

/// A file written sequentially through a buffer, created or truncated on open.
public final class OutputFile {
    /// The file's path.
    public let path: String
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private let flushThreshold = 1 << 20

    /// Creates (or truncates) the file at `path`, creating missing parent folders.
    /// - Throws: `SimulationError` with code `.output` naming the path.
    public init(path: String) throws(SimulationError) {
        self.path = path
        let url = URL(fileURLWithPath: path)
        let parent = url.deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw SimulationError(code: .output, message: "cannot create folder \(parent): \(error)")
        }
        if !FileManager.default.fileExists(atPath: path) || !Self.isDevice(path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw SimulationError(code: .output, message: "cannot create \(path)")
            }
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw SimulationError(code: .output, message: "cannot open \(path) for writing")
        }
        self.handle = handle
        buffer.reserveCapacity(flushThreshold + 65_536)
    }

    private static func isDevice(_ path: String) -> Bool {
        path.hasPrefix("/dev/")
    }

    /// Appends bytes, writing through when the buffer is full.
    /// - Throws: `SimulationError` with code `.output` when the write fails.
    public func write(_ bytes: some Sequence<UInt8>) throws(SimulationError) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= flushThreshold { try flush() }
    }

    /// Appends text as UTF-8.
    /// - Throws: `SimulationError` with code `.output` when the write fails.
    public func write(_ text: String) throws(SimulationError) {
        try write(text.utf8)
    }

    /// Writes out the buffer.
    /// - Throws: `SimulationError` with code `.output` when the write fails.
    public func flush() throws(SimulationError) {
        guard !buffer.isEmpty else { return }
        do {
            try handle.write(contentsOf: buffer)
        } catch {
            throw SimulationError(code: .output, message: "cannot write \(path): \(error)")
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and closes the file.
    /// - Throws: `SimulationError` with code `.output` when the last write or the close fails.
    public func close() throws(SimulationError) {
        try flush()
        do {
            try handle.close()
        } catch {
            throw SimulationError(code: .output, message: "cannot close \(path): \(error)")
        }
    }
}
