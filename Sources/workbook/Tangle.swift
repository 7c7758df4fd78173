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
            left alone, so builds stay incremental.
            """
    )

    @OptionGroup var book: BookLocation

    @Flag(help: "Write nothing; exit non-zero and list the files that differ from the chapters.")
    var check = false

    func run() throws {
        let root = URL(fileURLWithPath: book.root)
        let result: TangleResult
        do {
            result = try Tangler.tangle(Book.load(root: root).chapters)
        } catch {
            printError(error.description)
            throw ExitCode.failure
        }
        for warning in result.warnings { printError(warning.description) }

        let tree = SourceTree(root: root)
        let conflicts = tree.handWrittenConflicts(result.files)
        if !conflicts.isEmpty {
            printError(DiagnosticList(conflicts).description)
            throw ExitCode.failure
        }
        if check {
            let drift = tree.drift(from: result.files)
            if drift.isEmpty {
                print("Sources/ matches the chapters (\(result.files.count) files).")
                return
            }
            printError("Sources/ differs from the chapters in \(drift.count) file(s); run `swift run workbook tangle`:")
            for item in drift { printError(item.description) }
            throw ExitCode.failure
        }
        let written = try tree.write(result.files)
        for item in written {
            print(item.kind == .stale ? "removed Sources/\(item.path)" : "wrote Sources/\(item.path)")
        }
        print("\(result.files.count) files from \(Set(result.files.flatMap(\.chapters)).count) chapters; \(written.count) changed.")
    }
}

/// Writes one line to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
