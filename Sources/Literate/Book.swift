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
                let bytes = try readFile(folder.appendingPathComponent(name))
                chapters.append(try ChapterParser.parse(bytes: bytes, path: path))
            } catch let list as DiagnosticList {
                problems += list.diagnostics
            } catch {
                problems.append(Diagnostic(.unreadableChapter(reason: describe(error)), at: SourcePosition(path: path, line: 1)))
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

struct ReadError: Error { var reason: String }

/// Reads a whole file, failing with the system's reason (a folder, a broken link, no permission).
func readFile(_ url: URL) throws -> [UInt8] {
    let fd = open(url.path, O_RDONLY)
    guard fd >= 0 else { throw ReadError(reason: String(cString: strerror(errno))) }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n < 0 { throw ReadError(reason: String(cString: strerror(errno))) }
        if n == 0 { break }
        bytes += chunk[0..<n]
    }
    return bytes
}

func describe(_ error: Error) -> String {
    (error as? ReadError)?.reason ?? String(describing: error)
}
