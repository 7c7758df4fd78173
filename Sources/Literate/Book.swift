// The book: every chapter under Chapters/, read in file-name order.
//
// File-name order is the book's order, so chapters are numbered (`01-reading.md`,
// `10-guest-memory.md`). Reading never stops at the first bad chapter: every problem in every
// chapter is collected and reported together.

import Foundation

public struct Book: Sendable {
    /// The folder that holds Chapters/ and Sources/.
    public var root: URL
    public var chapters: [Chapter]

    public static let chaptersFolder = "Chapters"
    public static let sourcesFolder = "Sources"

    /// Reads every `*.md` file in `root/Chapters`, in file-name order.
    ///
    /// - Throws: `DiagnosticList` with each chapter that cannot be read or parsed.
    public static func load(root: URL) throws(DiagnosticList) -> Book {
        let folder = root.appendingPathComponent(chaptersFolder)
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
                .filter { $0.hasSuffix(".md") && !$0.hasPrefix(".") }
                .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        } catch {
            throw DiagnosticList([Diagnostic(.unreadableChapter(reason: "no \(chaptersFolder)/ folder at \(root.path)"),
                                             at: SourcePosition(path: chaptersFolder, line: 0))])
        }
        var chapters: [Chapter] = []
        var problems: [Diagnostic] = []
        for name in names {
            let path = chaptersFolder + "/" + name
            do {
                if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                    problems.append(Diagnostic(.chapterNameHasControlCharacter, at: SourcePosition(path: escaped(path), line: 1)))
                    continue
                }
                let bytes = try readRegularFile(folder.appendingPathComponent(name))
                chapters.append(try ChapterParser.parse(bytes: bytes, path: path))
            } catch let list as DiagnosticList {
                problems += list.diagnostics
            } catch {
                problems.append(Diagnostic(.unreadableChapter(reason: String(describing: error)), at: SourcePosition(path: path, line: 1)))
            }
        }
        if !problems.isEmpty { throw DiagnosticList(problems) }
        return Book(root: root, chapters: chapters)
    }

    public init(root: URL, chapters: [Chapter]) {
        self.root = root
        self.chapters = chapters
    }
}

/// A path with its control characters written as escapes, so a diagnostic stays one line.
private func escaped(_ path: String) -> String {
    path.unicodeScalars.map { $0.properties.generalCategory == .control ? $0.escaped(asASCII: true) : String($0) }.joined()
}
