// Intake: the entries of the submissions folder, and reading one exercise file out of each.
//
// An entry is a student-edition folder (possibly damaged, possibly a git clone), or a .zip
// file of one; its name (without .zip) is the student's id. The package may sit at the top of
// the entry or inside a single folder (as a downloaded archive has it). Only the four exercise
// files are ever read, and a file reached through a symbolic link is refused: a link could
// point at the instructor's reference.

import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One entry of the submissions folder.
public struct SubmissionEntry: Sendable {
    public enum Kind: Sendable { case folder, zip, unsupported }
    public var id: String
    public var url: URL
    public var kind: Kind
}

/// The largest exercise file the grader reads.
let largestSourceFile = 1 << 20

/// The submissions in `folder`, sorted by id. Names starting with "." are not submissions.
public func listSubmissions(in folder: URL) throws -> [SubmissionEntry] {
    let names: [String]
    do {
        names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
    } catch {
        throw GradeError("\(folder.path): cannot list the submissions folder (\(error.localizedDescription))")
    }
    var entries: [SubmissionEntry] = []
    for name in names.sorted() where !name.hasPrefix(".") {
        let url = folder.appendingPathComponent(name)
        var info = stat()
        guard lstat(url.path, &info) == 0 else { continue }
        let type = info.st_mode & S_IFMT
        if type == S_IFDIR {
            entries.append(SubmissionEntry(id: name, url: url, kind: .folder))
        } else if type == S_IFREG, name.lowercased().hasSuffix(".zip"), name.count > 4 {
            entries.append(SubmissionEntry(id: String(name.dropLast(4)), url: url, kind: .zip))
        } else {
            entries.append(SubmissionEntry(id: name, url: url, kind: .unsupported))
        }
    }
    // "alice" and "alice.zip" side by side: the archive keeps its full name.
    let folderIds = Set(entries.filter { $0.kind != .zip }.map(\.id))
    for index in entries.indices where entries[index].kind == .zip && folderIds.contains(entries[index].id) {
        entries[index].id = entries[index].url.lastPathComponent
    }
    return entries.sorted { $0.id < $1.id }
}

/// Reads exercise files out of one submission.
public protocol SubmissionFiles {
    /// Notes about the submission as a whole (refused archive entries, ...), shown in feedback.
    var notes: [String] { get }
    /// The bytes of `path` (e.g. `Sources/Driver/VirtioDisk+RW.swift`), or why it cannot be read.
    func read(_ path: String) -> Result<Data, RegionProblem>
}

/// Opens `entry` for reading.
public func openSubmission(_ entry: SubmissionEntry, exerciseFiles: [String], tools: ZipTools) -> any SubmissionFiles {
    switch entry.kind {
    case .folder: return FolderSubmission(entry.url, exerciseFiles: exerciseFiles)
    case .zip: return ZipSubmission(entry.url, exerciseFiles: exerciseFiles, tools: tools)
    case .unsupported: return UnreadableSubmission(reason: "\(entry.url.lastPathComponent) is neither a folder nor a .zip file")
    }
}

struct UnreadableSubmission: SubmissionFiles {
    var reason: String
    var notes: [String] { [reason] }
    func read(_ path: String) -> Result<Data, RegionProblem> { .failure(RegionProblem(reason)) }
}

/// A folder on disk, read without following symbolic links. The files may also lie at its top
/// (`VirtioDisk+RW.swift`, as students upload single files to Gradescope).
struct FolderSubmission: SubmissionFiles {
    let root: URL?
    let notes: [String]
    var flat = false

    init(_ folder: URL, exerciseFiles: [String]) {
        // The package is the folder itself, or the one sub-folder that holds the exercise files.
        func holdsExercises(_ candidate: URL) -> Bool {
            exerciseFiles.contains { isPlainPath(candidate, $0) || isPlainPath(candidate, ($0 as NSString).deletingLastPathComponent) }
        }
        if holdsExercises(folder) {
            root = folder; notes = []
            return
        }
        let children = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { !$0.hasPrefix(".") }.sorted().map { folder.appendingPathComponent($0) }
            .filter(holdsExercises)
        if children.count == 1 {
            root = children[0]; notes = []
        } else if children.isEmpty, exerciseFiles.contains(where: { isPlainPath(folder, ($0 as NSString).lastPathComponent) }) {
            root = folder; notes = []; flat = true
        } else {
            root = nil
            notes = children.isEmpty
                ? ["the submission has no Sources/Driver folder: submit the whole student-edition folder"]
                : ["the submission holds several packages (\(children.map(\.lastPathComponent).joined(separator: ", "))): submit one"]
        }
    }

    func read(_ path: String) -> Result<Data, RegionProblem> {
        guard let root else { return .failure(RegionProblem(notes.first ?? "no package")) }
        var walked = root
        let inside = flat ? (path as NSString).lastPathComponent : path
        for component in inside.split(separator: "/").map(String.init) {
            walked.appendPathComponent(component)
            var info = stat()
            guard lstat(walked.path, &info) == 0 else {
                return .failure(RegionProblem("\(path) is missing from the submission"))
            }
            if info.st_mode & S_IFMT == S_IFLNK {
                return .failure(RegionProblem("\(path) is reached through a symbolic link (\(walked.lastPathComponent)); submit the file itself"))
            }
        }
        var info = stat()
        lstat(walked.path, &info)
        guard info.st_mode & S_IFMT == S_IFREG else { return .failure(RegionProblem("\(path) is not a regular file")) }
        guard Int(info.st_size) <= largestSourceFile else {
            return .failure(RegionProblem("\(path) is larger than \(largestSourceFile >> 20) MiB"))
        }
        guard let handle = FileHandle(forReadingAtPath: walked.path),
              let data = try? handle.read(upToCount: largestSourceFile + 1) else {
            return .failure(RegionProblem("\(path) cannot be read"))
        }
        try? handle.close()
        return .success(data)
    }
}

/// True when `path` exists under `root` and no component on the way is a symbolic link.
private func isPlainPath(_ root: URL, _ path: String) -> Bool {
    var walked = root
    for component in path.split(separator: "/") {
        walked.appendPathComponent(String(component))
        var info = stat()
        guard lstat(walked.path, &info) == 0, info.st_mode & S_IFMT != S_IFLNK else { return false }
    }
    return true
}
