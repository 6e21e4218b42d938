/// The simulated organisation: teams of eight, each with a lead, grouped into departments.
///
/// Every learner is computed from the seed and their index alone, so a directory of any size is produced one
/// row at a time without holding the organisation in memory.
public struct Organisation: Sendable {
    /// Learners per team; the first of each team leads it.
    public static let teamSize = 8

    /// The department of each team, repeating: the cycle mixes departments so even a small run has them all.
    static let teamCycle: [Department] = [
        .sales, .engineering, .support, .operations, .sales, .engineering, .finance, .sales, .engineering,
        .support, .operations, .sales, .engineering, .people, .sales, .engineering, .support, .operations, .sales,
        .finance,
    ]

    /// The number of learners.
    public let learnerCount: Int
    /// The seed everything is drawn from.
    public let seed: UInt64
    /// The domain of e-mail addresses and the xAPI account home page.
    public let domain: String

    /// Creates the organisation of a run.
    /// - Parameters:
    ///   - learnerCount: How many learners it employs.
    ///   - seed: The run's seed.
    ///   - domain: The company's domain name.
    public init(learnerCount: Int, seed: UInt64, domain: String = "northwind.example") {
        self.learnerCount = learnerCount
        self.seed = seed
        self.domain = domain
    }

    /// The account home page that identifies learners in statements.
    public var accountHomePage: String { "https://id.\(domain)" }

    /// The learner at `index`.
    /// - Parameter index: A position in `0 ..< learnerCount`.
    /// - Returns: The learner, identical on every call and in every run with the same seed.
    public func learner(at index: Int) -> Learner {
        let team = index / Self.teamSize
        let department = Self.teamCycle[team % Self.teamCycle.count]
        var teamRandom = SeededGenerator(seed: seed, stream: 1, index: UInt64(team))
        let teamLocation = Location.all[teamRandom.weightedIndex(Location.all.map(\.weight))]
        var random = SeededGenerator(seed: seed, stream: 2, index: UInt64(index))

        let isLead = index % Self.teamSize == 0
        let location =
            random.chance(0.85) ? teamLocation : Location.all[random.weightedIndex(Location.all.map(\.weight))]
        let first = random.element(of: Self.firstNames)
        let last = random.element(of: Self.lastNames)
        let role = isLead ? department.leadRole : random.element(of: department.roles)
        let tenureYears = random.exponential(mean: 3.5) + (isLead ? 3 : 0)
        let ability = random.normal() + min(tenureYears, 10) * 0.03
        let motivation = random.normal()
        let preferredHour = random.chance(0.15) ? random.uniform(18.5...21.5) : random.uniform(8.5...16.5)

        return Learner(
            index: index, employeeID: Self.employeeID(index), name: first + " " + last,
            email: "\(first.lowercased()).\(last.lowercased()).\(index)@\(domain)", department: department,
            role: role, location: location, tenureBand: Self.tenureBand(years: tenureYears),
            managerID: managerIndex(of: index).map(Self.employeeID), isManager: isLead, ability: ability,
            motivation: motivation, preferredHour: preferredHour)
    }

    /// Members report to their team lead; team leads report to their department's first lead, who reports to
    /// no one in the directory.
    func managerIndex(of index: Int) -> Int? {
        let team = index / Self.teamSize
        if index % Self.teamSize != 0 { return team * Self.teamSize }
        let department = Self.teamCycle[team % Self.teamCycle.count]
        guard let headTeam = Self.teamCycle.firstIndex(of: department) else { return nil }
        let headIndex = headTeam * Self.teamSize
        return headIndex == index || headIndex >= learnerCount ? nil : headIndex
    }

    static func employeeID(_ index: Int) -> String {
        "E" + Timestamp.pad(index + 1, 6)
    }

    static func tenureBand(years: Double) -> String {
        switch years {
        case ..<1: "<1y"
        case ..<3: "1-3y"
        case ..<5: "3-5y"
        case ..<10: "5-10y"
        default: "10y+"
        }
    }

    static let firstNames = [
        "Amira", "Ben", "Chloe", "Dmitri", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kemi", "Liam", "Maya",
        "Nikhil", "Olga", "Pablo", "Quinn", "Rosa", "Samir", "Tara", "Umar", "Vera", "Wei", "Ximena", "Yusuf", "Zoe",
        "Aisha", "Bruno", "Priya", "Lukas",
    ]
    static let lastNames = [
        "Okafor", "Schmidt", "Nguyen", "Garcia", "Kowalski", "Tanaka", "Patel", "Rossi", "Haddad", "Larsen",
        "Mensah", "Dubois", "Ivanova", "Silva", "Chen", "Murphy", "Fischer", "Kim", "Novak", "Mbeki", "Sato",
        "Andersson", "Costa", "Reyes", "Khan", "Weber", "Osei", "Moreau", "Singh", "Brennan",
    ]
}
