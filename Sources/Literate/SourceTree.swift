// Sources/ as the tangler sees it: the files it generated before, and how to bring them up to
// date without disturbing anything else.
//
// A file counts as generated only when its first line carries `generatedMarker`; hand-written
// files (the book tool itself) are never read as stale or overwritten. Writes go to a
// temporary file that is renamed into place, and an unchanged file is not touched, so its
// timestamp stays and the next build has nothing to recompile.

import Foundation

/// One way a file in Sources/ differs from what the chapters produce.
public struct Drift: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable { case missing, changed, stale }
    /// Path relative to Sources/.
    public var path: String
    public var kind: Kind
    /// For a changed file: the first line (1-based) that differs, and both versions of it.
    public var firstDifference: (line: Int, expected: String?, actual: String?)?

    public static func == (a: Drift, b: Drift) -> Bool { a.path == b.path && a.kind == b.kind }
    public func hash(into hasher: inout Hasher) { hasher.combine(path); hasher.combine(kind) }

    public var description: String {
        let file = Book.sourcesFolder + "/" + path
        switch kind {
        case .missing: return "\(file): not generated yet (the chapters produce it)"
        case .stale: return "\(file): generated earlier, but no chapter produces it any more"
        case .changed:
            guard let d = firstDifference else { return "\(file): differs from the chapters" }
            return "\(file):\(d.line): differs from the chapters\n  chapters: \(d.expected ?? "<end of file>")\n  on disk:  \(d.actual ?? "<end of file>")"
        }
    }
}

public struct SourceTree {
    public var folder: URL

    public init(root: URL) { folder = root.appendingPathComponent(Book.sourcesFolder) }

    /// Paths (relative to Sources/) of every file the tangler generated earlier.
    public func generatedFiles() -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        var found: [String] = []
        while let relative = walker.nextObject() as? String {
            if (relative as NSString).lastPathComponent.hasPrefix(".") { walker.skipDescendants(); continue }
            if let first = firstLine(of: folder.appendingPathComponent(relative)), isGeneratedFile(firstLine: first[...]) {
                found.append(relative)
            }
        }
        return found.sorted()
    }

    /// Hand-written files that the chapters would overwrite.
    public func handWrittenConflicts(_ files: [GeneratedFile]) -> [Diagnostic] {
        files.compactMap { file in
            let url = folder.appendingPathComponent(file.path)
            guard FileManager.default.fileExists(atPath: url.path),
                  let first = firstLine(of: url), !isGeneratedFile(firstLine: first[...]) else { return nil }
            return Diagnostic(.overwritesHandWrittenFile(path: file.path), at: file.origin)
        }
    }

    /// How Sources/ differs from `files`.
    public func drift(from files: [GeneratedFile]) -> [Drift] {
        var result: [Drift] = []
        let wanted = Set(files.map(\.path))
        for file in files {
            let url = folder.appendingPathComponent(file.path)
            guard let bytes = try? readFile(url) else {
                result.append(Drift(path: file.path, kind: .missing))
                continue
            }
            if bytes.elementsEqual(file.contents.utf8) { continue }
            let actual = String(decoding: bytes, as: UTF8.self)
            result.append(Drift(path: file.path, kind: .changed,
                                firstDifference: firstDifference(expected: file.contents, actual: actual)))
        }
        for stale in generatedFiles() where !wanted.contains(stale) {
            result.append(Drift(path: stale, kind: .stale))
        }
        return result.sorted { $0.path < $1.path }
    }

    /// Brings Sources/ in line with `files`: writes what changed, removes stale generated files.
    ///
    /// - Returns: what was done, one drift per file touched.
    @discardableResult
    public func write(_ files: [GeneratedFile]) throws -> [Drift] {
        let changes = drift(from: files)
        let byPath = Dictionary(uniqueKeysWithValues: files.map { ($0.path, $0) })
        for change in changes {
            let url = folder.appendingPathComponent(change.path)
            switch change.kind {
            case .missing, .changed:
                try writeAtomically(byPath[change.path]!.contents, to: url)
            case .stale:
                try FileManager.default.removeItem(at: url)
            }
        }
        return changes
    }

    private func writeAtomically(_ text: String, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).tangle-\(getpid()).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: Data(text.utf8)) else {
            throw ReadError(reason: "cannot write \(temporary.path)")
        }
        if rename(temporary.path, url.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw ReadError(reason: "cannot rename into \(url.path): \(reason)")
        }
    }
}

private func firstLine(of url: URL) -> String? {
    guard let handle = FileHandle(forReadingAtPath: url.path) else { return nil }
    defer { try? handle.close() }
    let head = (try? handle.read(upToCount: 512)) ?? Data()
    let text = String(decoding: head, as: UTF8.self)
    return text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init)
}

private func firstDifference(expected: String, actual: String) -> (line: Int, expected: String?, actual: String?) {
    let a = splitLines(expected), b = splitLines(actual)
    var index = 0
    while index < a.count, index < b.count, a[index] == b[index] { index += 1 }
    return (index + 1, index < a.count ? a[index] : nil, index < b.count ? b[index] : nil)
}
