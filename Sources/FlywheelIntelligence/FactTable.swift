/// Every fact of the store in memory, grouped by learner, with strings interned: what the read RPCs scan.
///
/// SQLite stays the record (facts, daily aggregates and checkpoint commit together); the table is loaded from
/// it when the store opens and changed after each committed batch with exactly the facts that batch inserted or
/// took out. A value copy is a cheap snapshot: the per-learner arrays are copy-on-write, so a reader scans a
/// snapshot while the follower goes on applying batches.
struct FactTable: Sendable {
    /// What a statement did, as far as the measures care.
    enum Verb: UInt8, Sendable {
        case launched, progressed, completed, passed, failed, other

        init(_ name: String) {
            switch name {
            case "launched": self = .launched
            case "progressed": self = .progressed
            case "completed": self = .completed
            case "passed": self = .passed
            case "failed": self = .failed
            default: self = .other
            }
        }

        var isAttempt: Bool { self == .passed || self == .failed }
    }

    /// One fact, with its activity and course as indices into ``activities``.
    struct Row: Sendable {
        let sequence: UInt64
        let millis: Int64
        let timeMillis: Int64
        let activity: Int32
        /// The course's index, or -1 for standalone content.
        let course: Int32
        /// The course's number among courses only (0, 1, 2, ...), or -1 for standalone content.
        let courseNumber: Int32
        let day: Int32
        /// Scaled score in hundredths of a point, or ``Row/noScore``.
        let score: Int32
        let kind: StatementFact.Kind
        let verb: Verb
        let isModule: Bool

        static let noScore = Int32.min

        var hasScore: Bool { score != Self.noScore }
    }

    /// One learner's facts in one partition, in sequence order. A partition is a course (holding the course
    /// and everything inside it) or a standalone activity, so a course's measures read only its own groups.
    struct Group: Sendable {
        let learner: Int32
        let partition: Int32
        var rows: [Row] = []
    }

    /// Strings numbered in the order first seen.
    struct Interner: Sendable {
        private(set) var strings: [String] = []
        private var numbers: [String: Int32] = [:]

        func number(_ string: String) -> Int32? { numbers[string] }

        /// The string's number, and whether it was new.
        mutating func intern(_ string: String) -> (number: Int32, isNew: Bool) {
            if let number = numbers[string] { return (number, false) }
            let number = Int32(strings.count)
            strings.append(string)
            numbers[string] = number
            return (number, true)
        }
    }

    /// Learner keys (employee ids or agent keys); a learner's index is its number.
    private var learnerNames = Interner()
    /// Activity and course ids.
    private var activityNames = Interner()

    var learnerKeys: [String] { learnerNames.strings }
    var activityIDs: [String] { activityNames.strings }
    private(set) var groups: [Group] = []
    /// Group numbers by learner index.
    private(set) var groupsOfLearner: [[Int]] = []
    private var groupsOfPartition: [Int32: [Int]] = [:]
    private var groupNumbers: [Int64: Int] = [:]
    /// The partitions each activity's facts lie in.
    private var partitionsOfActivity: [Int32: Set<Int32>] = [:]
    /// Dense numbers of the ids that facts name as their course.
    private var courseNumbers: [Int32: Int32] = [:]
    /// Facts inside each course other than the course itself: whether an id is a course.
    private var partCounts: [Int32: Int] = [:]
    private(set) var count = 0
    /// The first and last day any fact has fallen on (kept when facts are taken out).
    private(set) var days: ClosedRange<Int32>?

    init() {}

    /// How many ids facts have named as their course.
    var courseCount: Int { courseNumbers.count }

    /// The index of a learner key, if any fact names it.
    func learner(_ key: String) -> Int32? { learnerNames.number(key) }

    /// The index of an activity or course id, if any fact names it.
    func activity(_ id: String) -> Int32? { activityNames.number(id) }

    /// Whether some fact lies inside `activity` as its course, so `activity` is a course.
    func isCourse(_ activity: Int32) -> Bool { (partCounts[activity] ?? 0) > 0 }

