// A throw-away book in a temporary folder, for tests that need real files.

import Foundation
@testable import Literate

struct ScratchBook {
    let root: URL

    init(_ chapters: [String: String] = [:]) throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("workbook-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Chapters"),
                                                withIntermediateDirectories: true)
        for (name, text) in chapters { try write(name, text) }
    }

    func write(_ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: root.appendingPathComponent("Chapters/\(name)"))
    }

    func writeBytes(_ name: String, _ bytes: [UInt8]) throws {
        try Data(bytes).write(to: root.appendingPathComponent("Chapters/\(name)"))
    }

    /// Writes a file anywhere in the book, creating its folders.
    func writeFile(_ path: String, _ text: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    /// Changes a file under Sources/ as a student (or a stray editor) would.
    func editSource(_ path: String, _ change: (String) -> String) throws {
        try writeFile("Sources/" + path, change(source(path) ?? ""))
    }

    func source(_ path: String) -> String? {
        try? String(contentsOf: root.appendingPathComponent("Sources/\(path)"), encoding: .utf8)
    }

    func sourceExists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: root.appendingPathComponent("Sources/\(path)").path)
    }

    /// Loads and tangles the book; throws the diagnostics on error.
    func tangle() throws -> TangleResult {
        try Tangler.tangle(Book.load(root: root).chapters)
    }

    /// Tangles, checks the disk and writes, as `workbook tangle` does.
    @discardableResult
    func tangleAndWrite() throws -> [Drift] {
        let tree = SourceTree(root: root)
        return try tree.write(tree.prepare(tangle().files))
    }

    /// Every file under the root, for "nothing was written" checks.
    func allFiles() -> [String] {
        (FileManager.default.enumerator(atPath: root.path)?.allObjects as? [String] ?? []).sorted()
    }

    func remove() { try? FileManager.default.removeItem(at: root) }
}

/// The diagnostics a throwing call produced, or [] if it did not throw.
func diagnostics(_ body: () throws -> Void) -> [Diagnostic] {
    do {
        try body()
        return []
    } catch let list as DiagnosticList {
        return list.diagnostics
    } catch {
        return [Diagnostic(.unreadableChapter(reason: "unexpected \(error)"), at: SourcePosition(path: "?", line: 0))]
    }
}

/// Fences a code block for a test chapter.
func block(_ info: String, _ lines: String...) -> String {
    "```\(info)\n" + lines.map { $0 + "\n" }.joined() + "```\n"
}
