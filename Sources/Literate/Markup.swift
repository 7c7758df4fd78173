// The three mark-ups that are not code: exercise callouts, diagrams and solution regions.
//
// None of them is ever tangled. The parser checks their form chapter by chapter; the names
// they use (an exercise must exist, reference code must stay inside solution regions) are
// checked across the book by `ExerciseChecks` when the book is tangled.

/// A fenced block of language `exercise`: the callout that links a chapter to an exercise.
///
///     ```exercise name=rw
///     Exercise 3 (rw): write `rw` in Sources/Driver/VirtioDisk+RW.swift.
///     ```
public struct ExerciseCallout: Hashable, Sendable {
    public var fence: SourcePosition
    /// The exercise's name, as in `exercise=NAME` on its chunk.
    public var exercise: String
    /// The body (chapter lines from `fence.line + 1`): short plain text, shown as is where
    /// the callout is not drawn.
    public var lines: [String]

    public static let language = "exercise"
    static let keys: Set<String> = ["name"]
}

/// A fenced block of language `diagram`: a figure the renderer draws by running a scenario.
///
///     ```diagram view=rings scenario=one-read moment=submitted caption="The rings after one read"
public struct Diagram: Hashable, Sendable {
    public enum View: String, Hashable, Sendable, CaseIterable {
        case rings, journey
    }

    public var fence: SourcePosition
    public var view: View
    public var scenario: String
    /// The moment of the scenario to draw; which moments exist is the renderer's business.
    public var moment: String?
    /// The figure's caption and the SVG's alt text.
    public var caption: String
    /// The body (chapter lines from `fence.line + 1`): a plain-text figure (or nothing) that
    /// a Git host shows as is.
    public var lines: [String]

    public static let language = "diagram"
    static let keys: Set<String> = ["view", "scenario", "moment", "caption"]
    static let requiredKeys = ["view", "scenario", "caption"]
}

/// A solution region: prose (and reference code) for the instructor edition, followed by the
/// student edition's replacement for it.
///
///     <!-- workbook: solution rw -->         solutionMarker
///     …the solution part…                    solution
///     <!-- workbook: student -->             studentMarker
///     …the student part…                     student
///     <!-- workbook: end solution -->        endMarker
///
/// All numbers are 1-based chapter lines, counted as cmark counts them (LF, CR or CRLF).
public struct SolutionRegion: Hashable, Sendable {
    public var path: String
    public var exercise: String
    public var solutionMarker: Int
    public var studentMarker: Int
    public var endMarker: Int

    /// The lines between the solution marker and the student marker.
    public var solution: Range<Int> { (solutionMarker + 1)..<studentMarker }
    /// The lines between the student marker and the end marker.
    public var student: Range<Int> { (studentMarker + 1)..<endMarker }
    /// Every line of the region, markers included.
    public var all: ClosedRange<Int> { solutionMarker...endMarker }

    public init(path: String, exercise: String, solutionMarker: Int, studentMarker: Int, endMarker: Int) {
        self.path = path
        self.exercise = exercise
        self.solutionMarker = solutionMarker
        self.studentMarker = studentMarker
        self.endMarker = endMarker
    }
}
