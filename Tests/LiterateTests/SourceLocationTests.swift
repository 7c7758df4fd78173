import Foundation
import Testing
@testable import Literate

@Suite("Diagnostics point at the chapters")
struct SourceLocationTests {
    @Test("A compile error in a tangled chunk names the chapter's file and line")
    func compileErrorNamesChapterLine() throws {
        // Line 9 of the chapter holds the broken statement, inside a chunk expanded into a function.
        // The column (12) counts the 4 spaces the reference adds: #sourceLocation maps lines only.
        let text = "# Broken\n\n" + block("swift file=Broken/Broken.swift", "func f() -> Int {", "    <<Compute>>", "}")
            + block("swift chunk=\"Compute\"", "return undefinedName + 1")
        let book = try ScratchBook(["07-broken.md": text])
        defer { book.remove() }
        try book.tangleAndWrite()
        #expect(text.split(separator: "\n", omittingEmptySubsequences: false)[8] == "return undefinedName + 1")

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["swiftc", "-typecheck", "Sources/Broken/Broken.swift"]
        process.currentDirectoryURL = book.root
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus != 0)
        #expect(output.contains("Chapters/07-broken.md:9:12: error: cannot find 'undefinedName' in scope"), "\(output)")
    }
}
