import FlywheelXAPI

extension LearnerTimeline {
    /// Watches (or does not watch) an optional library video.
    ///
    /// A learner chosen to watch completes it before their first attempt at the assessment it is planted on
    /// (or on some day of the year when they never attempt it). Others sometimes start it and give up, or watch
    /// it only after that first attempt, so neither counts as exposure.
    mutating func watchOptional(_ video: CatalogueObjects.Video, exposed: Bool) {
        let target = effects.first { $0.videoSlug == video.video.slug }?.courseSlug
        let attempt = target.flatMap { firstAttempts[$0] }
        let length = video.video.lengthSeconds
        if exposed {
            if let attempt {
                let latest = attempt - Int64(length + 720) * 1000 - 3_600_000
                let attemptDay = localDay(of: attempt)
                let earlier = sessionStart(day: Double(max(0, attemptDay - random.integer(in: 0...10))))
                let start = min(earlier?.millis ?? latest, latest)
                librarySession(video, at: start, finish: true)
            } else if let start = sessionStart(day: random.uniform(0...Double(days))) {
                librarySession(video, at: start.millis, finish: true)
            }
        } else if let attempt, random.chance(0.1) {
            let afterDay = Double(localDay(of: attempt)) + 1 + random.exponential(mean: 5)
            if let start = sessionStart(day: afterDay) { librarySession(video, at: start.millis, finish: true) }
        } else if random.chance(0.2), let start = sessionStart(day: random.uniform(0...Double(days))) {
            librarySession(video, at: start.millis, finish: false)
        }
    }

    private mutating func librarySession(_ video: CatalogueObjects.Video, at start: Int64, finish: Bool) {
        let session = random.uuid()
        let context = factory.context(
            registration: nil, parent: nil, isVideo: true,
            extensions: [
                (ExtensionKey.videoLength, .number(JSONNumber(Int64(video.video.lengthSeconds)))),
                (ExtensionKey.videoSession, .string(session)),
            ])
        var now = start
        if finish {
            // A learner who means to finish pauses at most, and never gives up.
            let duration = Double(video.video.lengthSeconds)
            emit(
                .played, video.object,
                result: ResultValue.videoTime(
                    0, length: video.video.lengthSeconds,
                    completed: false, millis: nil), context: context, at: now)
            now += Int64(duration * 1000)
            emit(
                .completed, video.object,
                result: ResultValue.videoTime(
                    duration, length: video.video.lengthSeconds,
                    completed: true, millis: now - start), context: context, at: now)
        } else {
            let stop = Double(video.video.lengthSeconds) * random.uniform(0.05...0.6)
            emit(
                .played, video.object,
                result: ResultValue.videoTime(
                    0, length: video.video.lengthSeconds,
                    completed: false, millis: nil), context: context, at: now)
            now += Int64(stop * 1000)
            emit(
                .paused, video.object,
                result: ResultValue.videoTime(
                    stop, length: video.video.lengthSeconds,
                    completed: false, millis: nil), context: context, at: now)
        }
    }

    /// The day (from the first simulated day) a UTC time falls on in the learner's office.
    func localDay(of millis: Int64) -> Int {
        let local = millis + Int64(learner.location.utcOffsetMinutes) * 60_000
        return Int(local / Timestamp.millisPerDay) - startEpochDay
    }
}
