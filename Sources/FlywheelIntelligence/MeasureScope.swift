/// What a measure covers: an activity or course (or every course), one learner or a segment, and days.
struct MeasureScope: Sendable {
    var activity = ""
    var learner = ""
    var segment: SegmentFilter?
    var from: Int?
    var to: Int?
}
