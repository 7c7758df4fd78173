// The student edition as `workbook export --student` writes it: what it holds, what it must
// never hold, and how export refuses to harm an existing folder. Fast: nothing is built.

import Foundation
import Testing
import TestSupport

@Suite("Exporting the student edition")
struct ExportTests {
    static let exported = Result { try exportStudentEdition() }

    @Test("No hidden test name or line, and no line of a reference region or solution prose, appears anywhere in it")
    func nothingLeaks() throws {
        let folder = try Self.exported.get()
        let instructor = Repository.textFiles(under: Repository.root).filter { !$0.key.hasPrefix("Tests/StudentEditionTests") }
        let student = Repository.textFiles(under: folder)
        let stubLines = Set(student.values.flatMap { Repository.regionLines($0) })
        let secrets = Secrets(instructor: instructor, stubLines: stubLines)
        #expect(secrets.lines.count > 100, "too few reference lines found (\(secrets.lines.count)): is the search broken?")
        for (path, text) in student {
            let lines = Set(text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) })
            for leaked in lines.intersection(secrets.lines).sorted() {
                Issue.record("\(path) holds a line of the reference or of a hidden test: \(leaked)")
            }
            for name in secrets.names where text.contains(name) {
                Issue.record("\(path) names a hidden test: \(name)")
            }
            if path.hasSuffix(".md") && text.lowercased().contains("hidden test") {
                Issue.record("\(path) mentions hidden tests")
            }
        }
    }

    @Test("Every region holds its stub, which fails with the exercise's one line and keeps the signature and doc comment")
    func regionsHoldStubs() throws {
        let folder = try Self.exported.get()
        let expected = [
            ("Sources/Driver/VirtioDisk+Init.swift", "exercise 1 (init) is not implemented yet — read Chapters/13-init.md#", "public func initialize() {"),
            ("Sources/Driver/VirtioDisk+Alloc3.swift", "exercise 2 (alloc3_desc) is not implemented yet — read Chapters/15-alloc3.md#", "public func alloc3Desc(_ idx: inout [Int]) -> Bool {"),
            ("Sources/Driver/VirtioDisk+RW.swift", "exercise 3 (rw) is not implemented yet — read Chapters/16-rw.md#", "public func rw(_ b: Buf, write: Bool) {"),
            ("Sources/Driver/VirtioDisk+Intr.swift", "exercise 4 (intr) is not implemented yet — read Chapters/17-intr.md#", "public func intr() {"),
        ]
        for (path, line, signature) in expected {
            let text = try String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8)
            let region = Repository.regionLines(text)
            #expect(region.contains { $0.contains(line) }, "\(path)")
            #expect(region.contains(signature), "\(path)")
            #expect(region.contains { $0.hasPrefix("///") }, "\(path) lost its doc comment")
            #expect(!region.contains { $0.hasPrefix("#sourceLocation(file") }, "\(path): a directive would send compile errors to a chapter")
            #expect(region.first == "#sourceLocation()", "\(path): the region must start on the file's own lines")
        }
        let rw = try String(contentsOf: folder.appendingPathComponent("Sources/Driver/VirtioDisk+RW.swift"), encoding: .utf8)
        #expect(rw.contains("// TODO: Fill in the request header"))
        #expect(rw.contains("// TODO: Kick the device"))
    }

    @Test("The package keeps the same top level, drops what carries a driver of its own, and marks its manifest")
    func layout() throws {
        let folder = try Self.exported.get()
        let top = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        for name in ["Package.swift", "Sources", "Chapters", "Exercises", "Tests", "README.md", "setup"] {
            #expect(top.contains(name), "missing \(name)")
        }
        let tests = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("Tests").path)
        #expect(!tests.contains("DriverTests"))
        #expect(!tests.contains("StudentEditionTests"))
        let package = try String(contentsOf: folder.appendingPathComponent("Package.swift"), encoding: .utf8)
        #expect(!package.contains("\"DriverTests\""))
        #expect(!package.contains("\"StudentEditionTests\""))
        #expect(!package.contains("Grader"), "the grader stays with the instructor")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("Sources/Grader").path))
        let commands = try String(contentsOf: folder.appendingPathComponent("Sources/workbook/Workbook.swift"), encoding: .utf8)
        #expect(!commands.contains("Grade.self") && !commands.contains("Mutants.self") && commands.contains("Check.self"))
        let manifest = try String(contentsOf: folder.appendingPathComponent("Exercises/manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"edition\" : \"student\""))
        #expect(!manifest.lowercased().contains("hidden"))
        let readme = try String(contentsOf: folder.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("./setup"))
        #expect(readme.contains("swift test"))
    }

    @Test("Export refuses a folder that is not empty and leaves it exactly as it was")
    func refusesNonEmptyFolder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("export-target-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("mine\n".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        let run = try runTool(builtExecutable("workbook"), ["export", "--root", Repository.root.path, "--student", folder.path])
        #expect(run.status != 0)
        #expect(run.errorText.contains("is not empty"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["notes.txt"])
        let siblings = try FileManager.default.contentsOfDirectory(atPath: folder.deletingLastPathComponent().path)
        #expect(!siblings.contains { $0.hasPrefix(".\(folder.lastPathComponent).partial") })
    }

    @Test("A failure half-way leaves no folder and no partial copy behind")
    func failureLeavesNothing() throws {
        let book = FileManager.default.temporaryDirectory.appendingPathComponent("broken-book-\(UUID().uuidString)")
        let target = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: book) }
        try FileManager.default.createDirectory(at: book.appendingPathComponent("Chapters"), withIntermediateDirectories: true)
        try Data("# 1. A\n\n```swift file=A/a.swift\n<<Missing>>\n```\n".utf8).write(to: book.appendingPathComponent("Chapters/01-a.md"))
        try Data("// swift-tools-version: 6.0\n".utf8).write(to: book.appendingPathComponent("Package.swift"))
        let run = try runTool(builtExecutable("workbook"), ["export", "--root", book.path, "--student", target.path])
        #expect(run.status != 0)
        #expect(run.errorText.contains("Chapters/01-a.md:4: error"), "\(run.errorText)")
        #expect(!FileManager.default.fileExists(atPath: target.path))
        let siblings = try FileManager.default.contentsOfDirectory(atPath: target.deletingLastPathComponent().path)
        #expect(!siblings.contains { $0.hasPrefix(".\(target.lastPathComponent).partial") })
    }
}
