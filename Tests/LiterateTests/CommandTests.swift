import Foundation
import Testing
import TestSupport

/// Runs the built `workbook` executable and returns (status, stdout, stderr).
func runWorkbook(_ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
    let run = try runTool(builtExecutable("workbook"), arguments)
    return (run.status, run.outputText, run.errorText)
}

@Suite("The workbook command")
struct CommandTests {
    @Test("tangle writes the files and reports what it wrote")
    func tangleWrites() throws {
        let book = try ScratchBook(["01.md": block("swift file=Lib/a.swift", "let a = 1")])
        defer { book.remove() }
        let run = try runWorkbook(["tangle", "--root", book.root.path])
        #expect(run.status == 0)
        #expect(run.output == "wrote Sources/Lib/a.swift\n1 files from 1 chapters; 1 changed.\n")
        #expect(book.sourceExists("Lib/a.swift"))
    }

    @Test("tangle with an error exits 1, names file and line on stderr, and writes nothing")
    func tangleError() throws {
        let book = try ScratchBook([
            "01.md": block("swift file=Lib/a.swift", "let a = 1"),
            "02.md": "Text\n\n" + block("swift file=Lib/b.swift", "<<Missing>>"),
        ])
        defer { book.remove() }
        let run = try runWorkbook(["tangle", "--root", book.root.path])
        #expect(run.status == 1)
        #expect(run.errors == "Chapters/02.md:4: error: chunk 'Missing' is used but never defined\n")
        #expect(!book.sourceExists("Lib/a.swift"))
    }

    @Test("tangle --check exits 1 and lists drift; after tangle it passes")
    func check() throws {
        let book = try ScratchBook(["01.md": block("swift file=Lib/a.swift", "let a = 1")])
        defer { book.remove() }
        let before = try runWorkbook(["tangle", "--check", "--root", book.root.path])
        #expect(before.status == 1)
        #expect(before.errors.contains("Sources/Lib/a.swift: not generated yet"))
        #expect(!book.sourceExists("Lib/a.swift"))
        _ = try runWorkbook(["tangle", "--root", book.root.path])
        let after = try runWorkbook(["tangle", "--check", "--root", book.root.path])
        #expect(after.status == 0)
        #expect(after.output == "Sources/ matches the chapters (1 files).\n")
    }

    @Test("Warnings go to stderr and do not fail the run")
    func warning() throws {
        let book = try ScratchBook(["01.md": block("swift chunk=\"Unused\"", "let u = 0")])
        defer { book.remove() }
        let run = try runWorkbook(["tangle", "--root", book.root.path])
        #expect(run.status == 0)
        #expect(run.errors == "Chapters/01.md:1: warning: chunk 'Unused' is defined but never used or written to a file\n")
    }

    @Test("image warns when Sources/ is older than the chapters")
    func imageWarnsOnStaleSources() throws {
        let book = try ScratchBook(["01.md": block("swift file=Lib/a.swift", "let a = 1")])
        defer { book.remove() }
        let run = try runWorkbook(["image", "--root", book.root.path, "--out", book.root.appendingPathComponent("k.elf").path])
        #expect(run.errors.contains("warning: Sources/ differs from the chapters in 1 file(s) (first: Sources/Lib/a.swift)"))
    }

    @Test("Every subcommand has --help")
    func help() throws {
        for command in [["--help"], ["tangle", "--help"], ["benchmark", "--help"], ["image", "--help"], ["boot", "--help"]] {
            let run = try runWorkbook(command)
            #expect(run.status == 0)
            #expect(run.output.contains("USAGE:"), "\(command)")
        }
    }
}
