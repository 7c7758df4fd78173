import Foundation
import Testing
@testable import Literate

@Suite("The student edition keeps the student's exercise regions")
struct ExerciseRegionTests {
    static let chapter = block("swift file=D/rw.swift", "struct D {", "    <<Submit>>", "}", "let after = 1")
        + block("swift chunk=\"Submit\" exercise=rw", "func rw() { reference() }")

    /// A book tangled once, whose region then holds the student's code instead of the reference.
    func studentBook() throws -> ScratchBook {
        let book = try ScratchBook(["01.md": Self.chapter])
        try book.tangleAndWrite()
        try book.editSource("D/rw.swift") { $0.replacingOccurrences(of: "    func rw() { reference() }", with: "    func rw() {\n        mine()\n    }") }
        return book
    }

    func keptFiles(_ book: ScratchBook) throws -> [GeneratedFile] {
        try SourceTree(root: book.root).keepingExerciseRegions(book.tangle().files)
    }

    @Test("The check ignores the region's content; without the option it reports it")
    func checkIgnoresRegion() throws {
        let book = try studentBook()
        defer { book.remove() }
        let tree = SourceTree(root: book.root)
        #expect(tree.drift(from: try keptFiles(book)).isEmpty)
        #expect(tree.drift(from: try book.tangle().files).map(\.kind) == [.changed])
    }

    @Test("Tangling writes the chapters' changes around the region and leaves the student's code")
    func writeAroundRegion() throws {
        let book = try studentBook()
        defer { book.remove() }
        try book.write("01.md", Self.chapter.replacingOccurrences(of: "let after = 1", with: "let after = 2"))
        let written = try SourceTree(root: book.root).write(try keptFiles(book))
        #expect(written.map(\.path) == ["D/rw.swift"])
        let text = book.source("D/rw.swift") ?? ""
        #expect(text.contains("    func rw() {\n        mine()\n    }\n    // workbook: end exercise rw\n"))
        #expect(text.contains("let after = 2"))
        #expect(!text.contains("reference()"))
    }

    @Test("A file not written yet gets the chapters' region")
    func missingFile() throws {
        let book = try ScratchBook(["01.md": Self.chapter])
        defer { book.remove() }
        try SourceTree(root: book.root).write(try keptFiles(book))
        #expect(book.source("D/rw.swift")?.contains("reference()") == true)
    }

    @Test("Damaged markers on disk are an error at the file's line, and nothing is written", arguments: [
        ("no end marker", "    // workbook: end exercise rw\n", "",
         "this file has one begin marker and no end markers"),
        ("two begin markers", "    // workbook: begin exercise rw\n", "    // workbook: begin exercise rw\n    // workbook: begin exercise rw\n",
         "this file has 2 begin markers and one end marker"),
    ])
    func damaged(id: String, marker: String, replacement: String, expected: String) throws {
        let book = try studentBook()
        defer { book.remove() }
        try book.editSource("D/rw.swift") { $0.replacingOccurrences(of: marker, with: replacement) }
        let before = book.source("D/rw.swift")
        let found = diagnostics { _ = try keptFiles(book) }
        #expect(found.count == 1, "\(id)")
        #expect(found.first?.description.hasPrefix("Sources/D/rw.swift:6: error: the student's region of exercise rw needs") == true, "\(id): \(found)")
        #expect(found.first?.message.contains(expected) == true, "\(id): \(found)")
        #expect(book.source("D/rw.swift") == before)
    }

    @Test("The command reads the edition from Exercises/manifest.json")
    func commandReadsManifest() throws {
        let book = try studentBook()
        defer { book.remove() }
        #expect(try runWorkbook(["tangle", "--check", "--root", book.root.path]).status == 1)
        try book.writeFile("Exercises/manifest.json", #"{"edition": "student", "exercises": []}"#)
        let check = try runWorkbook(["tangle", "--check", "--root", book.root.path])
        #expect(check.status == 0, "\(check.errors)")
        #expect(try runWorkbook(["tangle", "--root", book.root.path]).output.hasSuffix("0 changed.\n"))
        #expect(book.source("D/rw.swift")?.contains("mine()") == true)

        try book.writeFile("Exercises/manifest.json", #"{"edition": "teacher"}"#)
        let wrong = try runWorkbook(["tangle", "--check", "--root", book.root.path])
        #expect(wrong.status == 1)
        #expect(wrong.errors == "Exercises/manifest.json: \"edition\" is teacher; write \"instructor\" or \"student\"\n")
    }
}
