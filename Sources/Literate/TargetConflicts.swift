// What stands in Sources/ where the chapters want to write, checked before anything is written.
//
// Writing stops at the first system error, so every obstacle the disk can show is found first
// and reported at the chapter line that names the target: a hand-written file, a folder, a
// FIFO or a symbolic link at the target; a file or link where the target needs a folder.
// Generated files that this run removes as stale are no obstacle.

import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension SourceTree {
    /// Checks `files` against the disk and, in the student edition, keeps the exercise regions
    /// already there (see `keepingExerciseRegions`).
    ///
    /// - Returns: the files to compare with Sources/ or to write.
    /// - Throws: `DiagnosticList` with every obstacle; then nothing may be written.
    public func prepare(_ files: [GeneratedFile], keepingExerciseRegions: Bool = false) throws(DiagnosticList) -> [GeneratedFile] {
        let found = conflicts(with: files)
        if !found.isEmpty { throw DiagnosticList(found) }
        return keepingExerciseRegions ? try self.keepingExerciseRegions(files) : files
    }

    /// Every target that cannot be written as a regular file.
    public func conflicts(with files: [GeneratedFile]) -> [Diagnostic] {
        let wanted = Set(files.map(\.path))
        let stale = Set(generatedFiles()).subtracting(wanted)
        var found: [Diagnostic] = []
        if let kind = kind(of: ""), kind != S_IFDIR {
            return [Diagnostic(.targetBlockedOnDisk(path: files.first?.path ?? "", blocker: "", reason: "is \(fileKind(kind)), not a folder"),
                               at: files.first?.origin ?? SourcePosition(path: Book.sourcesFolder, line: 0))]
        }
        for file in files {
            func blocked(_ blocker: String, _ reason: String) {
                found.append(Diagnostic(.targetBlockedOnDisk(path: file.path, blocker: blocker, reason: reason), at: file.origin))
            }
            let parts = file.path.split(separator: "/").map(String.init)
            var folderPath = ""
            var reachesTarget = true
            for part in parts.dropLast() {
                folderPath += (folderPath.isEmpty ? "" : "/") + part
                guard let kind = kind(of: folderPath) else { reachesTarget = false; break }
                if kind == S_IFDIR { continue }
                if kind == S_IFREG && stale.contains(folderPath) { reachesTarget = false; break }
                blocked(folderPath, "is \(fileKind(kind)), where the target needs a folder")
                reachesTarget = false
                break
            }
            guard reachesTarget, let kind = kind(of: file.path) else { continue }
            switch kind {
            case S_IFREG:
                if let first = firstLine(of: folder.appendingPathComponent(file.path)), !isGeneratedFile(firstLine: first[...]) {
                    found.append(Diagnostic(.overwritesHandWrittenFile(path: file.path), at: file.origin))
                }
            case S_IFDIR where holdsOnly(stale, folder: file.path):
                continue
            default:
                blocked(file.path, "is \(fileKind(kind))")
            }
        }
        return found
    }

    /// The file type of `path` (relative to Sources/) without following a symbolic link, or nil
    /// when nothing is there.
    private func kind(of path: String) -> mode_t? {
        var status = stat()
        let url = path.isEmpty ? folder : folder.appendingPathComponent(path)
        guard lstat(url.path, &status) == 0 else { return nil }
        return status.st_mode & S_IFMT
    }

    /// Whether every file under `folder` is one of `stale`, so removing them empties it.
    private func holdsOnly(_ stale: Set<String>, folder path: String) -> Bool {
        guard let walker = FileManager.default.enumerator(atPath: folder.appendingPathComponent(path).path) else { return false }
        while let relative = walker.nextObject() as? String {
            let full = path + "/" + relative
            if kind(of: full) == S_IFDIR { continue }
            if !stale.contains(full) { return false }
        }
        return true
    }
}
