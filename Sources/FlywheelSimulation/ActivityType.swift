/// Activity type IRIs from the ADL vocabulary and the xAPI Video profile.
enum ActivityType {
    static let course = "http://adlnet.gov/expapi/activities/course"
    static let module = "http://adlnet.gov/expapi/activities/module"
    static let assessment = "http://adlnet.gov/expapi/activities/assessment"
    static let interaction = "http://adlnet.gov/expapi/activities/cmi.interaction"
    static let video = "https://w3id.org/xapi/video/activity-type/video"
}

/// Extension IRIs the simulated authoring tools write.
enum ExtensionKey {
    static let progress = "https://w3id.org/xapi/cmi5/result/extensions/progress"
    static let sessionID = "https://w3id.org/xapi/cmi5/context/extensions/sessionid"
    static let videoTime = "https://w3id.org/xapi/video/extensions/time"
    static let videoProgress = "https://w3id.org/xapi/video/extensions/progress"
    static let videoLength = "https://w3id.org/xapi/video/extensions/length"
    static let videoSession = "https://w3id.org/xapi/video/extensions/session-id"
    static let attempt = "https://learn.northwind.example/xapi/extensions/attempt"
}
