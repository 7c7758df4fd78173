// A package's book and exercises, as the student's commands see them.
//
// In the instructor edition the regions hold the reference and the stubs are made from it; in
// the student edition the chapters' exercise blocks are the stubs and the regions are the
// student's code, which no command overwrites without saving it first.

import ArgumentParser
import Foundation
import Literate

/// A package's book and exercises, loaded once per command.
struct Workspace {
    let root: URL
    let edition: Edition
    let chapters: [Chapter]
    let exercises: [Exercise]

    init(root: URL) throws {
        self.root = root
        do {
            edition = try Edition.of(root: root)
            chapters = try Book.load(root: root).chapters
        } catch {
            printError(String(describing: error))
            throw ExitCode.failure
        }
        exercises = StudentEdition.exercises(in: chapters)
    }

    /// The exercise a user named, by name (`rw`), number (`3`) or folder (`3-rw`).
    func exercise(_ word: String) throws -> Exercise {
        if let found = exercises.first(where: { $0.name == word || "\($0.number)" == word || "\($0.number)-\($0.name)" == word }) {
            return found
        }
        let known = exercises.map { "\($0.number) (\($0.name))" }.joined(separator: ", ")
        throw ValidationError("no exercise '\(word)'; the exercises are \(known)")
    }

    /// The starter stub of `exercise`, unindented. In the student edition the chapter's block
    /// is the stub; in the instructor edition it is made from the reference.
    func stub(_ exercise: Exercise) -> [String] {
        edition == .student ? exercise.root.lines : StudentEdition.stub(for: exercise, in: chapters)
    }

    /// The student's region as it stands in the Swift file.
    func region(_ exercise: Exercise) throws -> [String] {
        try RegionFile(reading: exercise.sourceURL(root: root), displayPath: exercise.sourcePath).body(exercise.name)
    }

    /// Whether the region still holds the untouched stub (directives and indentation aside).
    func isStub(_ exercise: Exercise) -> Bool {
        guard let body = try? region(exercise) else { return false }
        let meaningful = { (lines: [String]) in
            lines.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("#sourceLocation") }
        }
        return meaningful(body) == meaningful(stub(exercise))
    }
}
