// TEMPORARY: the mark-up model (exercise callouts, diagrams, solution regions) lands in
// Sources/Literate with the `Mark-ups:` commit; until then chapters cannot hold them (the
// tangler rejects their keys), so the book has none. Delete this file when merging it.
import Literate

struct ExerciseCallout {
    var fence: SourcePosition
    var exercise: String
    var lines: [String]
    var endLine: Int
}

struct Diagram {
    enum View: String { case rings, journey }
    var fence: SourcePosition
    var view: View
    var scenario: String
    var moment: String?
    var caption: String
    var lines: [String]
    var endLine: Int
}

struct SolutionRegion {
    var path: String
    var exercise: String
    var solutionMarker: Int
    var studentMarker: Int
    var endMarker: Int
    var solution: Range<Int> { (solutionMarker + 1)..<studentMarker }
    var student: Range<Int> { (studentMarker + 1)..<endMarker }
    var all: ClosedRange<Int> { solutionMarker...endMarker }
}

extension Chapter {
    var callouts: [ExerciseCallout] { [] }
    var diagrams: [Diagram] { [] }
    var solutionRegions: [SolutionRegion] { [] }
    var lines: [String] { source.split(separator: "\n", omittingEmptySubsequences: false).map { String($0.hasSuffix("\r") ? $0.dropLast() : $0) } }
}
