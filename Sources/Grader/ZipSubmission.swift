// A .zip submission, read without extracting it.
//
// The archive is listed first (`zipinfo`), and judged on the listing: too many entries or too
// many bytes once inflated (a zip bomb) refuse the whole archive; an entry with an absolute
// path, a `..` component or a symbolic link is refused and named in the feedback. The
// exercise files are then inflated one by one to a capped scratch file (`unzip -p` under
// `prlimit --fsize`), so no archive ever writes anywhere but there.

import ExerciseHarness
import Foundation

/// The programs that read archives, found once.
public struct ZipTools: Sendable {
    var zipinfo: String
    var unzip: String
    var prlimit: String
    var scratch: URL

    public init(scratch: URL) throws {
        guard let zipinfo = findTool("zipinfo"), let unzip = findTool("unzip"), let prlimit = findTool("prlimit") else {
            throw GradeError("reading .zip submissions needs `unzip`, `zipinfo` (package unzip) and `prlimit` (util-linux)")
        }
        self.zipinfo = zipinfo; self.unzip = unzip; self.prlimit = prlimit; self.scratch = scratch
    }
}

/// Archive limits: far above any student edition, far below a zip bomb.
let largestArchiveEntries = 20_000
let largestArchiveBytes = 200 << 20

struct ZipEntry: Equatable {
    var name: String
    var isSymlink: Bool
    var isDirectory: Bool
    var size: Int
}

/// Parses `zipinfo`'s default listing: `-rw-r--r--  3.0 unx  1234 tx defN 24-Nov-29 17:00 name`.
func parseZipListing(_ text: String) -> [ZipEntry] {
    splitLines(text).compactMap { line in
        let fields = line.split(separator: " ", maxSplits: 8, omittingEmptySubsequences: true)
        guard fields.count == 9, let mode = fields.first, let kind = mode.first, "-dl".contains(kind),
              let size = Int(fields[3]) else { return nil }
        return ZipEntry(name: String(fields[8]), isSymlink: kind == "l", isDirectory: kind == "d", size: size)
    }
}

/// Why an entry's name may not be used: it points outside the archive.
func unsafeEntryReason(_ name: String) -> String? {
    if name.hasPrefix("/") || name.hasPrefix("\\") || name.range(of: "^[A-Za-z]:", options: .regularExpression) != nil {
        return "an absolute path"
    }
    if name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).contains("..") { return "a `..` component" }
    return nil
}

struct ZipSubmission: SubmissionFiles {
    let archive: URL
    let tools: ZipTools
    /// Exercise path (e.g. `Sources/Driver/VirtioDisk+RW.swift`) → the entry's full name.
    var members: [String: String] = [:]
    var refused: [String: String] = [:]
    var notes: [String] = []
    var wholeArchiveProblem: String?

    init(_ archive: URL, exerciseFiles: [String], tools: ZipTools) {
        self.archive = archive
        self.tools = tools
        let run = try? runChild(tools.prlimit, ["--fsize=\(16 << 20)", "--", tools.zipinfo, archive.path], limit: 30)
        guard let run, run.exit == .exited(0) else {
            wholeArchiveProblem = "\(archive.lastPathComponent) is not a readable .zip archive"
            notes = [wholeArchiveProblem!]
            return
        }
        let entries = parseZipListing(run.stdout)
        let total = entries.reduce(0) { $0 + $1.size }
        if entries.count > largestArchiveEntries || total > largestArchiveBytes {
            wholeArchiveProblem = "\(archive.lastPathComponent) holds \(entries.count) entries and \(total >> 20) MiB once inflated (limits: \(largestArchiveEntries) entries, \(largestArchiveBytes >> 20) MiB): not read"
            notes = [wholeArchiveProblem!]
            return
        }
        var refusedNames: [String] = []
        for entry in entries where !entry.isDirectory {
            let problem = unsafeEntryReason(entry.name) ?? (entry.isSymlink ? "a symbolic link" : nil)
            if let problem { refusedNames.append("`\(entry.name)` (\(problem))") }
            for path in exerciseFiles where entry.name == path || entry.name.hasSuffix("/" + path)
                || entry.name == (path as NSString).lastPathComponent {
                // The shallowest copy wins: a package at the top beats one nested deeper.
                if let known = members[path] ?? refused[path], known.count <= entry.name.count { continue }
                if problem == nil && entry.size <= largestSourceFile {
                    members[path] = entry.name
                    refused[path] = nil
                } else {
                    refused[path] = entry.name
                    members[path] = nil
                }
            }
        }
        if !refusedNames.isEmpty {
            notes.append("entries refused in \(archive.lastPathComponent): " + refusedNames.prefix(10).joined(separator: ", ")
                         + (refusedNames.count > 10 ? " and \(refusedNames.count - 10) more" : ""))
        }
    }

    func read(_ path: String) -> Result<Data, RegionProblem> {
        if let wholeArchiveProblem { return .failure(RegionProblem(wholeArchiveProblem)) }
        if let name = refused[path] {
            return .failure(RegionProblem("\(path): the archive's entry `\(name)` was refused (a symbolic link, an unsafe path, or over \(largestSourceFile >> 20) MiB)"))
        }
        guard let name = members[path] else {
            return .failure(RegionProblem("\(path) is missing from \(archive.lastPathComponent)"))
        }
        // Inflated alone (-j: no folders) into a fresh folder, under a file-size limit.
        let folder = tools.scratch.appendingPathComponent("member-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        // unzip treats its member arguments as wildcard patterns: escape the special characters.
        let pattern = name.replacingOccurrences(of: "[", with: "[[]")
            .replacingOccurrences(of: "*", with: "[*]").replacingOccurrences(of: "?", with: "[?]")
        let run = try? runChild(tools.prlimit, ["--fsize=\(largestSourceFile + 1)", "--", tools.unzip, "-qq", "-j", "-o",
                                                archive.path, pattern, "-d", folder.path], limit: 30)
        let inflated = folder.appendingPathComponent((name as NSString).lastPathComponent)
        guard run?.exit == .exited(0), let data = FileManager.default.contents(atPath: inflated.path),
              data.count <= largestSourceFile else {
            return .failure(RegionProblem("\(path): the archive's entry `\(name)` cannot be inflated (damaged, encrypted or larger than it claims)"))
        }
        return .success(data)
    }
}
