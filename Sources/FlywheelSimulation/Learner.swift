/// One employee of the simulated organisation, as the learner directory lists them.
public struct Learner: Sendable, Hashable {
    /// The position of this learner in the run, from 0.
    public let index: Int
    /// The employee number, e.g. `E000042`; also the xAPI account name.
    public let employeeID: String
    /// Full name.
    public let name: String
    /// Work e-mail address.
    public let email: String
    /// Department name, the main audience segment.
    public let department: Department
    /// Job title.
    public let role: String
    /// Office city.
    public let location: Location
    /// Years at the company, as a band (`<1y`, `1-3y`, `3-5y`, `5-10y`, `10y+`).
    public let tenureBand: String
    /// The employee number of this learner's manager; nil for a department head.
    public let managerID: String?
    /// Whether this learner leads a team.
    public let isManager: Bool

    /// Hidden trait: how strong a learner this is (standard normal). Not in the directory.
    let ability: Double
    /// Hidden trait: how likely this learner keeps going (standard normal). Not in the directory.
    let motivation: Double
    /// Hidden trait: the local hour this learner usually studies at.
    let preferredHour: Double
}

/// A department of the simulated organisation.
public struct Department: Sendable, Hashable, CustomStringConvertible {
    /// The department's name, e.g. `Sales`.
    public let name: String
    /// Job titles of its team members.
    let roles: [String]
    /// The title of its team leads.
    let leadRole: String

    /// The sales team.
    public static let sales = Department(
        name: "Sales", roles: ["Account Executive", "Sales Development Representative", "Account Manager"],
        leadRole: "Sales Manager")
    /// The engineering team.
    public static let engineering = Department(
        name: "Engineering",
        roles: ["Software Engineer", "Senior Software Engineer", "QA Engineer", "Site Reliability Engineer"],
        leadRole: "Engineering Manager")
    /// Customer support.
    public static let support = Department(
        name: "Support", roles: ["Support Specialist", "Support Engineer"], leadRole: "Support Lead")
    /// Operations.
    public static let operations = Department(
        name: "Operations", roles: ["Operations Analyst", "Logistics Coordinator"], leadRole: "Operations Manager")
    /// Finance.
    public static let finance = Department(
        name: "Finance", roles: ["Accountant", "Financial Analyst"], leadRole: "Finance Manager")
    /// People (human resources).
    public static let people = Department(
        name: "People", roles: ["People Partner", "Recruiter"], leadRole: "People Manager")

    /// Every department.
    public static let all: [Department] = [.sales, .engineering, .support, .operations, .finance, .people]

    /// The name.
    public var description: String { name }

    /// Departments compare by name.
    public static func == (lhs: Department, rhs: Department) -> Bool { lhs.name == rhs.name }

    /// Hashes the name.
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }
}

/// An office, with its offset from UTC (daylight saving time is not modelled).
public struct Location: Sendable, Hashable {
    /// City name.
    public let city: String
    /// IANA time zone name, for the directory.
    public let timeZone: String
    /// Minutes east of UTC.
    public let utcOffsetMinutes: Int
    /// Share of teams based here.
    let weight: Double

    /// Every office.
    public static let all: [Location] = [
        Location(city: "London", timeZone: "Europe/London", utcOffsetMinutes: 0, weight: 0.30),
        Location(city: "Berlin", timeZone: "Europe/Berlin", utcOffsetMinutes: 60, weight: 0.20),
        Location(city: "New York", timeZone: "America/New_York", utcOffsetMinutes: -300, weight: 0.25),
        Location(city: "Singapore", timeZone: "Asia/Singapore", utcOffsetMinutes: 480, weight: 0.10),
        Location(city: "Bangalore", timeZone: "Asia/Kolkata", utcOffsetMinutes: 330, weight: 0.15),
    ]
}
