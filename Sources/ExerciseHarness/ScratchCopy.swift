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
    @discardableResult
    public static func writeIfDifferent(_ data: Data, to url: URL) throws -> Bool {
        if let existing = try? Data(contentsOf: url), existing == data { return false }
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url, options: .atomic)
        return true
    }

    /// Writes the source file `path` (relative to `package`, under `Sources/<Module>/`) unless it
    /// already holds `text`, and then removes the file's object and the module's build record,
    /// so the next build compiles the file afresh.
    ///
    /// Why: SwiftPM's incremental build misses a source rewritten moments after the previous
    /// build. Toggling one file between two versions and building after each write kept the old
    /// object in about one build of three (measured on this machine class, ext4), which graded a
    /// student's code with the reference's binary. With the object and the record removed, 20
    /// toggles in a row built what was written.
    public static func writeSource(_ text: String, to path: String, in package: URL) throws {
        guard try writeIfDifferent(Data(text.utf8), to: package.appendingPathComponent(path)) else { return }
        let parts = path.split(separator: "/")
        guard parts.count >= 3, parts[0] == "Sources" else { return }
        forgetCompiled(String(parts.last!), module: String(parts[1]), in: package)
    }

    /// Removes `file`'s object and `module`'s build record (`primary.priors`) from every build
    /// folder of `package` (each triple's debug and release folders).
    static func forgetCompiled(_ file: String, module: String, in package: URL) {
        let files = FileManager.default
        let build = package.appendingPathComponent(".build")
        for triple in (try? files.contentsOfDirectory(atPath: build.path)) ?? [] {
            for configuration in ["debug", "release"] {
                let folder = build.appendingPathComponent(triple).appendingPathComponent(configuration)
                    .appendingPathComponent(module + ".build")
                for name in [file + ".o", "primary.priors"] {
                    try? files.removeItem(at: folder.appendingPathComponent(name))
                }
            }
        }
    }
}
