import FlywheelSimulation
import FlywheelXAPI
import Foundation
import Testing

@Suite("Directory, catalogue and ground truth files")
struct CompanionFileTests {
    private func written(learners: Int) throws -> (Simulation.CompanionFiles, URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("simulate-\(UUID().uuidString)")
        let simulation = try Simulation(configuration: SimulationConfiguration(learners: learners, seed: 3))
        return (try simulation.writeCompanions(in: folder.path), folder)
    }

    @Test("the CSV directory has a header and one row per learner whose managers all exist")
    func csvDirectory() throws {
        let (files, folder) = try written(learners: 170)
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = try String(contentsOfFile: files.directoryCSV, encoding: .utf8)
        let rows = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(rows.first?.map(String.init) == LearnerDirectory.csvHeader.split(separator: ",").map(String.init))
        #expect(rows.count == 171)
        let ids = Set(rows.dropFirst().map { String($0[0]) })
        let managers = rows.dropFirst().map { String($0[8]) }.filter { !$0.isEmpty }
        #expect(managers.count >= 160)
        #expect(managers.allSatisfy(ids.contains))
        let departments = Set(rows.dropFirst().map { String($0[3]) })
        #expect(departments == Set(Department.all.map(\.name)))
    }

    @Test("the JSON directory parses and lists the same learners as the CSV")
    func jsonDirectory() throws {
        let (files, folder) = try written(learners: 40)
        defer { try? FileManager.default.removeItem(at: folder) }
        let document = try JSONValue.parse(try #require(FileManager.default.contents(atPath: files.directoryJSON)))
        #expect(document["format"] == .string(LearnerDirectory.format))
        let learners = try #require(document["learners"]?.arrayValue)
        #expect(learners.count == 40)
        #expect(learners[1]["employee_id"] == "E000002")
        #expect(learners[0]["manager_id"] == nil)
        #expect(learners[1]["manager_id"] == "E000001")
    }

    @Test("the ground truth lists each planted pair with its size, exposure rule and null or confounded flag")
    func groundTruth() throws {
        let (files, folder) = try written(learners: 10)
        defer { try? FileManager.default.removeItem(at: folder) }
        let document = try JSONValue.parse(try #require(FileManager.default.contents(atPath: files.groundTruth)))
        let pairs = try #require(document["plantedEffects"]?.arrayValue)
        let effects = Catalogue.standard.effects
        #expect(pairs.count == effects.count)
        for (pair, effect) in zip(pairs, effects) {
            #expect(pair["id"] == .string(effect.id))
            #expect(pair["effectPoints"]?.numberValue?.double == effect.effectPoints)
            #expect(pair["segment"]?["department"] == .string(effect.segment.name))
            #expect(pair["null"] == .bool(effect.kind == .null))
            #expect(pair["confounded"] == .bool(effect.kind == .confounded))
            #expect(pair["exposureRule"]?["description"]?.stringValue?.isEmpty == false)
            #expect(pair["outcome"]?["activity"]?.stringValue?.hasSuffix("/assessment") == true)
        }
        #expect(pairs.filter { $0["null"] == true }.count == 2)
        #expect(pairs.filter { $0["confounded"] == true }.count == 1)
    }

    @Test("the catalogue file holds valid activity definitions in three languages")
    func catalogue() throws {
        let (files, folder) = try written(learners: 1)
        defer { try? FileManager.default.removeItem(at: folder) }
        let document = try JSONValue.parse(try #require(FileManager.default.contents(atPath: files.catalogue)))
        let activities = try #require(document["activities"]?.arrayValue)
        #expect(activities.count > 100)
        let validator = StatementValidator(version: .v1_0_3)
        for activity in activities {
            let statement: JSONValue = [
                "actor": ["mbox": "mailto:check@northwind.example"],
                "verb": ["id": "http://adlnet.gov/expapi/verbs/experienced"], "object": activity,
            ]
            #expect(validator.violations(in: statement).isEmpty)
            #expect(activity["definition"]?["name"]?.objectValue?.count == 3)
        }
    }
}
