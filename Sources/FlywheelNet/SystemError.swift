import Glibc

/// The text of an errno value, as strerror gives it.
func errnoText(_ code: Int32) -> String {
    String(cString: strerror(code))
}

extension NetError {
    /// An error for a failed system call, naming the call, what it acted on, and errno's text.
    static func system(_ call: String, _ subject: String, errno code: Int32 = errno) -> NetError {
        NetError(.system, "\(call) \(subject): \(errnoText(code))")
    }
}
