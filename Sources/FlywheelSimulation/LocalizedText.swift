public import FlywheelXAPI

/// A name or description in the three languages the simulated catalogue is authored in.
public struct LocalizedText: Sendable, Hashable {
    /// American English.
    public let english: String
    /// German.
    public let german: String
    /// French.
    public let french: String

    /// Creates a text in English, German and French.
    public init(_ english: String, de german: String, fr french: String) {
        self.english = english
        self.german = german
        self.french = french
    }

    /// The xAPI language map, English first.
    public var languageMap: JSONValue {
        ["en-US": .string(english), "de-DE": .string(german), "fr-FR": .string(french)]
    }
}
