// The course being graded (the instructor edition's manifest), and the one error the grader stops on.
//
// The points manifest itself (Exercises/manifest.json) is the exercises harness's `Manifest`.

import ExerciseHarness
import Foundation

/// The instructor edition: its folder and its manifest.
public struct Course: Sendable {
    public var manifest: Manifest
    public var root: URL

    public static let needsInstructorEdition = "grading needs the instructor edition: this is the student edition, which has no hidden tests. Run `workbook grade` in the instructor's copy of the workbook."

    /// Loads the instructor edition at `root`; a manifest without hidden tests is refused.
    public static func load(root: URL) throws -> Course {
        let url = root.appendingPathComponent("Exercises/manifest.json")
        let manifest: Manifest
        do { manifest = try Manifest.load(from: url) } catch {
            throw GradeError("\(error)\n(run `workbook grade` in the instructor edition's folder, or pass --root)")
        }
        if manifest.exercises.allSatisfy({ ($0.hiddenTests ?? []).isEmpty }) {
            throw GradeError(Course.needsInstructorEdition)
        }
        return Course(manifest: manifest, root: root)
    }
}

extension Manifest.Exercise {
    public var hidden: [Manifest.HiddenTest] { hiddenTests ?? [] }
}

extension Manifest {
    public var maximum: Double { exercises.reduce(0) { $0 + $1.weight } }
}

/// An error the grader reports in one sentence, then stops (only for the instructor's own
/// mistakes; a student's mistake never stops the grader).
public struct GradeError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
