import Foundation
import Testing
@testable import Literate
#if canImport(Glibc)
import Glibc
#endif

/// What stands on disk can stop a run, but never half-way: each obstacle is refused at its
/// path before anything is written.
@Suite("Special files and obstacles on disk")
struct DiskRefusalTests {
    let chapter = block("swift file=Lib/a.swift", "let a = 1")

    @Test("Chapters that are not regular files of at most 16 MiB are refused at their path")
    func specialChapters() throws {
        let book = try ScratchBook(["01.md": chapter])
        defer { book.remove() }
        let folder = book.root.appendingPathComponent("Chapters")
        #expect(mkfifo(folder.appendingPathComponent("02-fifo.md").path, 0o644) == 0)
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("03-zero.md").path, withDestinationPath: "/dev/zero")
        let big = FileManager.default.createFile(atPath: folder.appendingPathComponent("04-big.md").path, contents: nil)
        #expect(big)
        #expect(truncate(folder.appendingPathComponent("04-big.md").path, off_t(maxFileSize + 1)) == 0)
        let found = diagnostics { try book.tangleAndWrite() }
        #expect(found.map(\.description) == [
            "Chapters/02-fifo.md:1: error: cannot read chapter: not a regular file (a FIFO)",
            "Chapters/03-zero.md:1: error: cannot read chapter: not a regular file (a character device)",
            "Chapters/04-big.md:1: error: cannot read chapter: larger than 16 MiB",
        ])
        #expect(!book.sourceExists("Lib/a.swift"))
    }

    @Test("A chapter file name with a line break is refused, written on one line")
    func newlineInName() throws {
        let book = try ScratchBook(["01.md": chapter, "02\nx.md": block("swift file=Lib/b.swift", "let b = 2")])
        defer { book.remove() }
        let found = diagnostics { try book.tangleAndWrite() }
        #expect(found.map(\.description) == [
            #"Chapters/02\nx.md:1: error: chapter file name contains a line break or other control character; rename the file"#,
        ])
        #expect(!book.sourceExists("Lib/a.swift"))
    }

    @Test("Obstacles at or above a target are refused at the chapter line, and nothing is written", arguments: [
        ("a hand-written file where the target needs a folder", "Hand.swift", "file", "Hand.swift/X.swift",
         "Chapters/01.md:4: error: file target Sources/Hand.swift/X.swift cannot be written: Sources/Hand.swift is a regular file, where the target needs a folder"),
        ("a folder at the target", "Lib/b.swift/Inner.swift", "file", "Lib/b.swift",
         "Chapters/01.md:4: error: file target Sources/Lib/b.swift cannot be written: Sources/Lib/b.swift is a folder"),
        ("a FIFO at the target", "Lib/b.swift", "fifo", "Lib/b.swift",
         "Chapters/01.md:4: error: file target Sources/Lib/b.swift cannot be written: Sources/Lib/b.swift is a FIFO"),
        ("a symbolic link where the target needs a folder", "Out", "link", "Out/x.swift",
         "Chapters/01.md:4: error: file target Sources/Out/x.swift cannot be written: Sources/Out is a symbolic link, where the target needs a folder"),
    ])
    func obstacles(id: String, obstacle: String, kind: String, target: String, expected: String) throws {
        let book = try ScratchBook(["01.md": chapter + block("swift file=\(target)", "let b = 2")])
        defer { book.remove() }
        let url = book.root.appendingPathComponent("Sources/" + obstacle)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        switch kind {
        case "fifo": #expect(mkfifo(url.path, 0o644) == 0)
        case "link": try FileManager.default.createSymbolicLink(atPath: url.path, withDestinationPath: NSTemporaryDirectory())
        default: try Data("print(1)\n".utf8).write(to: url)
        }
        let before = book.allFiles()
        let found = diagnostics { try book.tangleAndWrite() }
        #expect(found.map(\.description) == [expected], "\(id)")
        #expect(book.allFiles() == before, "\(id)")
    }

    @Test("A generated file may become a folder of generated files, and back")
    func fileBecomesFolder() throws {
        let book = try ScratchBook(["01.md": block("swift file=Zz/P.swift", "let p = 1")])
        defer { book.remove() }
        try book.tangleAndWrite()
        try book.write("01.md", block("swift file=Zz/P.swift/Q.swift", "let q = 1"))
        #expect(try book.tangleAndWrite().map(\.description) == [
            "Sources/Zz/P.swift: generated earlier, but no chapter produces it any more",
            "Sources/Zz/P.swift/Q.swift: not generated yet (the chapters produce it)",
        ])
        #expect(book.source("Zz/P.swift/Q.swift")?.contains("let q = 1") == true)
        try book.write("01.md", block("swift file=Zz/P.swift", "let p = 2"))
        try book.tangleAndWrite()
        #expect(book.source("Zz/P.swift")?.contains("let p = 2") == true)
    }

    @Test("A FIFO or a /dev/zero link in Sources/ is neither read nor taken for a generated file")
    func specialFilesInSources() throws {
        let book = try ScratchBook(["01.md": chapter])
        defer { book.remove() }
        try book.tangleAndWrite()
        let lib = book.root.appendingPathComponent("Sources/Lib")
        #expect(mkfifo(lib.appendingPathComponent("pipe.swift").path, 0o644) == 0)
        try FileManager.default.createSymbolicLink(atPath: lib.appendingPathComponent("zero.swift").path, withDestinationPath: "/dev/zero")
        #expect(SourceTree(root: book.root).drift(from: try book.tangle().files).isEmpty)
        #expect(SourceTree(root: book.root).generatedFiles() == ["Lib/a.swift"])
    }
}
