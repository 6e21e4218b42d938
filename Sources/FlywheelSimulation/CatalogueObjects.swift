import FlywheelXAPI

/// The catalogue's xAPI activity objects, built once per run and shared by every statement.
struct CatalogueObjects: Sendable {
    /// One module: its activity, its video and its knowledge check.
    struct Module: Sendable {
        let id: String
        let object: JSONValue
        let reference: JSONValue
        let video: JSONValue
        let videoReference: JSONValue
        let videoLengthSeconds: Int
        let check: JSONValue
        let checkReference: JSONValue
        let questions: [QuestionItem]
    }

    /// One course with its modules and assessment.
    struct Course: Sendable {
        let course: FlywheelSimulation.Course
        let object: JSONValue
        let reference: JSONValue
        let modules: [Module]
        let assessment: JSONValue
        let assessmentReference: JSONValue
        let assessmentQuestions: [QuestionItem]
    }

    /// One optional video.
    struct Video: Sendable {
        let video: OptionalVideo
        let object: JSONValue
    }

    let courses: [Course]
    let videos: [Video]

    static let questionsPerCheck = 3
    static let questionsPerAssessment = 8

    init(_ catalogue: Catalogue) {
        courses = catalogue.courses.map { course in
            let courseID = catalogue.courseID(course)
            let modules = course.modules.enumerated().map { offset, title in
                let moduleID = catalogue.moduleID(course, offset + 1)
                let videoID = moduleID + "/video"
                let checkID = moduleID + "/check"
                let videoTitle = LocalizedText(
                    title.english + " (video)", de: title.german + " (Video)", fr: title.french + " (vidéo)")
                let checkTitle = LocalizedText(
                    title.english + ": knowledge check", de: title.german + ": Wissenscheck",
                    fr: title.french + " : vérification des acquis")
                return Module(
                    id: moduleID, object: Self.activity(moduleID, title, ActivityType.module),
                    reference: Self.reference(moduleID),
                    video: Self.activity(videoID, videoTitle, ActivityType.video),
                    videoReference: Self.reference(videoID),
                    videoLengthSeconds: 240 + (offset * 97 + course.slug.utf8.count * 13) % 420,
                    check: Self.activity(checkID, checkTitle, ActivityType.assessment),
                    checkReference: Self.reference(checkID),
                    questions: (0..<Self.questionsPerCheck).map { position in
                        QuestionItem(
                            id: checkID + "/questions/\(position + 1)", topic: title, position: position + offset)
                    })
            }
            let assessmentID = catalogue.assessmentID(course)
            let assessmentTitle = LocalizedText(
                course.title.english + ": final assessment", de: course.title.german + ": Abschlusstest",
                fr: course.title.french + " : évaluation finale")
            return Course(
                course: course, object: Self.activity(courseID, course.title, ActivityType.course),
                reference: Self.reference(courseID), modules: modules,
                assessment: Self.activity(assessmentID, assessmentTitle, ActivityType.assessment),
                assessmentReference: Self.reference(assessmentID),
                assessmentQuestions: (0..<Self.questionsPerAssessment).map { position in
                    QuestionItem(
                        id: assessmentID + "/questions/\(position + 1)",
                        topic: course.modules[position % course.modules.count], position: position)
                })
        }
        videos = catalogue.videos.map { video in
            Video(video: video, object: Self.activity(catalogue.videoID(video), video.title, ActivityType.video))
        }
    }

    private static func activity(_ id: String, _ title: LocalizedText, _ type: String) -> JSONValue {
        [
            "objectType": "Activity", "id": .string(id),
            "definition": ["name": title.languageMap, "type": .string(type)],
        ]
    }

    private static func reference(_ id: String) -> JSONValue {
        ["objectType": "Activity", "id": .string(id)]
    }
}
