// `workbook reset EXERCISE`: put the starter stub back in the exercise's region, after saving
// what the region held, so that nothing a student wrote is ever lost.

import ArgumentParser
import Foundation
import Literate

struct Reset: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Put an exercise's starter stub back in its region (your version is saved first).",
        discussion: """
            The region's current text is saved to .workbook/saved/NAME-TIMESTAMP.swift in the \
            package folder before the stub replaces it. In the instructor edition this also works \
            (try the exercise yourself); `workbook tangle` brings the reference back.
            """
    )

    @OptionGroup var book: BookLocation

    @Argument(help: "The exercise: its name (rw), number (3) or folder (3-rw).")
    var exercise: String

    func run() throws {
        let workspace = try Workspace(root: URL(fileURLWithPath: book.root))
        let exercise = try workspace.exercise(self.exercise)
        let url = exercise.sourceURL(root: workspace.root)
        var file: RegionFile
        do {
            file = try RegionFile(reading: url, displayPath: exercise.sourcePath)
            let saved = try save(try file.body(exercise.name), of: exercise, root: workspace.root)
            try file.makeStudentRegion(exercise.name, body: workspace.stub(exercise))
            try Data(file.text.utf8).write(to: url, options: .atomic)
            print("saved your version of \(exercise.name) to \(saved)")
        } catch let error as RegionError {
            printError(error.description)
            throw ExitCode.failure
        }
        print("\(exercise.sourcePath): exercise \(exercise.number) (\(exercise.name)) holds its stub again")
        if workspace.edition == .instructor {
            print("(instructor edition: `swift run workbook tangle` puts the reference back)")
        }
    }

    /// Writes the region's lines to a new timestamped file and returns its path, relative to the root.
    func save(_ lines: [String], of exercise: Exercise, root: URL) throws -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        formatter.locale = Locale(identifier: "en_US_POSIX")
        let folder = root.appendingPathComponent(".workbook/saved")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var name = "\(exercise.name)-\(formatter.string(from: Date())).swift"
        var attempt = 1
        while FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path) {
            attempt += 1
            name = "\(exercise.name)-\(formatter.string(from: Date()))-\(attempt).swift"
        }
        let header = "// Saved by `workbook reset \(exercise.name)` from \(exercise.sourcePath).\n"
        try Data((header + lines.joined(separator: "\n") + "\n").utf8).write(to: folder.appendingPathComponent(name), options: .withoutOverwriting)
        return ".workbook/saved/" + name
    }
}
