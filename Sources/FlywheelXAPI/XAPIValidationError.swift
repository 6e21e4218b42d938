/// A statement property that breaks an xAPI rule: where it is, which rule, and what is wrong.
///
/// The description reads like `statement.actor.mbox: must be a mailto: IRI with one e-mail address`.
public struct XAPIValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The rule a property broke. New rules can be added without breaking a caller's `switch`.
    public struct Rule: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The value is not the JSON type the property needs (string, number, boolean, object, array).
        public static let wrongType = Rule("wrongType")
        /// A required property is absent.
        public static let missingProperty = Rule("missingProperty")
        /// A property the specification does not define for this object (including a key in the wrong case).
        public static let unknownProperty = Rule("unknownProperty")
        /// A `null` outside an extension.
        public static let nullValue = Rule("nullValue")
        /// A value outside the enumerated set (objectType, interactionType...), compared case-sensitively.
        public static let invalidValue = Rule("invalidValue")
        /// Not an absolute IRI.
        public static let invalidIRI = Rule("invalidIRI")
        /// Not a mailto IRI holding one e-mail address.
        public static let invalidMailto = Rule("invalidMailto")
        /// Not a UUID in standard form with the RFC 4122 variant.
        public static let invalidUUID = Rule("invalidUUID")
        /// Not a 40-digit hex SHA-1, or not a hex SHA-2 digest.
        public static let invalidHash = Rule("invalidHash")
        /// A language map key that is not an RFC 5646 tag, or a language that is not one.
        public static let invalidLanguageTag = Rule("invalidLanguageTag")
        /// Not an ISO 8601 timestamp (with a time zone in 2.0).
        public static let invalidTimestamp = Rule("invalidTimestamp")
        /// Not an ISO 8601 duration in designator format.
        public static let invalidDuration = Rule("invalidDuration")
        /// Not an Internet media type.
        public static let invalidMediaType = Rule("invalidMediaType")
        /// A statement version this specification version does not accept.
        public static let invalidVersion = Rule("invalidVersion")
        /// An Agent or Group without exactly one inverse functional identifier where one is needed.
        public static let identifierCount = Rule("identifierCount")
        /// A Group's member list is absent where required, or holds a Group.
        public static let groupMembers = Rule("groupMembers")
        /// A score outside its range: scaled in [-1, 1], min below max, raw between them.
        public static let scoreRange = Rule("scoreRange")
        /// A number that must be a non-negative integer is not one.
        public static let invalidInteger = Rule("invalidInteger")
        /// A context property used where it is not allowed (revision or platform without an Activity object).
        public static let contextNotAllowed = Rule("contextNotAllowed")
        /// A property a SubStatement must not have, or a SubStatement inside a SubStatement.
        public static let subStatementRestriction = Rule("subStatementRestriction")
        /// An authority that is neither an Agent nor an anonymous Group of exactly two Agents.
        public static let authorityShape = Rule("authorityShape")
        /// A voiding statement whose object is not a StatementRef.
        public static let voidingTarget = Rule("voidingTarget")
        /// Interaction properties used without interactionType, a component list the type does not support,
        /// or repeated component ids.
        public static let interactionComponents = Rule("interactionComponents")
        /// An array that must not be empty is empty.
        public static let emptyArray = Rule("emptyArray")

        /// The rule's name.
        public var description: String { name }
    }

    /// The rule that was broken.
    public let rule: Rule
    /// The JSON path of the offending property, e.g. `statement.context.contextActivities.parent[0].id`.
    public let path: String
    /// What is wrong, e.g. `must be a mailto: IRI with one e-mail address`.
    public let message: String

    /// Creates a validation error.
    public init(rule: Rule, path: String, message: String) {
        self.rule = rule
        self.path = path
        self.message = message
    }

    /// "path: message".
    public var description: String { "\(path): \(message)" }
}
