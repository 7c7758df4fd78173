// The student's commands that need no build: reset and hint, on a fresh student edition.

import Foundation
import Testing
import TestSupport

@Suite("The student's reset and hint")
struct StudentCommandTests {
    func workbook(_ arguments: [String], in folder: URL) throws -> ToolRun {
        try runTool(builtExecutable("workbook"), arguments + ["--root", folder.path])
    }

    @Test("reset saves the student's region to a timestamped file, then puts the stub back")
    func resetKeepsTheStudentsWork() throws {
        let folder = try exportStudentEdition()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("Sources/Driver/VirtioDisk+RW.swift")
        let stub = try String(contentsOf: url, encoding: .utf8)
        let attempt = stub.replacingOccurrences(of: "        // TODO: Kick the device\n",
                                                with: "        writeRegister(.queueNotify, 0)  // my attempt\n")
        #expect(attempt != stub)
        try Data(attempt.utf8).write(to: url)

        let run = try workbook(["reset", "rw"], in: folder)
        #expect(run.status == 0, "\(run.errorText)")
        #expect(try String(contentsOf: url, encoding: .utf8) == stub)
        let saved = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent(".workbook/saved").path)
        #expect(saved.count == 1 && saved[0].hasPrefix("rw-"))
        let kept = try String(contentsOf: folder.appendingPathComponent(".workbook/saved/\(saved[0])"), encoding: .utf8)
        #expect(kept.contains("writeRegister(.queueNotify, 0)  // my attempt"))
        #expect(run.outputText.contains(".workbook/saved/\(saved[0])"))

        let tangled = try workbook(["tangle", "--check"], in: folder)
        #expect(tangled.status == 0, "the stub put back must match the student edition's chapters: \(tangled.errorText)")
    }

    @Test("reset refuses a region whose markers are gone, and changes nothing")
    func resetRefusesDamagedRegion() throws {
        let folder = try exportStudentEdition()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("Sources/Driver/VirtioDisk+Intr.swift")
        let damaged = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: "// workbook: end exercise intr", with: "")
        try Data(damaged.utf8).write(to: url)
        let run = try workbook(["reset", "intr"], in: folder)
        #expect(run.status != 0)
        #expect(run.errorText.contains("Sources/Driver/VirtioDisk+Intr.swift"))
        #expect(try String(contentsOf: url, encoding: .utf8) == damaged)
    }

    @Test("hint shows the next hint each time, remembers it in the package folder, and stops at the last")
    func hintsOneAtATime() throws {
        let folder = try exportStudentEdition()
        defer { try? FileManager.default.removeItem(at: folder) }
        let readme = "# Exercise 3\n\nStatement.\n\n## Hint 1\n\nRead §2.7.\n\n## Hint 2\n\nThe header.\n\n## Hint 3\n\nThe flags.\n\n## Points\n\nNone.\n"
        try Data(readme.utf8).write(to: folder.appendingPathComponent("Exercises/3-rw/README.md"))
        let first = try workbook(["hint", "rw"], in: folder)
        #expect(first.outputText.hasPrefix("## Hint 1\n\nRead §2.7."))
        #expect(first.outputText.contains("hint 1 of 3"))
        let second = try workbook(["hint", "3"], in: folder)
        #expect(second.outputText.hasPrefix("## Hint 2\n\nThe header."))
        let again = try workbook(["hint", "rw", "--again"], in: folder)
        #expect(again.outputText.hasPrefix("## Hint 2"))
        _ = try workbook(["hint", "rw"], in: folder)
        let past = try workbook(["hint", "rw"], in: folder)
        #expect(past.outputText.hasPrefix("## Hint 3\n\nThe flags."), "\(past.outputText)")
        #expect(!past.outputText.contains("Points"))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(".workbook/hints-shown").path))
        let unknown = try workbook(["hint", "nosuch"], in: folder)
        #expect(unknown.status != 0)
        #expect(unknown.errorText.contains("the exercises are 1 (init), 2 (alloc3_desc), 3 (rw), 4 (intr)"))
    }
}
