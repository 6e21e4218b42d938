/// The inverse functional identifier of an Agent or identified Group, as one canonical string key.
///
/// Keys look like `mbox:mailto:ann@example.com`, `mbox_sha1sum:<40 hex>`, `openid:<uri>` and
/// `account:<homePage>|<name>`. The mbox domain and the hex digest are lower-cased, as they are case-insensitive.
public struct AgentIdentifier: Sendable, Hashable, CustomStringConvertible {
    /// Which kind of identifier it is.
    public enum Kind: String, Sendable, Hashable {
        /// `mbox`, a mailto IRI.
        case mbox
        /// `mbox_sha1sum`, a hex SHA-1 of the mailto IRI.
        case mboxSHA1Sum = "mbox_sha1sum"
        /// `openid`, a URI.
        case openID = "openid"
        /// `account`, a home page and a name.
        case account
    }

    /// Which kind of identifier it is.
    public let kind: Kind
    /// The canonical key, e.g. `account:https://example.com|ann`.
    public let key: String

    /// The identifier of an Agent or Group, taken from its first identifier property, or nil when it has none.
    /// - Parameter actor: An Agent or Group object.
    public init?(_ actor: JSONValue) {
        if let mbox = actor["mbox"]?.stringValue {
            self.kind = .mbox
            self.key = "mbox:" + Self.canonicalMailto(mbox)
        } else if let sum = actor["mbox_sha1sum"]?.stringValue {
            self.kind = .mboxSHA1Sum
            self.key = "mbox_sha1sum:" + sum.lowercased()
        } else if let openid = actor["openid"]?.stringValue {
            self.kind = .openID
            self.key = "openid:" + openid
        } else if let homePage = actor["account"]?["homePage"]?.stringValue,
            let name = actor["account"]?["name"]?.stringValue
        {
            self.kind = .account
            self.key = "account:" + homePage + "|" + name
        } else {
            return nil
        }
    }

    /// The key.
    public var description: String { key }

    /// The mailto IRI with its scheme and domain lower-cased; the local part keeps its case.
    static func canonicalMailto(_ mbox: String) -> String {
        let address = mbox.utf8.count >= 7 ? String(mbox.dropFirst(7)) : mbox
        guard let at = address.lastIndex(of: "@") else { return "mailto:" + address }
        return "mailto:" + address[..<at] + address[at...].lowercased()
    }
}