    /// The groups that can hold facts about `activity` (as the activity or as its course).
    func groups(about activity: Int32) -> [Int] {
        var partitions = partitionsOfActivity[activity] ?? []
        partitions.insert(activity)
        return partitions.sorted().flatMap { groupsOfPartition[$0] ?? [] }
    }

    /// Adds a fact (kept in sequence order within its group).
    mutating func insert(_ fact: StatementFact) {
        insert(
            learner: fact.learner, sequence: fact.sequence, activity: fact.activity, activityType: fact.activityType,
            course: fact.course, kind: fact.kind, verb: fact.verb, millis: fact.millis, day: fact.day,
            score: fact.score.map { Int64(($0 * 100).rounded()) }, timeMillis: fact.timeMillis)
    }

    /// Adds a fact as the store holds it: the score in hundredths of a point.
    mutating func insert(
        learner key: String, sequence: UInt64, activity id: String, activityType: String, course courseID: String,
        kind: StatementFact.Kind, verb: String, millis: Int64, day: Int, score: Int64?, timeMillis: Int64
    ) {
        let learner = intern(learner: key)
        let activity = intern(activity: id)
        let course = courseID.isEmpty ? -1 : intern(activity: courseID)
        var courseNumber: Int32 = -1
        if course >= 0 {
            courseNumber = courseNumbers[course] ?? Int32(courseNumbers.count)
            courseNumbers[course] = courseNumber
        }
        let row = Row(
            sequence: sequence, millis: millis, timeMillis: timeMillis, activity: activity, course: course,
            courseNumber: courseNumber, day: Int32(clamping: day), score: score.map { Int32(clamping: $0) } ?? Row.noScore, kind: kind,
            verb: Verb(verb), isModule: activityType.hasSuffix("/activities/module"))
        let partition = course >= 0 ? course : activity
        let number = group(learner: learner, partition: partition)
        if let last = groups[number].rows.last, last.sequence > row.sequence {
            groups[number].rows.insert(row, at: Self.position(of: row.sequence, in: groups[number].rows))
        } else {
            groups[number].rows.append(row)
        }
        if partitionsOfActivity[activity]?.contains(partition) != true {
            partitionsOfActivity[activity, default: []].insert(partition)
        }
        if course >= 0, course != activity { partCounts[course, default: 0] += 1 }
        count += 1
        days = days.map { min($0.lowerBound, row.day)...max($0.upperBound, row.day) } ?? row.day...row.day
    }

    /// Takes a fact back out; false when the learner has no fact with that sequence.
    @discardableResult
    mutating func remove(learner key: String, sequence: UInt64) -> Bool {
        guard let learner = learnerNames.number(key) else { return false }
        for number in groupsOfLearner[Int(learner)] {
            let position = Self.position(of: sequence, in: groups[number].rows)
            guard position < groups[number].rows.count, groups[number].rows[position].sequence == sequence else {
                continue
            }
            let row = groups[number].rows.remove(at: position)
            if row.course >= 0, row.course != row.activity { partCounts[row.course, default: 0] -= 1 }
            count -= 1
            return true
        }
        return false
    }

    /// The first position whose sequence is at least `sequence`.
    private static func position(of sequence: UInt64, in rows: [Row]) -> Int {
        var low = 0
        var high = rows.count
        while low < high {
            let middle = (low + high) / 2
            if rows[middle].sequence < sequence { low = middle + 1 } else { high = middle }
        }
        return low
    }

    private mutating func group(learner: Int32, partition: Int32) -> Int {
        let key = Int64(learner) << 32 | Int64(partition)
        if let number = groupNumbers[key] { return number }
        let number = groups.count
        groups.append(Group(learner: learner, partition: partition))
        groupNumbers[key] = number
        groupsOfLearner[Int(learner)].append(number)
        groupsOfPartition[partition, default: []].append(number)
        return number
    }

    private mutating func intern(learner key: String) -> Int32 {
        let (number, isNew) = learnerNames.intern(key)
        if isNew { groupsOfLearner.append([]) }
        return number
    }

    private mutating func intern(activity id: String) -> Int32 {
        activityNames.intern(id).number
    }
}
