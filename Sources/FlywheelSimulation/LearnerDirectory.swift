public import FlywheelXAPI

/// The learner directory import format, as CSV with a header row and as JSON.
///
/// Columns (and JSON members, in this order): `employee_id`, `name`, `email`, `department`, `role`, `location`,
/// `time_zone`, `tenure_band`, `manager_id` (empty / absent for a department head), `is_manager` (`true` or
/// `false`). The JSON form is one object, `{"format": "flywheel.learners.v1", "learners": [...]}`. Statements
/// identify a learner by an account whose `name` is the `employee_id`.
public enum LearnerDirectory {
    /// The format name in the JSON form.
    public static let format = "flywheel.learners.v1"
    /// The CSV header row, without the line break.
    public static let csvHeader =
        "employee_id,name,email,department,role,location,time_zone,tenure_band,manager_id,is_manager"

    /// One CSV row, without the line break; fields with a comma, quote or line break are quoted.
    public static func csvRow(_ learner: Learner) -> String {
        [
            learner.employeeID, learner.name, learner.email, learner.department.name, learner.role,
            learner.location.city, learner.location.timeZone, learner.tenureBand, learner.managerID ?? "",
            learner.isManager ? "true" : "false",
        ].map(quoted).joined(separator: ",")
    }

    /// One learner as a JSON object.
    public static func record(_ learner: Learner) -> JSONValue {
        var members: [JSONObject.Member] = [
            JSONObject.Member(key: "employee_id", value: .string(learner.employeeID)),
            JSONObject.Member(key: "name", value: .string(learner.name)),
            JSONObject.Member(key: "email", value: .string(learner.email)),
            JSONObject.Member(key: "department", value: .string(learner.department.name)),
            JSONObject.Member(key: "role", value: .string(learner.role)),
            JSONObject.Member(key: "location", value: .string(learner.location.city)),
            JSONObject.Member(key: "time_zone", value: .string(learner.location.timeZone)),
            JSONObject.Member(key: "tenure_band", value: .string(learner.tenureBand)),
        ]
        if let manager = learner.managerID {
            members.append(JSONObject.Member(key: "manager_id", value: .string(manager)))
        }
        members.append(JSONObject.Member(key: "is_manager", value: .bool(learner.isManager)))
        return .object(JSONObject(members))
    }

    /// Writes the directory of every learner as CSV and as JSON, one learner at a time.
    /// - Parameters:
    ///   - organisation: The learners.
    ///   - csvPath: Where the CSV goes.
    ///   - jsonPath: Where the JSON goes.
    /// - Throws: `SimulationError` with code `.output` when a file cannot be written.
    /// The CSV file of some learners: the header, then one row each, each line ending in a line break.
    public static func csv(_ learners: some Sequence<Learner>) -> String {
        ([csvHeader] + learners.map(csvRow)).joined(separator: "\n") + "\n"
    }

    public static func write(_ organisation: Organisation, csvPath: String, jsonPath: String) throws(SimulationError) {
        let csv = try OutputFile(path: csvPath)
        let json = try OutputFile(path: jsonPath)
        try csv.write(csvHeader + "\n")
        try json.write("{\"format\":\"\(format)\",\"learners\":[\n")
        for index in 0..<organisation.learnerCount {
            let learner = organisation.learner(at: index)
            try csv.write(csvRow(learner) + "\n")
            try json.write(record(learner).serialized())
            try json.write(index + 1 < organisation.learnerCount ? ",\n" : "\n")
        }
        try json.write("]}\n")
        try csv.close()
        try json.close()
    }

    private static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
