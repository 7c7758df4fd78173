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

    /// How Sources/ differs from `files`.
    public func drift(from files: [GeneratedFile]) -> [Drift] {
        var result: [Drift] = []
        let wanted = Set(files.map(\.path))
        for file in files {
            let url = folder.appendingPathComponent(file.path)
            guard let bytes = try? readRegularFile(url) else {
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

    /// Brings Sources/ in line with `files`: removes stale generated files (and the folders
    /// they leave empty), then writes what changed. Call `prepare` first: it refuses every
    /// conflict it can see before anything is written.
    ///
    /// - Returns: what was done, one drift per file touched.
    /// - Throws: `WriteError` naming the file, when the system refuses a write.
    @discardableResult
    public func write(_ files: [GeneratedFile]) throws(WriteError) -> [Drift] {
        let changes = drift(from: files)
        let byPath = Dictionary(uniqueKeysWithValues: files.map { ($0.path, $0) })
        for change in changes where change.kind == .stale {
            let url = folder.appendingPathComponent(change.path)
            do {
                try FileManager.default.removeItem(at: url)
            } catch {
                throw WriteError(path: change.path, reason: error.localizedDescription)
            }
            removeEmptyFolders(above: url)
        }
        for change in changes where change.kind != .stale {
            do {
                try writeAtomically(byPath[change.path]!.contents, to: folder.appendingPathComponent(change.path))
            } catch {
                throw WriteError(path: change.path, reason: String(describing: error))
            }
        }
        return changes
    }

    private func removeEmptyFolders(above url: URL) {
        var parent = url.deletingLastPathComponent().standardizedFileURL
        let top = folder.standardizedFileURL.path
        while parent.path.hasPrefix(top + "/"), (try? FileManager.default.contentsOfDirectory(atPath: parent.path))?.isEmpty == true {
            try? FileManager.default.removeItem(at: parent)
            parent = parent.deletingLastPathComponent()
        }
    }

    private func writeAtomically(_ text: String, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).tangle-\(getpid()).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: Data(text.utf8)) else {
            throw ReadError(reason: "cannot create \(temporary.lastPathComponent)")
        }
        if rename(temporary.path, url.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw ReadError(reason: "cannot rename into place: \(reason)")
        }
    }
}

/// The first line of a regular file, or nil for anything else.
func firstLine(of url: URL) -> String? {
    guard let head = try? readRegularFile(url, prefix: 512) else { return nil }
    return splitLines(String(decoding: head, as: UTF8.self)).first
}

/// A file in Sources/ that could not be written or removed.
public struct WriteError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "\(Book.sourcesFolder)/\(path): error: cannot write: \(reason)" }
}

private func firstDifference(expected: String, actual: String) -> (line: Int, expected: String?, actual: String?) {
    let a = splitLines(expected), b = splitLines(actual)
    var index = 0
    while index < a.count, index < b.count, a[index] == b[index] { index += 1 }
    return (index + 1, index < a.count ? a[index] : nil, index < b.count ? b[index] : nil)
}
