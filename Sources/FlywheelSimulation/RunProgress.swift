/// How far a run has got, for progress displays.
public struct RunProgress: Sendable {
    /// Learners generated so far.
    public var learnersDone: Int
    /// Learners in the run.
    public var learnerTotal: Int
    /// Statements written, or acknowledged by the LRS when sending.
    public var statements: Int
    /// Seconds since the run started.
    public var elapsedSeconds: Double

    /// Creates a progress report.
    public init(learnersDone: Int, learnerTotal: Int, statements: Int, elapsedSeconds: Double) {
        self.learnersDone = learnersDone
        self.learnerTotal = learnerTotal
        self.statements = statements
        self.elapsedSeconds = elapsedSeconds
    }

    /// The share of learners done, 0 to 1.
    public var fraction: Double {
        learnerTotal == 0 ? 1 : Double(learnersDone) / Double(learnerTotal)
    }

    /// Statements per second so far.
    public var rate: Double {
        elapsedSeconds > 0 ? Double(statements) / elapsedSeconds : 0
    }

    /// Seconds left at the pace so far, or nil before there is a pace.
    public var remainingSeconds: Double? {
        guard learnersDone > 0, elapsedSeconds > 0 else { return nil }
        return elapsedSeconds / Double(learnersDone) * Double(learnerTotal - learnersDone)
    }

    /// A one-line progress bar with rate and ETA, e.g.
    /// `[##########----------]  50%  1,200/2,400 learners  230,000 statements  41,000/s  ETA 0:05`.
    /// - Parameter width: The number of cells in the bar.
    public func bar(width: Int = 24) -> String {
        let filled = min(width, Int((fraction * Double(width)).rounded(.down)))
        let cells = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let percent = Int((fraction * 100).rounded(.down))
        let eta = remainingSeconds.map(Self.clock) ?? "--:--"
        return "[\(cells)] \(String(repeating: " ", count: 3 - String(percent).count))\(percent)%  "
            + "\(Self.grouped(learnersDone))/\(Self.grouped(learnerTotal)) learners  "
            + "\(Self.grouped(statements)) statements  \(Self.grouped(Int(rate)))/s  ETA \(eta)"
    }

    /// `m:ss` or `h:mm:ss`.
    static func clock(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        let hours = total / 3600
        let minutes = total / 60 % 60
        let rest = Timestamp.pad(total % 60, 2)
        return hours > 0 ? "\(hours):\(Timestamp.pad(minutes, 2)):\(rest)" : "\(minutes):\(rest)"
    }

    /// Digits grouped by thousands with commas.
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var text = ""
        for (position, character) in digits.enumerated() {
            if position > 0 && (digits.count - position) % 3 == 0 { text.append(",") }
            text.append(character)
        }
        return value < 0 ? "-" + text : text
    }
}
