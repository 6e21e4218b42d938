import FlywheelXAPI

/// How a module session ended.
enum ModuleEnd {
    /// The module was completed; the learner's last session of it was on this day.
    case completed(day: Int)
    /// The learner gave up on the video part-way, on this day.
    case abandoned(day: Int)
    /// The learner suspended the module and never came back, or the simulated period ended.
    case stopped
}

extension LearnerTimeline {
    /// One module: launch, watch the video, maybe suspend and resume another day, answer the knowledge check,
    /// complete and terminate.
    mutating func moduleSession(
        _ course: CatalogueObjects.Course, _ module: CatalogueObjects.Module, _ registration: String,
        _ start: SessionStart
    ) -> ModuleEnd {
        var session = random.uuid()
        var now = start.millis
        var day = start.day
        var launchedAt = now
        var context = moduleContext(course, registration, session)
        emit(.launched, module.object, context: context, at: now)
        now += seconds(1.5, 6)
        emit(.initialized, module.object, context: context, at: now)

        now += seconds(2, 9)
        let videoContext = factory.context(
            registration: registration, parent: module.reference, grouping: [course.reference], isVideo: true,
            extensions: [
                (ExtensionKey.videoLength, .number(JSONNumber(Int64(module.videoLengthSeconds)))),
                (ExtensionKey.videoSession, .string(session)),
            ])
        let watched = watch(module.video, length: module.videoLengthSeconds, context: videoContext, from: &now)
        guard watched else {
            now += seconds(3, 20)
            emit(
                .terminated, module.object, result: ResultValue.progress(20, millis: now - launchedAt),
                context: context, at: now)
            return .abandoned(day: day)
        }
        now += seconds(2, 8)
        emit(
            .progressed, module.object, result: ResultValue.progress(50, millis: now - launchedAt),
            context: context, at: now)

        if random.chance(behaviour.suspendChance) {
            now += seconds(1, 5)
            emit(
                .suspended, module.object, result: ResultValue.progress(50, millis: now - launchedAt),
                context: context, at: now)
            if random.chance(dropOffChance) { return .stopped }
            guard let later = sessionStart(day: Double(day) + 1 + random.exponential(mean: 1.5)) else {
                return .stopped
            }
            session = random.uuid()
            context = moduleContext(course, registration, session)
            now = later.millis
            day = later.day
            launchedAt = now
            emit(.launched, module.object, context: context, at: now)
            now += seconds(1.5, 6)
            emit(.resumed, module.object, context: context, at: now)
        }

        let checkContext = factory.context(
            registration: registration, parent: module.reference, grouping: [course.reference],
            extensions: [(ExtensionKey.sessionID, .string(session))])
        let questionContext = factory.context(
            registration: registration, parent: module.checkReference, grouping: [module.reference, course.reference],
            extensions: [(ExtensionKey.sessionID, .string(session))])
        let checkStart = now
        var correct = 0
        for (position, question) in module.questions.enumerated() {
            let chance = Self.logistic(1.0 + 0.9 * learner.ability - 0.25 * Double(position))
            if answer(question, correctly: random.chance(chance), context: questionContext, at: &now) { correct += 1 }
        }
        now += seconds(1, 4)
        let passedCheck = correct * 3 >= module.questions.count * 2
        emit(
            passedCheck ? .passed : .failed, module.check,
            result: ResultValue.score(
                correct: correct, of: module.questions.count, success: passedCheck,
                millis: now - checkStart),
            context: checkContext, at: now)
        now += seconds(2, 6)
        emit(.completed, module.object, result: moduleCompletion(millis: now - launchedAt), context: context, at: now)
        now += seconds(1, 4)
        emit(
            .terminated, module.object, result: ["duration": .string(Timestamp.duration(millis: now - launchedAt))],
            context: context, at: now)
        return .completed(day: day)
    }

