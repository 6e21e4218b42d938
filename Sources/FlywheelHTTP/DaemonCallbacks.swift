internal import CMicroHTTPD
internal import Glibc

/// The C entry points libmicrohttpd calls; each finds its `RequestDispatcher` in the context pointer.
enum DaemonCallbacks {
    /// `MHD_OPTION_URI_LOG_CALLBACK`: receives the target before libmicrohttpd decodes it in place.
    typealias TargetCallback =
        @convention(c) (
            UnsafeMutableRawPointer?, UnsafePointer<CChar>?, OpaquePointer?
        ) -> UnsafeMutableRawPointer?

    static var access: MHD_AccessHandlerCallback {
        { context, connection, url, method, version, uploadData, uploadSize, slot in
            guard let context, let connection, let uploadSize, let slot else {
                return .NO
            }
            return dispatcher(from: context).handle(
                connection: connection, url: url, method: method, version: version, uploadData: uploadData,
                uploadSize: uploadSize, slot: slot)
        }
    }

    static var target: TargetCallback {
        { context, target, _ in
            guard let context else {
                return nil
            }
            return dispatcher(from: context).beginRequest(rawTarget: target)
        }
    }

    static var completed: MHD_RequestCompletedCallback {
        { context, _, slot, _ in
            guard let context, let slot else {
                return
            }
            dispatcher(from: context).endRequest(slot: slot)
        }
    }

    static var log: MHD_LogCallback {
        { context, format, arguments in
            guard let context, let format, let arguments else {
                return
            }
            var buffer = [CChar](repeating: 0, count: 512)
            _ = vsnprintf(&buffer, buffer.count, format, arguments)
            let text = String(decodingCString: buffer)
            dispatcher(from: context).record(diagnostic: text.trimmingTrailingNewlines)
        }
    }

}

/// The dispatcher behind a callback's context pointer (a free function, so callbacks capture nothing).
private func dispatcher(from context: UnsafeMutableRawPointer) -> RequestDispatcher {
    Unmanaged<RequestDispatcher>.fromOpaque(context).takeUnretainedValue()
}

extension String {
    fileprivate var trimmingTrailingNewlines: String {
        var text = Substring(self)
        while text.last == "\n" || text.last == "\r" {
            text.removeLast()
        }
        return String(text)
    }
}
