/// A ``MeasureScope`` in the table's indices.
struct ResolvedScope {
    /// The scope's activity or course; nil for everything.
    var activity: Int32?
    var isCourse = false
    var learner: Int32?
    /// Segment membership by learner index; nil for everyone.
    var members: [Bool]?
    var from: Int32?
    var to: Int32?
    /// The scope names an activity or learner no fact has.
    var isEmpty = false

    func includes(learner index: Int) -> Bool {
        guard let members else { return true }
        return index < members.count && members[index]
    }

    /// Whether a fact is in scope (learner and segment aside).
    @inline(__always)
    func includes(_ row: FactTable.Row) -> Bool {
        if let from, row.day < from { return false }
        if let to, row.day > to { return false }
        if let activity, row.activity != activity, row.course != activity { return false }
        return true
    }

    /// Whether a fact's results (pass, fail, score) count: a course's or everything's come from final
    /// assessments, an activity's from itself.
    @inline(__always)
    func countsResults(_ row: FactTable.Row) -> Bool {
        guard let activity, !isCourse else { return row.kind == .summative }
        return row.activity == activity
    }
}

extension FactTable {
    /// Resolves a scope; `members` are the employee ids of its segment, if it has one.
    func resolve(_ scope: MeasureScope, members: [String]?) -> ResolvedScope {
        var resolved = ResolvedScope()
        if !scope.activity.isEmpty {
            if let activity = activity(scope.activity) {
                resolved.activity = activity
                resolved.isCourse = isCourse(activity)
            } else {
                resolved.isEmpty = true
            }
        }
        if !scope.learner.isEmpty {
            if let learner = learner(scope.learner) { resolved.learner = learner } else { resolved.isEmpty = true }
        }
        if let members {
            var mask = Array(repeating: false, count: learnerKeys.count)
            for member in members {
                if let index = learner(member) { mask[Int(index)] = true }
            }
            resolved.members = mask
        }
        resolved.from = scope.from.map { Int32(clamping: $0) }
        resolved.to = scope.to.map { Int32(clamping: $0) }
        return resolved
    }

    /// Each learner a scope covers, with the numbers of the groups that may hold its facts.
    func coverage(_ scope: ResolvedScope) -> [(learner: Int, groups: [Int])] {
        if scope.isEmpty { return [] }
        let covers = { (learner: Int) in
            scope.includes(learner: learner) && (scope.learner.map { Int($0) == learner } ?? true)
        }
        guard let activity = scope.activity else {
            if let learner = scope.learner.map(Int.init) {
                return covers(learner) ? [(learner, groupsOfLearner[learner])] : []
            }
            return groupsOfLearner.enumerated().filter { covers($0.offset) }.map { ($0.offset, $0.element) }
        }
        let numbers = groups(about: activity)
        var seen = Set<Int32>()
        if numbers.allSatisfy({ seen.insert(groups[$0].learner).inserted }) {
            // One partition (the usual case): each group is a different learner.
            return numbers.map { (Int(groups[$0].learner), [$0]) }.filter { covers($0.0) }
        }
        var byLearner: [Int: [Int]] = [:]
        for number in numbers { byLearner[Int(groups[number].learner), default: []].append(number) }
        return byLearner.keys.sorted().filter(covers).map { ($0, byLearner[$0] ?? []) }
    }

    /// Tallies a scope in total, per bucket (keyed by each bucket's first day, when `bucketStart` is given) and
    /// per learner (when `perLearner` is given).
    func tally(
        _ scope: ResolvedScope, bucketStart: ((Int) -> Int)? = nil,
        perLearner: ((Int, MeasureTally) -> Void)? = nil
    ) -> (total: MeasureTally, buckets: [Int: MeasureTally]) {
        // Buckets are numbered by a lookup from day to bucket, built once over the days the table spans.
        var bucketOfDay: [Int] = []
        var bucketStarts: [Int] = []
        let firstDay = Int(days?.lowerBound ?? 0)
        if let bucketStart, let days {
            var numbers: [Int: Int] = [:]
            for day in Int(days.lowerBound)...Int(days.upperBound) {
                let start = bucketStart(day)
                if let number = numbers[start] {
                    bucketOfDay.append(number)
                } else {
                    numbers[start] = bucketStarts.count
                    bucketOfDay.append(bucketStarts.count)
                    bucketStarts.append(start)
                }
            }
        }
        var bucketTallies = Array(repeating: MeasureTally(), count: bucketStarts.count)
        var total = MeasureTally()
        // Distinct counting by stamps: a slot holds the last learner counted in it. Unit slots are laid out
        // per bucket, with one more row of slots for the learner's total.
        let unitCount = scope.activity == nil ? max(1, courseCount) : 1
        var activeStamps = Array(repeating: -1, count: bucketStarts.count)
        var unitStamps = Array(repeating: -1, count: (bucketStarts.count + 1) * unitCount)
        var completedStamps = unitStamps
        let totalSlots = bucketStarts.count * unitCount
        let usesBuckets = !bucketStarts.isEmpty

        for (learner, numbers) in coverage(scope) {
            var own = MeasureTally()
            for number in numbers {
                for row in groups[number].rows where scope.includes(row) {
                    let counts = scope.countsResults(row)
                    own.add(row, countsResults: counts)
                    own.active = 1
                    let bucket = usesBuckets ? bucketOfDay[Int(row.day) - firstDay] : 0
                    if usesBuckets {
                        bucketTallies[bucket].add(row, countsResults: counts)
                        if activeStamps[bucket] != learner {
                            activeStamps[bucket] = learner
                            bucketTallies[bucket].active += 1
                        }
                    }
                    let unit: Int
                    let completes: Bool
                    if let activity = scope.activity {
                        unit = 0
                        completes = row.activity == activity && row.verb == .completed
                    } else if row.courseNumber >= 0 {
                        unit = Int(row.courseNumber)
                        completes = row.kind == .course && row.verb == .completed
                    } else {
                        continue
                    }
                    if unitStamps[totalSlots + unit] != learner {
                        unitStamps[totalSlots + unit] = learner
                        own.units += 1
                    }
                    if completes, completedStamps[totalSlots + unit] != learner {
                        completedStamps[totalSlots + unit] = learner
                        own.completed += 1
                    }
                    guard usesBuckets else { continue }
                    let slot = bucket * unitCount + unit
                    if unitStamps[slot] != learner {
                        unitStamps[slot] = learner
                        bucketTallies[bucket].units += 1
                    }
                    if completes, completedStamps[slot] != learner {
                        completedStamps[slot] = learner
                        bucketTallies[bucket].completed += 1
                    }
                }
            }
            guard own.active > 0 else { continue }
            total.add(own)
            perLearner?(learner, own)
        }
        var buckets: [Int: MeasureTally] = [:]
        for (number, tally) in bucketTallies.enumerated() where tally.active > 0 {
            buckets[bucketStarts[number]] = tally
        }
        return (total, buckets)
    }
}
