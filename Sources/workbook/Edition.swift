// Which edition a package is, and its exercises as the student's commands see them.
//
// The instructor edition holds the reference in every region; the student edition (made by
// `workbook export --student`) holds the student's code, and its manifest says
// `"edition": "student"`. There the regions are the source of truth: no command overwrites
// one, and the chapters' exercise blocks hold the stubs.

import ArgumentParser
import Foundation
import Literate

enum Edition: String {
    case instructor, student

    static let manifestPath = "Exercises/manifest.json"

    /// The edition of the package at `root`, from its manifest (instructor when it says nothing).
    static func of(root: URL) -> Edition {
        let url = root.appendingPathComponent(manifestPath)
        guard let data = try? Data(contentsOf: url),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let value = object["edition"] as? String else { return .instructor }
        return Edition(rawValue: value) ?? .instructor
    }
}

/// A package's book and exercises, loaded once per command.
struct Workspace {
    let root: URL
    let edition: Edition
    let chapters: [Chapter]
    let exercises: [Exercise]

    init(root: URL) throws {
        self.root = root
        edition = Edition.of(root: root)
        do {
            chapters = try Book.load(root: root).chapters
        } catch {
            printError(error.description)
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
