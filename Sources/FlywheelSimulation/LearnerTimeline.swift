import FlywheelCalendar
import FlywheelXAPI
import Foundation

/// The learning year of one learner: which courses they take, when, how far they get and how they score.
///
/// Everything is drawn from the learner's own random stream, so learners are generated independently and in any
/// order, and memory holds one learner's statements at a time.
struct LearnerTimeline {
    /// A statement and the time it happened, ordered by time and then by the order it was made.
    struct Event {
        let millis: Int64
        let sequence: Int
        let statement: JSONValue
    }

    let learner: Learner
    let behaviour: BehaviourModel
    let objects: CatalogueObjects
    let effects: [PlantedEffect]
    let factory: StatementFactory
    let startEpochDay: Int
    let days: Int
    var random: SeededGenerator
    var events: [Event] = []
    /// When each course's first assessment attempt began, by course slug.
    var firstAttempts: [String: Int64] = [:]

    init(learner: Learner, configuration: SimulationConfiguration, objects: CatalogueObjects, homePage: String) {
        self.learner = learner
        behaviour = configuration.behaviour
        self.objects = objects
        effects = configuration.catalogue.effects
        factory = StatementFactory(learner: learner, homePage: homePage, isVersion2: configuration.version.isVersion2)
        startEpochDay = configuration.start.epochDay
        days = configuration.days
        random = SeededGenerator(seed: configuration.seed, stream: 3, index: UInt64(learner.index))
    }

    /// Generates the learner's statements in time order.
    mutating func statements() -> [JSONValue] {
        var exposures: [String: Bool] = [:]
        for video in objects.videos {
            exposures[video.video.slug] = choosesToWatch(video.video)
        }
        for course in objects.courses where course.course.audience.includes(learner) {
            guard random.chance(behaviour.enrolmentChance) else { continue }
            take(course, exposures: exposures)
        }
        for video in objects.videos {
            watchOptional(video, exposed: exposures[video.video.slug] ?? false)
        }
        events.sort { ($0.millis, $0.sequence) < ($1.millis, $1.sequence) }
        return events.map(\.statement)
    }

    private mutating func choosesToWatch(_ video: OptionalVideo) -> Bool {
        switch video.selection {
        case .random(let share):
            return random.chance(share)
        case .byAbility(let intercept, let slope):
            return random.chance(Self.logistic(intercept + slope * learner.ability))
        }
    }

    static func logistic(_ value: Double) -> Double {
        1 / (1 + exp(-value))
    }

    /// The learner's chance of stopping at each step, lower for motivated learners.
    var dropOffChance: Double {
        min(0.4, max(0.01, behaviour.dropOffChance * (1 - 0.4 * learner.motivation)))
    }

    /// The planted effect, in probability, of the videos this learner watched on `course`'s assessment.
    func plantedEffect(on course: Course, exposures: [String: Bool]) -> Double {
        effects.reduce(0) { total, effect in
            guard effect.courseSlug == course.slug, effect.segment == learner.department,
                exposures[effect.videoSlug] == true
            else { return total }
            return total + effect.effectPoints / 100
        }
    }

    // MARK: Courses

    private mutating func take(_ course: CatalogueObjects.Course, exposures: [String: Bool]) {
        let eagerness = min(1.5, max(0.5, 1 - 0.25 * learner.motivation))
        var day =
            Double(course.course.releaseDay) + random.exponential(mean: behaviour.enrolmentDelayMeanDays * eagerness)
        let registration = random.uuid()
        var moduleNumber = 0
        var lastDay = 0
        while moduleNumber < course.modules.count {
            if moduleNumber > 0 && random.chance(dropOffChance) { return }
            guard let session = sessionStart(day: day) else { return }
            switch moduleSession(course, course.modules[moduleNumber], registration, session) {
            case .completed(let endDay):
                moduleNumber += 1
                lastDay = endDay
                day = Double(endDay) + 1 + random.exponential(mean: behaviour.sessionGapMeanDays - 1)
            case .abandoned(let endDay):
                if random.chance(0.5) { return }
                day = Double(endDay) + 1 + random.exponential(mean: behaviour.sessionGapMeanDays)
            case .stopped:
                return
            }
        }
        if random.chance(dropOffChance) { return }
        day = Double(lastDay) + 1 + random.exponential(mean: 3)
        let effect = plantedEffect(on: course.course, exposures: exposures)
        var baseChance: Double? = nil
        for attempt in 1...behaviour.maximumAttempts {
            guard let session = sessionStart(day: day) else { return }
            if baseChance == nil {
                let forgetting = min(
                    behaviour.forgettingCap, behaviour.forgettingPerDay * Double(session.day - lastDay))
                let raw = behaviour.basePassChance + behaviour.abilityPassSlope * learner.ability - forgetting
                baseChance = min(behaviour.passChanceBounds.upperBound, max(behaviour.passChanceBounds.lowerBound, raw))
                firstAttempts[course.course.slug] = session.millis
            }
            let chance = min(0.97, baseChance! + effect + behaviour.retakeGain * Double(attempt - 1))
            if assessmentSession(course, registration, session, attempt: attempt, passChance: chance) { return }
            guard random.chance(behaviour.retakeChance) else { return }
            day = Double(session.day) + 1 + random.exponential(mean: 3)
        }
    }

    // MARK: Time

    /// A session's day (from the first simulated day) and start time.
    struct SessionStart {
        let day: Int
        let millis: Int64
    }

    /// The start of a session on or soon after `day`: weekend sessions mostly move to Monday, and the hour
    /// follows the learner's habit in their office's time zone. Nil when the day is past the simulated period.
    mutating func sessionStart(day: Double) -> SessionStart? {
        var whole = Int(day.rounded(.down))
        let weekday = CivilDay.weekday(epochDay: startEpochDay + whole)
        if weekday >= 5 && !random.chance(behaviour.weekendStudyChance) { whole += 7 - weekday }
        guard whole >= 0 && whole < days else { return nil }
        let hour = min(23.25, max(7, learner.preferredHour + random.normal(deviation: 1.2)))
        let local = Int64(startEpochDay + whole) * Timestamp.millisPerDay + Int64(hour * 3_600_000)
        return SessionStart(day: whole, millis: local - Int64(learner.location.utcOffsetMinutes) * 60_000)
    }

    /// Milliseconds for a step that takes between `low` and `high` seconds.
    mutating func seconds(_ low: Double, _ high: Double) -> Int64 {
        Int64(random.uniform(low...high) * 1000)
    }

    /// Records one statement.
    mutating func emit(
        _ verb: Verb, _ object: JSONValue, result: JSONValue? = nil, context: JSONValue, at millis: Int64
    ) {
        let statement = factory.statement(
            id: random.uuid(), verb: verb, object: object, result: result, context: context, millis: millis)
        events.append(Event(millis: millis, sequence: events.count, statement: statement))
    }
}
