// `workbook tangle`: write Sources/ from the chapters, or check that it is up to date.

import ArgumentParser
import Foundation
import Literate

struct Tangle: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Extract the Swift sources from the chapters.",
        discussion: """
            Reads Chapters/*.md in file-name order and writes every file their code blocks name \
            under Sources/. Nothing is written when any chapter has an error. Unchanged files are \
            left alone, so builds stay incremental. In the student edition (Exercises/manifest.json \
            says "edition": "student") the exercise regions of Sources/ are the student's code: \
            tangle writes around them and --check ignores them.
            """
    )

    @OptionGroup var book: BookLocation

    @Flag(help: "Write nothing; exit non-zero and list the files that differ from the chapters.")
    var check = false

    func run() throws {
        let root = URL(fileURLWithPath: book.root)
        let tree = SourceTree(root: root)
        let files: [GeneratedFile]
        do {
            let edition = try Edition.of(root: root)
            let result = try Tangler.tangle(Book.load(root: root).chapters)
            for warning in result.warnings { printError(warning.description) }
            files = try tree.prepare(result.files, keepingExerciseRegions: edition == .student)
        } catch {
            printError(String(describing: error))
            throw ExitCode.failure
        }
        if check {
            let drift = tree.drift(from: files)
            if drift.isEmpty {
                print("Sources/ matches the chapters (\(files.count) files).")
                return
            }
            printError("Sources/ differs from the chapters in \(drift.count) file(s); run `swift run workbook tangle`:")
            for item in drift { printError(item.description) }
            throw ExitCode.failure
        }
        let written: [Drift]
        do {
            written = try tree.write(files)
        } catch {
            printError(error.description)
            throw ExitCode.failure
        }
        for item in written {
            print(item.kind == .stale ? "removed Sources/\(item.path)" : "wrote Sources/\(item.path)")
        }
        print("\(files.count) files from \(Set(files.flatMap(\.chapters)).count) chapters; \(written.count) changed.")
    }
}

/// Writes one line to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
