/// The courses, optional videos and planted effects of a simulated organisation.
public struct Catalogue: Sendable {
    /// The assigned courses.
    public let courses: [Course]
    /// The optional library videos.
    public let videos: [OptionalVideo]
    /// The effects planted between videos and course outcomes.
    public let effects: [PlantedEffect]
    /// The root of every activity IRI.
    public let activityRoot: String

    /// Creates a catalogue.
    public init(
        courses: [Course], videos: [OptionalVideo], effects: [PlantedEffect],
        activityRoot: String = "https://learn.northwind.example/xapi"
    ) {
        self.courses = courses
        self.videos = videos
        self.effects = effects
        self.activityRoot = activityRoot
    }

    /// The catalogue the `simulate` command uses: six courses, three optional videos and five planted pairs
    /// (two causal, two null, one confounded).
    public static let standard = Catalogue(
        courses: [
            Course(
                slug: "customer-conversations",
                title: LocalizedText("Customer Conversations", de: "Kundengespräche", fr: "Conversations clients"),
                modules: [
                    LocalizedText("Listening first", de: "Zuerst zuhören", fr: "Écouter d'abord"),
                    LocalizedText("Handling objections", de: "Einwände behandeln", fr: "Traiter les objections"),
                    LocalizedText(
                        "Closing the conversation", de: "Das Gespräch abschließen", fr: "Conclure la conversation"),
                ],
                audience: .everyone, releaseDay: 0),
            Course(
                slug: "security-essentials",
                title: LocalizedText(
                    "Security Essentials", de: "Sicherheitsgrundlagen", fr: "Les bases de la sécurité"),
                modules: [
                    LocalizedText(
                        "Phishing and social engineering", de: "Phishing und Social Engineering",
                        fr: "Hameçonnage et ingénierie sociale"),
                    LocalizedText("Passwords and keys", de: "Passwörter und Schlüssel", fr: "Mots de passe et clés"),
                    LocalizedText("Reporting an incident", de: "Einen Vorfall melden", fr: "Signaler un incident"),
                ],
                audience: .everyone, releaseDay: 0),
            Course(
                slug: "annual-compliance",
                title: LocalizedText(
                    "Annual Compliance", de: "Jährliche Compliance-Schulung", fr: "Conformité annuelle"),
                modules: [
                    LocalizedText("Code of conduct", de: "Verhaltenskodex", fr: "Code de conduite"),
                    LocalizedText("Data protection", de: "Datenschutz", fr: "Protection des données"),
                ],
                audience: .everyone, releaseDay: 28),
            Course(
                slug: "data-literacy",
                title: LocalizedText("Data Literacy", de: "Datenkompetenz", fr: "Culture des données"),
                modules: [
                    LocalizedText("Reading a chart", de: "Diagramme lesen", fr: "Lire un graphique"),
                    LocalizedText("Averages and spread", de: "Mittelwerte und Streuung", fr: "Moyennes et dispersion"),
                    LocalizedText(
                        "Asking good questions of data", de: "Gute Fragen an Daten stellen",
                        fr: "Bien interroger les données"),
                ],
                audience: .departments([.operations, .finance, .sales]), releaseDay: 45),
            Course(
                slug: "product-fundamentals",
                title: LocalizedText(
                    "Orbit 3 Product Fundamentals", de: "Orbit 3: Produktgrundlagen",
                    fr: "Orbit 3 : les fondamentaux"),
                modules: [
                    LocalizedText("What is new in Orbit 3", de: "Neu in Orbit 3", fr: "Les nouveautés d'Orbit 3"),
                    LocalizedText("Demonstrating Orbit", de: "Orbit vorführen", fr: "Présenter Orbit"),
                    LocalizedText("Troubleshooting basics", de: "Grundlagen der Fehlersuche", fr: "Bases du dépannage"),
                ],
                audience: .departments([.sales, .support, .engineering]), releaseDay: 150),
            Course(
                slug: "leading-teams",
                title: LocalizedText("Leading Teams", de: "Teams führen", fr: "Diriger une équipe"),
                modules: [
                    LocalizedText(
                        "One-to-ones that matter", de: "Wirksame Einzelgespräche",
                        fr: "Des entretiens individuels utiles"),
                    LocalizedText("Giving feedback", de: "Feedback geben", fr: "Donner du feedback"),
                ],
                audience: .managers, releaseDay: 0),
        ],
        videos: [
            OptionalVideo(
                slug: "negotiation-video",
                title: LocalizedText(
                    "Negotiating with Confidence", de: "Souverän verhandeln", fr: "Négocier avec assurance"),
                lengthSeconds: 540, selection: .random(share: 0.5)),
            OptionalVideo(
                slug: "threat-modelling-video",
                title: LocalizedText(
                    "Threat Modelling in Practice", de: "Bedrohungsmodellierung in der Praxis",
                    fr: "La modélisation des menaces en pratique"),
                lengthSeconds: 720, selection: .random(share: 0.5)),
            OptionalVideo(
                slug: "spreadsheet-deep-dive",
                title: LocalizedText(
                    "Spreadsheet Deep Dive", de: "Tabellenkalkulation im Detail", fr: "Plongée dans les tableurs"),
                lengthSeconds: 900, selection: .byAbility(intercept: -0.4, slope: 1.8)),
        ],
        effects: [
            PlantedEffect(
                id: "negotiation-video/sales", videoSlug: "negotiation-video", segment: .sales,
                courseSlug: "customer-conversations", effectPoints: 15, kind: .causal),
            PlantedEffect(
                id: "negotiation-video/engineering", videoSlug: "negotiation-video", segment: .engineering,
                courseSlug: "customer-conversations", effectPoints: 0, kind: .null),
            PlantedEffect(
                id: "threat-modelling-video/engineering", videoSlug: "threat-modelling-video", segment: .engineering,
                courseSlug: "security-essentials", effectPoints: 12, kind: .causal),
            PlantedEffect(
                id: "threat-modelling-video/support", videoSlug: "threat-modelling-video", segment: .support,
                courseSlug: "security-essentials", effectPoints: 0, kind: .null),
            PlantedEffect(
                id: "spreadsheet-deep-dive/operations", videoSlug: "spreadsheet-deep-dive", segment: .operations,
                courseSlug: "data-literacy", effectPoints: 5, kind: .confounded),
        ])
}

extension Catalogue {
    /// The IRI of a course.
    public func courseID(_ course: Course) -> String { activityRoot + "/courses/" + course.slug }
    /// The IRI of a course's final assessment.
    public func assessmentID(_ course: Course) -> String { courseID(course) + "/assessment" }
    /// The IRI of module `number` (from 1) of a course.
    public func moduleID(_ course: Course, _ number: Int) -> String { courseID(course) + "/modules/\(number)" }
    /// The IRI of an optional video.
    public func videoID(_ video: OptionalVideo) -> String { activityRoot + "/library/" + video.slug }

    /// The course with this slug.
    public func course(_ slug: String) -> Course? { courses.first { $0.slug == slug } }
    /// The optional video with this slug.
    public func video(_ slug: String) -> OptionalVideo? { videos.first { $0.slug == slug } }
}
