public import FlywheelXAPI

/// The ground-truth file: what was planted, so an analysis of the data can be scored against it.
public enum GroundTruth {
    /// The format name.
    public static let format = "flywheel.ground-truth.v1"

    /// The ground truth of a run as JSON.
    ///
    /// Each planted pair lists its content (the exposure), segment, outcome, effect size in percentage points,
    /// exposure rule, and whether it is null or confounded.
    public static func document(_ simulation: Simulation) -> JSONValue {
        let configuration = simulation.configuration
        let catalogue = configuration.catalogue
        let pairs: [JSONValue] = catalogue.effects.map { effect in
            let video = catalogue.video(effect.videoSlug)
            let course = catalogue.course(effect.courseSlug)
            let selection: JSONValue
            switch video?.selection {
            case .random(let share)?:
                selection = [
                    "kind": "random", "share": .number(JSONNumber(share)),
                    "description": .string("each learner watches with chance \(share), independent of everything else"),
                ]
            case .byAbility(let intercept, let slope)?:
                selection = [
                    "kind": "by-ability", "intercept": .number(JSONNumber(intercept)),
                    "slope": .number(JSONNumber(slope)),
                    "description": .string(
                        "stronger learners choose it: chance = logistic(intercept + slope × hidden ability)"),
                ]
            case nil:
                selection = .null
            }
            return [
                "id": .string(effect.id),
                "content": [
                    "id": .string(video.map(catalogue.videoID) ?? ""),
                    "name": .string(video?.title.english ?? effect.videoSlug), "type": .string(ActivityType.video),
                ],
                "segment": ["department": .string(effect.segment.name)],
                "outcome": [
                    "kind": "first-attempt-pass-rate",
                    "activity": .string(course.map(catalogue.assessmentID) ?? ""),
                    "course": .string(course.map(catalogue.courseID) ?? ""),
                    "name": .string(course.map { $0.title.english + ": final assessment" } ?? effect.courseSlug),
                    "description":
                        "share of the segment's learners whose first passed/failed statement on the activity is passed",
                ],
                "effectPoints": .number(JSONNumber(effect.effectPoints)),
                "exposureRule": [
                    "description":
                        "a completed statement on the content timestamped before the learner's first attempt",
                    "verb": .string(Verb.completed.id), "selection": selection,
                ],
                "null": .bool(effect.kind == .null),
                "confounded": .bool(effect.kind == .confounded),
            ]
        }
        return [
            "format": .string(format),
            "seed": .number(JSONNumber(Int64(bitPattern: configuration.seed))),
            "learners": .number(JSONNumber(Int64(configuration.learners))),
            "days": .number(JSONNumber(Int64(configuration.days))),
            "start": .string(configuration.start.description),
            "xapiVersion": .string(configuration.version.description),
            "plantedEffects": .array(pairs),
        ]
    }
}
