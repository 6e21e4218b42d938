import FlywheelXAPI

/// One question of a knowledge check or assessment: its activity object and the responses a learner can give.
struct QuestionItem: Sendable {
    /// The question's activity, with its interaction definition.
    let object: JSONValue
    /// The response that is correct.
    let correct: String
    /// Responses that are wrong, one of which a learner gives when they miss.
    let wrong: [String]

    /// The interaction kinds the catalogue's questions cycle through.
    private static let kinds = ["choice", "true-false", "sequencing", "matching", "fill-in", "numeric"]

    /// Builds question `position` (from 0) about `topic`, its interaction kind following its position.
    init(id: String, topic: LocalizedText, position: Int) {
        let kind = Self.kinds[position % Self.kinds.count]
        let number = position + 1
        var definition: [JSONObject.Member] = []
        var correct: String
        var wrong: [String]
        var components: [(String, JSONValue)] = []
        let name: LocalizedText
        switch kind {
        case "choice":
            name = LocalizedText(
                "\(topic.english): which next step is best? (\(number))",
                de: "\(topic.german): Welcher nächste Schritt ist am besten? (\(number))",
                fr: "\(topic.french) : quelle est la meilleure étape suivante ? (\(number))")
            let letters = ["a", "b", "c", "d"]
            correct = letters[position % 4]
            wrong = letters.filter { $0 != correct }
            components = [("choices", Self.components(letters, LocalizedText("Answer", de: "Antwort", fr: "Réponse")))]
        case "true-false":
            name = LocalizedText(
                "\(topic.english): true or false? (\(number))", de: "\(topic.german): richtig oder falsch? (\(number))",
                fr: "\(topic.french) : vrai ou faux ? (\(number))")
            correct = position % 2 == 0 ? "true" : "false"
            wrong = [position % 2 == 0 ? "false" : "true"]
        case "sequencing":
            name = LocalizedText(
                "Put the steps of \(topic.english) in order",
                de: "Bringen Sie die Schritte von „\(topic.german)“ in die richtige Reihenfolge",
                fr: "Remettez dans l'ordre les étapes de « \(topic.french) »")
            correct = "s2[,]s1[,]s3[,]s4"
            wrong = ["s1[,]s2[,]s3[,]s4", "s2[,]s3[,]s1[,]s4", "s4[,]s3[,]s2[,]s1"]
            components = [
                (
                    "choices",
                    Self.components(["s1", "s2", "s3", "s4"], LocalizedText("Step", de: "Schritt", fr: "Étape"))
                )
            ]
        case "matching":
            name = LocalizedText(
                "Match each term of \(topic.english) to its meaning",
                de: "Ordnen Sie jedem Begriff aus „\(topic.german)“ seine Bedeutung zu",
                fr: "Associez chaque terme de « \(topic.french) » à sa signification")
            correct = "p1[.]d2[,]p2[.]d3[,]p3[.]d1"
            wrong = ["p1[.]d1[,]p2[.]d2[,]p3[.]d3", "p1[.]d3[,]p2[.]d1[,]p3[.]d2"]
            components = [
                ("source", Self.components(["p1", "p2", "p3"], LocalizedText("Term", de: "Begriff", fr: "Terme"))),
                (
                    "target",
                    Self.components(["d1", "d2", "d3"], LocalizedText("Meaning", de: "Bedeutung", fr: "Signification"))
                ),
            ]
        case "fill-in":
            name = LocalizedText(
                "\(topic.english): name the key idea in one word",
                de: "\(topic.german): Nennen Sie die Kernidee in einem Wort",
                fr: "\(topic.french) : nommez l'idée clé en un mot")
            correct = "checklist"
            wrong = ["guess", "later", "skip"]
        default:
            name = LocalizedText(
                "\(topic.english): how many steps are there?", de: "\(topic.german): Wie viele Schritte gibt es?",
                fr: "\(topic.french) : combien d'étapes y a-t-il ?")
            correct = "4"
            wrong = ["3", "5", "6"]
        }
        definition.append(JSONObject.Member(key: "name", value: name.languageMap))
        definition.append(JSONObject.Member(key: "type", value: .string(ActivityType.interaction)))
        definition.append(JSONObject.Member(key: "interactionType", value: .string(kind)))
        let pattern = kind == "fill-in" ? "{case_matters=false}" + correct : correct
        definition.append(JSONObject.Member(key: "correctResponsesPattern", value: [.string(pattern)]))
        for (key, value) in components {
            definition.append(JSONObject.Member(key: key, value: value))
        }
        self.object = [
            "objectType": "Activity", "id": .string(id), "definition": .object(JSONObject(definition)),
        ]
        self.correct = correct
        self.wrong = wrong
    }

    private static func components(_ ids: [String], _ label: LocalizedText) -> JSONValue {
        .array(
            ids.enumerated().map { position, id in
                let suffix = " \(position + 1)"
                let description = LocalizedText(
                    label.english + suffix, de: label.german + suffix, fr: label.french + suffix)
                return ["id": .string(id), "description": description.languageMap]
            })
    }
}
