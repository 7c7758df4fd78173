// A copy of the package's sources in a scratch folder, kept in step file by file: unchanged
// files keep their modification times, so the copy's build stays warm (`workbook mutants`,
// the grader's per-job packages, the Gradescope bundle).
import Foundation

public enum ScratchCopy {
    /// What a build of the runner needs.
    public static let entries = ["Package.swift", "Package.resolved", "Sources", "Exercises", "Tests"]

    /// Makes `copy` hold `entries` of `root` exactly: changed files rewritten, deleted ones deleted.
    public static func sync(from root: URL, to copy: URL, entries: [String] = entries) throws {
        let files = FileManager.default
        try files.createDirectory(at: copy, withIntermediateDirectories: true)
        for entry in entries {
            let source = root.appendingPathComponent(entry)
            var isFolder: ObjCBool = false
            guard files.fileExists(atPath: source.path, isDirectory: &isFolder) else { continue }
            if !isFolder.boolValue {
                try copyIfDifferent(source, copy.appendingPathComponent(entry))
                continue
            }
            let wanted = Set(try files.subpathsOfDirectory(atPath: source.path))
            for path in wanted.sorted() {
                let from = source.appendingPathComponent(path), to = copy.appendingPathComponent(entry).appendingPathComponent(path)
                var sub: ObjCBool = false
                _ = files.fileExists(atPath: from.path, isDirectory: &sub)
                if sub.boolValue {
                    try files.createDirectory(at: to, withIntermediateDirectories: true)
                } else {
                    try copyIfDifferent(from, to)
                }
            }
            let target = copy.appendingPathComponent(entry)
            for path in (try? files.subpathsOfDirectory(atPath: target.path)) ?? [] where !wanted.contains(path) {
                try? files.removeItem(at: target.appendingPathComponent(path))
            }
        }
    }

    static func copyIfDifferent(_ from: URL, _ to: URL) throws {
        try writeIfDifferent(try Data(contentsOf: from), to: to)
    }

    /// Writes `data` unless the file already holds exactly it.
    public static func writeIfDifferent(_ data: Data, to url: URL) throws {
        if let existing = try? Data(contentsOf: url), existing == data { return }
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url, options: .atomic)
    }
}
