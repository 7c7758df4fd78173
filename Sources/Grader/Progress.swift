// The progress bar: one line per finished submission, with its time and score, so a long run
// shows where it is and how fast it goes (and a log of the run stays readable).

import Foundation

public final class Progress: @unchecked Sendable {
    private let total: Int
    private var done = 0
    private let started = Date()
    private let lock = NSLock()
    private let width = 24

    public init(total: Int) { self.total = total }

    public func finished(_ grade: StudentGrade) {
        lock.lock(); defer { lock.unlock() }
        done += 1
        let filled = total == 0 ? width : width * done / total
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let elapsed = Date().timeIntervalSince(started)
        let remaining = done == 0 ? 0 : elapsed / Double(done) * Double(total - done)
        let score = grade.status ?? "\(formatScore(grade.total))/\(formatScore(grade.maximum))"
        let line = String(format: "[%@] %d/%d  %@: %@ in %.1f s  (elapsed %@, about %@ left)\n",
                          bar, done, total, grade.student, score, grade.seconds,
                          formatDuration(elapsed), formatDuration(remaining))
        FileHandle.standardError.write(Data(line.utf8))
    }
}

func formatDuration(_ seconds: Double) -> String {
    seconds < 90 ? String(format: "%.0f s", seconds) : String(format: "%d min %02d s", Int(seconds) / 60, Int(seconds) % 60)
}

func formatScore(_ score: Double) -> String {
    score == score.rounded() ? String(Int(score)) : String(format: "%.2f", score)
}

func formatSeconds(_ seconds: Double) -> String {
    seconds == seconds.rounded() ? String(Int(seconds)) : String(format: "%.1f", seconds)
}
