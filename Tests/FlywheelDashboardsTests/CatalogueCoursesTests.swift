import FlywheelDashboards
import Foundation
import Testing

@Suite("Catalogue courses")
struct CatalogueCoursesTests {
    private func catalogue(_ ids: [String]) -> Data {
        let activities = ids.map { id in
            #"{"id":"\#(id)","definition":{"type":"http://adlnet.gov/expapi/activities/course","name":{"en-US":"Course \#(id.suffix(1))"}}}"#
        }
        return Data(#"{"activities":[\#(activities.joined(separator: ",")),{"id":"https://x/m","definition":{"type":"http://adlnet.gov/expapi/activities/module"}}]}"#.utf8)
    }

    @Test("lists the catalogue's courses, follows a rewritten file, and is empty for a missing one")
    func followsTheFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("catalogue-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let courses = CatalogueCourses(path: path)
        #expect(courses.current().isEmpty)

        try catalogue(["https://x/c1"]).write(to: URL(fileURLWithPath: path))
        #expect(courses.current().map(\.id) == ["https://x/c1"])
        #expect(courses.current().first?.title == "Course 1")

        try catalogue(["https://x/c1", "https://x/c2"]).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(5)], ofItemAtPath: path)
        #expect(courses.current().map(\.id) == ["https://x/c1", "https://x/c2"])
    }
}
