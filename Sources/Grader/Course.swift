// Which edition this is, and the one error type the grader stops on.
//
// The points manifest itself (Exercises/manifest.json) is the exercises harness's `Manifest`;
// the grader only adds the edition mark the student-edition export writes.

import ExerciseHarness
import Foundation

/// The manifest and the edition it belongs to.
public struct Course: Sendable {
    public var manifest: Manifest
    public var root: URL

    /// Loads the instructor edition at `root`, refusing the student edition.
    public static func load(root: URL) throws -> Course {
        let url = root.appendingPathComponent("Exercises/manifest.json")
        let manifest: Manifest
        do { manifest = try Manifest.load(from: url) } catch {
            throw GradeError("\(error)\n(run `workbook grade` in the instructor edition's folder, or pass --root)")
        }
        struct EditionMark: Decodable { var edition: String? }
        let edition = (try? JSONDecoder().decode(EditionMark.self, from: Data(contentsOf: url)))?.edition
        if edition == "student" || manifest.exercises.allSatisfy({ ($0.hiddenTests ?? []).isEmpty }) {
            throw GradeError("grading needs the instructor edition: this is the student edition, which has no hidden tests. Run `workbook grade` in the instructor's copy of the workbook.")
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