    /// One attempt at a course's assessment; a pass also completes the course.
    /// - Returns: Whether the attempt passed.
    mutating func assessmentSession(
        _ course: CatalogueObjects.Course, _ registration: String, _ start: SessionStart, attempt: Int,
        passChance: Double
    ) -> Bool {
        let session = random.uuid()
        let passed = random.chance(passChance)
        let total = course.assessmentQuestions.count
        let correctCount = passed ? scoreAbovePass(total: total) : scoreBelowPass()
        var rightAnswers = Array(repeating: false, count: total)
        for index in choose(correctCount, from: total) { rightAnswers[index] = true }

        var now = start.millis
        let context = factory.context(
            registration: registration, parent: course.reference,
            extensions: [
                (ExtensionKey.sessionID, .string(session)), (ExtensionKey.attempt, .number(JSONNumber(Int64(attempt)))),
            ])
        emit(.launched, course.assessment, context: context, at: now)
        now += seconds(1.5, 6)
        emit(.initialized, course.assessment, context: context, at: now)
        let began = now
        let questionContext = factory.context(
            registration: registration, parent: course.assessmentReference, grouping: [course.reference],
            extensions: [(ExtensionKey.sessionID, .string(session))])
        for (index, question) in course.assessmentQuestions.enumerated() {
            _ = answer(question, correctly: rightAnswers[index], context: questionContext, at: &now)
        }
        now += seconds(1, 5)
        emit(
            passed ? .passed : .failed, course.assessment,
            result: ResultValue.score(correct: correctCount, of: total, success: passed, millis: now - began),
            context: context, at: now)
        now += seconds(1, 4)
        emit(
            .terminated, course.assessment, result: ["duration": .string(Timestamp.duration(millis: now - began))],
            context: context, at: now)
        if passed {
            now += seconds(0.5, 3)
            let courseContext = factory.context(
                registration: registration, parent: nil, extensions: [(ExtensionKey.sessionID, .string(session))])
            emit(
                .completed, course.object, result: ["success": true, "completion": true], context: courseContext,
                at: now)
        }
        return passed
    }

    // MARK: Steps

    /// Plays a video from the start, maybe with a pause; returns false when the learner gives up part-way.
    mutating func watch(_ video: JSONValue, length: Int, context: JSONValue, from now: inout Int64) -> Bool {
        let duration = Double(length)
        let began = now
        var position = 0.0
        emit(
            .played, video, result: ResultValue.videoTime(0, length: length, completed: false, millis: nil),
            context: context, at: now)
        if random.chance(behaviour.videoPauseChance) {
            position = duration * random.uniform(0.15...0.85)
            now += Int64(position * 1000)
            emit(
                .paused, video, result: ResultValue.videoTime(position, length: length, completed: false, millis: nil),
                context: context, at: now)
            now += Int64(min(600, random.exponential(mean: 90)) * 1000) + 1000
            emit(
                .played, video, result: ResultValue.videoTime(position, length: length, completed: false, millis: nil),
                context: context, at: now)
        }
        let abandonChance = min(0.3, behaviour.videoAbandonChance * (1 - 0.4 * learner.motivation))
        if random.chance(abandonChance) {
            let stop = position + (duration - position) * random.uniform(0.1...0.8)
            now += Int64((stop - position) * 1000)
            emit(
                .paused, video, result: ResultValue.videoTime(stop, length: length, completed: false, millis: nil),
                context: context, at: now)
            return false
        }
        now += Int64((duration - position) * 1000)
        emit(
            .completed, video,
            result: ResultValue.videoTime(duration, length: length, completed: true, millis: now - began),
            context: context, at: now)
        return true
    }

    /// Answers one question; returns whether the answer was right.
    mutating func answer(_ question: QuestionItem, correctly: Bool, context: JSONValue, at now: inout Int64) -> Bool {
        let thinking = Int64(min(240, 8 + random.exponential(mean: 30)) * 1000)
        now += thinking
        let response = correctly ? question.correct : random.element(of: question.wrong)
        let result: JSONValue = [
            "success": .bool(correctly), "response": .string(response),
            "duration": .string(Timestamp.duration(millis: thinking)),
        ]
        emit(.answered, question.object, result: result, context: context, at: now)
        return correctly
    }

    /// A passing number of right answers, stronger learners scoring higher.
    mutating func scoreAbovePass(total: Int) -> Int {
        let lean = max(0, 0.6 + 0.5 * learner.ability)
        let weights = (behaviour.passMark...total).map { 1 + lean * Double($0 - behaviour.passMark) }
        return behaviour.passMark + random.weightedIndex(weights)
    }

    /// A failing number of right answers, mostly just short of the pass mark.
    mutating func scoreBelowPass() -> Int {
        let lowest = max(0, behaviour.passMark - 3)
        let weights = (lowest..<behaviour.passMark).map { 1 + Double($0 - lowest) }
        return lowest + random.weightedIndex(weights)
    }

    /// `count` distinct indices below `total`, drawn with a Fisher–Yates shuffle on the learner's stream.
    mutating func choose(_ count: Int, from total: Int) -> ArraySlice<Int> {
        var indices = Array(0..<total)
        for position in stride(from: total - 1, to: 0, by: -1) {
            indices.swapAt(position, random.integer(in: 0...position))
        }
        return indices.prefix(count)
    }

    func moduleContext(_ course: CatalogueObjects.Course, _ registration: String, _ session: String) -> JSONValue {
        factory.context(
            registration: registration, parent: course.reference,
            extensions: [(ExtensionKey.sessionID, .string(session))])
    }

    func moduleCompletion(millis: Int64) -> JSONValue {
        [
            "completion": true, "duration": .string(Timestamp.duration(millis: millis)),
            "extensions": [ExtensionKey.progress: 100],
        ]
    }
}
