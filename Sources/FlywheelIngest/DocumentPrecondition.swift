import Foundation

/// The HTTP conditions of a document write or delete: If-Match, If-None-Match, and whether the resource
/// requires one of them before it overwrites an existing document.
struct DocumentPrecondition: Sendable {
    /// The If-Match header value; empty when absent.
    let ifMatch: String
    /// The If-None-Match header value; empty when absent.
    let ifNoneMatch: String
    /// Whether an existing document may be overwritten only under a condition (xAPI profile PUT).
    let required: Bool

    /// Checks the conditions against the document's current ETag.
    /// - Parameters:
    ///   - current: The quoted ETag of the stored document, or nil when there is none.
    ///   - description: The document, for messages.
    /// - Throws: `IngestError` with code `preconditionFailed` when a condition fails, or
    ///   `preconditionRequired` when the document exists, a condition is required and none came.
    func check(current: String?, description: String) throws(IngestError) {
        if !ifMatch.isEmpty {
            guard let current else {
                throw IngestError(.preconditionFailed, "If-Match \(ifMatch) failed: \(description) does not exist")
            }
            guard Self.matches(ifMatch, current, weak: false) else {
                throw IngestError(
                    .preconditionFailed, "If-Match \(ifMatch) failed: \(description) has ETag \(current)")
            }
        }
        if !ifNoneMatch.isEmpty, let current, Self.matches(ifNoneMatch, current, weak: true) {
            throw IngestError(
                .preconditionFailed,
                "If-None-Match \(ifNoneMatch) failed: \(description) exists with ETag \(current)")
        }
        if required, ifMatch.isEmpty, ifNoneMatch.isEmpty, let current {
            throw IngestError(
                .preconditionRequired,
                "\(description) already exists (ETag \(current)): check its current state and send If-Match "
                    + "with its ETag to overwrite it")
        }
    }

    /// Whether a header value (`*` or a comma-separated list of entity tags) matches `etag`.
    ///
    /// A tag sent without quotes is read as if quoted, and hex digits compare in any case. Strong comparison
    /// (If-Match) never matches a weak `W/` tag; weak comparison (If-None-Match) ignores the prefix.
    static func matches(_ header: String, _ etag: String, weak: Bool) -> Bool {
        for part in header.split(separator: ",") {
            var tag = part.trimmingCharacters(in: .whitespaces)
            if tag == "*" { return true }
            if tag.hasPrefix("W/") {
                guard weak else { continue }
                tag.removeFirst(2)
            }
            if !tag.hasPrefix("\"") { tag = "\"" + tag + "\"" }
            if tag.lowercased() == etag.lowercased() { return true }
        }
        return false
    }
}
