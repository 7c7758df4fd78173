// What grading one student produces. Saved as students/<id>/grade.json (instructor only: it
// holds test ids), and the source of every report.

import ExerciseHarness
import Foundation

public struct StudentGrade: Codable, Sendable {
    public var student: String
    /// Set when nothing could be graded: "no submission", or why the entry is unreadable.
    public var status: String?
    public var exercises: [ExerciseGrade]
    /// Notes about the whole submission, shown in the feedback (refused archive entries, ...).
    public var notes: [String]
    public var seconds: Double

    public var total: Double { exercises.reduce(0) { $0 + $1.score } }
    public var maximum: Double { exercises.reduce(0) { $0 + $1.weight } }
}

public struct ExerciseGrade: Codable, Sendable {
    public var number: Int
    public var name: String
    public var weight: Double
    public var chapter: String
    /// Why the exercise could not be graded at all (markers, unreadable file, no submission).
    public var problem: String?
    /// Compiler errors in the student's region, as `file:line:col: error: message` plus the line.
    public var compileErrors: [String]
    /// Set when the build failed outside the student's lines (e.g. a changed signature).
    public var buildProblem: String?
    public var tests: [TestOutcome]

    public var earnedPoints: Double { tests.reduce(0) { $0 + ($1.passed ? $1.points : 0) } }
    public var totalPoints: Double { tests.reduce(0) { $0 + $1.points } }
    public var score: Double {
        totalPoints > 0 ? (weight * earnedPoints / totalPoints * 100).rounded() / 100 : 0
    }
    public var isGraded: Bool { problem == nil && compileErrors.isEmpty && buildProblem == nil }
}

public struct TestOutcome: Codable, Sendable {
    /// The hidden test's id: kept for the instructor, never written to student-facing files.
    public var id: String
    public var behaviour: String
    public var points: Double
    public var passed: Bool
    /// What went wrong, in the book's terms (the runner's message, or how the process died).
    public var message: String?
    /// A chapter section, e.g. `Chapters/16-rw.md#the-header`.
    public var section: String?
    public var seconds: Double
}

extension StudentGrade {
    /// A row of zeros for every exercise, with one reason.
    public static func ungraded(_ student: String, manifest: Manifest, status: String) -> StudentGrade {
        StudentGrade(student: student, status: status,
                     exercises: manifest.exercises.map { .ungraded($0, problem: status) },
                     notes: [], seconds: 0)
    }
}

extension ExerciseGrade {
    static func ungraded(_ exercise: Manifest.Exercise, problem: String) -> ExerciseGrade {
        ExerciseGrade(number: exercise.number, name: exercise.name, weight: exercise.weight,
                      chapter: exercise.chapter, problem: problem, compileErrors: [], buildProblem: nil,
                      tests: exercise.hidden.map {
                          TestOutcome(id: $0.id, behaviour: $0.behaviour, points: $0.points, passed: false,
                                      message: nil, section: nil, seconds: 0)
                      })
    }
}

/// Writes `data` to `url` through a temporary file and a rename: never a half-written file.
func writeAtomically(_ data: Data, to url: URL) throws {
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try data.write(to: url, options: .atomic)
}
