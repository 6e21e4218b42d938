public import FlywheelContracts
import FlywheelStore

extension IntelligenceStore {
    /// Adds or replaces learners by employee id.
    /// - Returns: How many were added, how many replaced, and the directory's size after.
    public func importLearners(_ learners: [IntelligenceV1.Learner]) async throws -> (added: Int, updated: Int, total: Int) {
        defer { noteChange() }
        return try await database.write { connection in
            var added = 0
            var updated = 0
            for learner in learners {
                let existing = try connection.query(
                    "SELECT 1 FROM learners WHERE employee_id = ?", .text(learner.employeeID))
                if existing.isEmpty { added += 1 } else { updated += 1 }
                try connection.run(
                    "INSERT OR REPLACE INTO learners VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    .text(learner.employeeID), .text(learner.name), .text(learner.email), .text(learner.department),
                    .text(learner.role), .text(learner.location), .text(learner.timeZone), .text(learner.tenureBand),
                    .text(learner.managerID), .integer(learner.isManager ? 1 : 0))
            }
            let total = try connection.query("SELECT COUNT(*) FROM learners").first?[0].integerValue ?? 0
            return (added, updated, Int(total))
        }
    }

    /// The learners a filter matches (everyone for nil), in employee id order.
    /// - Returns: At most `limit` learners and the number that match.
    public func learners(matching filter: SegmentFilter?, limit: Int) async throws -> (learners: [IntelligenceV1.Learner], total: Int) {
        let (condition, arguments) = filter?.sql() ?? ("1", [])
        return try await database.read { connection in
            let rows = try connection.prepare(
                "SELECT * FROM learners WHERE \(condition) ORDER BY employee_id LIMIT \(limit)"
            ).query(arguments)
            let total = try connection.prepare("SELECT COUNT(*) FROM learners WHERE \(condition)").query(arguments)
            return (rows.map(Self.learner), Int(total.first?[0].integerValue ?? 0))
        }
    }

    /// A learner from a `SELECT *` row of the learners table.
    private static func learner(_ row: Row) -> IntelligenceV1.Learner {
        IntelligenceV1.Learner(
            employeeID: row[0].textValue ?? "", name: row[1].textValue ?? "", email: row[2].textValue ?? "",
            department: row[3].textValue ?? "", role: row[4].textValue ?? "", location: row[5].textValue ?? "",
            timeZone: row[6].textValue ?? "", tenureBand: row[7].textValue ?? "", managerID: row[8].textValue ?? "",
            isManager: row[9].integerValue == 1)
    }

    /// One learner of the directory, if it has that employee id.
    public func learner(employeeID: String) async throws -> IntelligenceV1.Learner? {
        try await database.read { connection in
            try connection.query("SELECT * FROM learners WHERE employee_id = ?", .text(employeeID)).first.map(Self.learner)
        }
    }

    /// The distinct departments of the directory, sorted.
    public func departments() async throws -> [String] {
        try await database.read { connection in
            try connection.query("SELECT DISTINCT department FROM learners ORDER BY department").compactMap {
                $0[0].textValue
            }
        }
    }

    /// Defines or redefines a segment; true when it replaced one.
    public func defineSegment(name: String, filter: SegmentFilter) async throws -> Bool {
        defer { noteChange() }
        return try await database.write { connection in
            let existed = try !connection.query("SELECT 1 FROM segments WHERE name = ?", .text(name)).isEmpty
            try connection.run("INSERT OR REPLACE INTO segments VALUES (?, ?)", .text(name), .text(filter.text))
            return existed
        }
    }

    /// Removes a segment; true when it existed.
    public func removeSegment(name: String) async throws -> Bool {
        defer { noteChange() }
        return try await database.write { connection in
            try connection.run("DELETE FROM segments WHERE name = ?", .text(name))
            return connection.changes > 0
        }
    }

    /// Every defined segment's name and filter text, by name.
    public func segments() async throws -> [(name: String, filter: String)] {
        try await database.read { connection in
            try connection.query("SELECT name, filter FROM segments ORDER BY name").map {
                ($0[0].textValue ?? "", $0[1].textValue ?? "")
            }
        }
    }

    /// The filter of a defined segment.
    /// - Throws: `IntelligenceError` `.unknownSegment` when no segment has that name.
    public func segment(named name: String) async throws -> SegmentFilter {
        let text = try await database.read { connection in
            try connection.query("SELECT filter FROM segments WHERE name = ?", .text(name)).first?[0].textValue
        }
        guard let text else { throw IntelligenceError(.unknownSegment, "no segment is named '\(name)'") }
        return try SegmentFilter(text)
    }
}
