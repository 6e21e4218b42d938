import FlywheelContracts
import FlywheelIntelligence
import FlywheelRPC
import FlywheelSimulation
import Testing

@Suite("Directory and segments")
struct DirectoryAndSegmentTests {
    /// An in-process intelligence service on an in-memory store, called as the CLI.
    private func service() throws -> (IntelligenceV1.Intelligence.Client, RPCServer, IntelligenceStore) {
        let store = try IntelligenceStore()
        let server = RPCServer()
        server.register(IntelligenceService(store: store).rpcService, policy: IntelligenceService.accessPolicy)
        return (IntelligenceV1.Intelligence.Client(channel: server.inProcessChannel(identity: "cli")), server, store)
    }

    private let organisation = Organisation(learnerCount: 40, seed: 5)

    @Test("imports the simulator's CSV directory and then its JSON directory as updates")
    func importsCSVAndJSON() async throws {
        let (client, server, store) = try service()
        let learners = (0..<organisation.learnerCount).map(organisation.learner(at:))
        let csv = LearnerDirectory.csv(learners)
        let imported = try await client.importLearners(.init(content: Array(csv.utf8), format: ""))
        #expect(imported.added == 40 && imported.updated == 0 && imported.total == 40)

        let json = "{\"format\":\"\(LearnerDirectory.format)\",\"learners\":["
            + learners.map { LearnerDirectory.record($0).serialized() }.map { String(decoding: $0, as: UTF8.self) }
                .joined(separator: ",") + "]}"
        let again = try await client.importLearners(.init(content: Array(json.utf8), format: "json"))
        #expect(again.added == 0 && again.updated == 40 && again.total == 40)

        let listed = try await client.listLearners(.init(segment: "", limit: 5))
        #expect(listed.total == 40)
        let first = try #require(listed.learners.first)
        let original = try #require(learners.first { $0.employeeID == first.employeeID })
        #expect(first.department == original.department.name)
        #expect(first.tenureBand == original.tenureBand)
        #expect(first.isManager == original.isManager)
        #expect(first.managerID == (original.managerID ?? ""))
        server.closeAll()
        await store.close()
    }

    @Test("a CSV row with the wrong number of fields names its line")
    func rejectsRaggedCSV() throws {
        let csv = LearnerDirectory.csvHeader + "\nE1,Ann,a@x,Sales,AE,London,Europe/London,<1y,,false\nE2,Bob\n"
        #expect {
            try DirectoryFile.parse(Array(csv.utf8))
        } throws: { error in
            (error as? IntelligenceError)?.message.contains("CSV line 3") == true
        }
    }

    @Test(
        "a malformed directory is refused with what is wrong and where, and the directory stays as it was",
        arguments: [
            ("{\"learners\": [", "json", "the JSON directory does not parse"),
            ("{\"people\": []}", "json", "has no \"learners\" array"),
            ("{\"learners\": [42]}", "json", "learners[0] is not an object"),
            ("employee_id,name\nE1,Ann\n", "csv", "has no 'email' column"),
            ("", "csv", "the CSV directory is empty"),
            (LearnerDirectory.csvHeader + "\nE9,Zoe,z@x,Sales,AE,Oslo,Europe/Oslo,<1y,,maybe\n", "csv", "is_manager is 'maybe'"),
            (LearnerDirectory.csvHeader + "\nE9,\"Zoe,z@x,Sales,AE,Oslo,Europe/Oslo,<1y,,false\n", "csv", "never ends"),
            ("employee_id\nE1\n", "xml", "format 'xml' is neither csv nor json"),
        ])
    func refusesMalformedDirectory(content: String, format: String, message: String) async throws {
        let (client, server, store) = try service()
        let learners = (0..<organisation.learnerCount).map(organisation.learner(at:))
        _ = try await client.importLearners(.init(content: Array(LearnerDirectory.csv(learners).utf8), format: "csv"))

        await #expect {
            _ = try await client.importLearners(.init(content: Array(content.utf8), format: format))
        } throws: { error in
            let rpc = error as? RPCError
            return rpc?.code == .invalidArgument && rpc?.message.contains(message) == true
        }
        let listed = try await client.listLearners(.init(segment: "", limit: 1))
        #expect(listed.total == 40)
        server.closeAll()
        await store.close()
    }

    @Test("a segment selects the learners its filter names")
    func segmentSelectsLearners() async throws {
        let (client, server, store) = try service()
        let learners = (0..<organisation.learnerCount).map(organisation.learner(at:))
        let csv = ([LearnerDirectory.csvHeader] + learners.map(LearnerDirectory.csvRow)).joined(separator: "\n")
        _ = try await client.importLearners(.init(content: Array(csv.utf8), format: "csv"))

        let filter = "department=Sales and (tenure<3y or manager=true)"
        let defined = try await client.defineSegment(.init(name: "new-sales", filter: filter))
        let expected = learners.filter {
            $0.department.name == "Sales" && (["<1y", "1-3y"].contains($0.tenureBand) || $0.isManager)
        }
        #expect(!expected.isEmpty)
        #expect(defined.segment?.learnerCount == UInt32(expected.count))
        #expect(defined.replaced == false)
        let members = try await client.listLearners(.init(segment: "new-sales", limit: 0))
        #expect(Set(members.learners.map(\.employeeID)) == Set(expected.map(\.employeeID)))
        let listed = try await client.listSegments(.init())
        #expect(listed.segments.map(\.name) == ["new-sales"])

        // One learner by employee id, whatever the segment says; an unknown id finds nobody.
        let outsider = try #require(learners.first { $0.department.name != "Sales" })
        let one = try await client.listLearners(.init(segment: "new-sales", employeeID: outsider.employeeID))
        #expect(one.learners.map(\.employeeID) == [outsider.employeeID] && one.total == 1)
        #expect(one.learners.first?.name == outsider.name)
        #expect(try await client.listLearners(.init(employeeID: "E-nobody")).learners.isEmpty)
        server.closeAll()
        await store.close()
    }

    @Test("segment parse errors name the bad token", arguments: [
        ("department=Sales andd tenure<1y", "'andd'"),
        ("departmnt=Sales", "'departmnt'"),
        ("department<Sales", "'<'"),
        ("tenure<2y", "'2y'"),
        ("department=Sales and", "ended"),
        ("(department=Sales", "')'"),
    ])
    func parseErrorsNameTheToken(filter: String, token: String) {
        #expect {
            try SegmentFilter(filter)
        } throws: { error in
            guard let error = error as? IntelligenceError, error.code == .invalidSegment else { return false }
            return error.message.contains(token)
        }
    }

    @Test("defining a segment with a bad filter fails with invalid argument")
    func badFilterOverRPC() async throws {
        let (client, server, store) = try service()
        await #expect {
            _ = try await client.defineSegment(.init(name: "x", filter: "role==Boss"))
        } throws: { error in
            (error as? RPCError)?.code == .invalidArgument
        }
        server.closeAll()
        await store.close()
    }
}
