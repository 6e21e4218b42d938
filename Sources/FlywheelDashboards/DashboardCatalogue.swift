import Foundation
import Synchronization

extension DashboardCourse {
    /// The courses in a catalogue file: a JSON object whose `activities` array holds xAPI Activity objects
    /// (the simulator's `catalogue.json`); those typed `.../activities/course` are courses, titled by their
    /// `en-US` name (or any name).
    ///
    /// - Returns: The courses, or an empty list when the file is missing or not such a catalogue.
    public static func fromCatalogue(atPath path: String) -> [DashboardCourse] {
        guard let data = FileManager.default.contents(atPath: path),
            let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let activities = root["activities"] as? [[String: Any]]
        else { return [] }
        return activities.compactMap { activity in
            guard let id = activity["id"] as? String, let definition = activity["definition"] as? [String: Any],
                (definition["type"] as? String)?.hasSuffix("/activities/course") == true
            else { return nil }
            let names = definition["name"] as? [String: String] ?? [:]
            return DashboardCourse(id: id, title: names["en-US"] ?? names.values.sorted().first ?? "")
        }
    }
}

/// The courses of a catalogue file, read again only when the file's modification time changes, so a
/// dashboard request costs one `stat`, not a JSON parse.
public final class CatalogueCourses: Sendable {
    private let path: String
    private let cache = Mutex<(modified: Date?, courses: [DashboardCourse])>((nil, []))

    public init(path: String) {
        self.path = path
    }

    /// The courses as the file now lists them (empty when it is missing).
    public func current() -> [DashboardCourse] {
        let modified = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
        return cache.withLock { cache in
            if modified != cache.modified {
                cache = (modified, modified == nil ? [] : DashboardCourse.fromCatalogue(atPath: path))
            }
            return cache.courses
        }
    }
}
