public import FlywheelXAPI

/// Every activity of the catalogue with its xAPI definition, for tools that import activities up front.
public enum CatalogueExport {
    /// The format name.
    public static let format = "flywheel.catalogue.v1"

    /// The catalogue as `{"format": ..., "activities": [activity objects]}`.
    public static func document(_ simulation: Simulation) -> JSONValue {
        var activities: [JSONValue] = []
        for course in simulation.objects.courses {
            activities.append(course.object)
            for module in course.modules {
                activities += [module.object, module.video, module.check] + module.questions.map(\.object)
            }
            activities.append(course.assessment)
            activities += course.assessmentQuestions.map(\.object)
        }
        activities += simulation.objects.videos.map(\.object)
        return ["format": .string(format), "activities": .array(activities)]
    }
}
