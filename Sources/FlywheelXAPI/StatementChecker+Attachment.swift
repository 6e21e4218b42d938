extension StatementChecker {
    private static let attachmentKeys: Set<String> = [
        "usageType", "display", "description", "contentType", "length", "sha2", "fileUrl",
    ]

    mutating func checkAttachments(_ value: JSONValue, _ path: String) {
        guard let attachments = array(value, path) else { return }
        for (position, attachment) in attachments.enumerated() {
            checkAttachment(attachment, path + "[\(position)]")
        }
    }

    private mutating func checkAttachment(_ value: JSONValue, _ path: String) {
        guard let attachment = members(value, path, allowed: Self.attachmentKeys) else { return }
        if let usageType = required(attachment, "usageType", path) { checkIRI(usageType, path + ".usageType") }
        if let display = required(attachment, "display", path) { checkLanguageMap(display, path + ".display") }
        if let description = attachment["description"] { checkLanguageMap(description, path + ".description") }
        if let contentType = required(attachment, "contentType", path),
            let text = string(contentType, path + ".contentType"), !XAPIFormat.isMediaType(text)
        {
            report(.invalidMediaType, path + ".contentType", "must be an Internet media type, not \"\(text)\"")
        }
        if let length = required(attachment, "length", path), let number = number(length, path + ".length") {
            if number.integer == nil || number.integer! < 0 {
                report(.invalidInteger, path + ".length", "must be a non-negative integer, not \(number)")
            }
        }
        if let sha2 = required(attachment, "sha2", path), let text = string(sha2, path + ".sha2"),
            !XAPIFormat.isSHA2Hex(text)
        {
            report(.invalidHash, path + ".sha2", "must be a SHA-2 digest in hex (56, 64, 96 or 128 digits)")
        }
        if let fileUrl = attachment["fileUrl"] { checkIRI(fileUrl, path + ".fileUrl", kind: "IRL") }
    }
}
