// The whole catalogue graded in one run of `workbook grade --jobs 2` against the mini course,
// then checked: exact scores, a row for everyone, feedback that names the problem and never
// a hidden test, and nothing outside the grader's own files touched.

import Foundation
import Testing
import TestSupport
@testable import Grader
#if canImport(Glibc)
import Glibc
#endif

/// One graded batch, shared by the tests below (grading it takes a minute or two).
final class GradedBatch: @unchecked Sendable {  // immutable once graded
    static let shared = Result { try GradedBatch() }

    let scratch: URL
    let root: URL
    let out: URL
    let entries: [CatalogueEntry]
    let run: ToolRun

    init() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("grader-catalogue-\(getpid())")
        root = scratch.appendingPathComponent("course")
        out = scratch.appendingPathComponent("out")
        let submissions = scratch.appendingPathComponent("submissions")
        try? FileManager.default.removeItem(at: scratch)
        removeBatchesOfEndedRuns()
        try copyMiniCourse(to: root)
        var entries = try catalogue(root: root, out: out)
        for entry in entries {
            let folder = submissions.appendingPathComponent(entry.id)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try entry.make(folder)
        }
        for (entry, archive) in try zipCatalogue(scratch: scratch) {
            try archive.write(to: submissions.appendingPathComponent(entry.id + ".zip"))
            entries.append(entry)
        }
        try makeZipBomb(submissions.appendingPathComponent("zip-bomb.zip"), scratch: scratch)
        entries.append(CatalogueEntry(id: "zip-bomb", sum: 0, clamp: 0, make: { _ in }))
        try Data("not a submission".utf8).write(to: submissions.appendingPathComponent("notes.txt"))
        entries.append(CatalogueEntry(id: "notes.txt", sum: 0, clamp: 0, make: { _ in }))
        entries.append(CatalogueEntry(id: "absent-student", sum: 0, clamp: 0, make: { _ in }))
        let roster = scratch.appendingPathComponent("roster.csv")
        try Data(("id\n" + entries.map { csvQuoted($0.id) }.joined(separator: "\n") + "\n").utf8).write(to: roster)
        self.entries = entries
        run = try runTool(builtExecutable("workbook"), ["grade", "--root", root.path, submissions.path, "--out", out.path,
                                                        "--jobs", "2", "--roster", roster.path])
    }

    func text(_ path: String) -> String {
        (try? String(contentsOf: out.appendingPathComponent(path), encoding: .utf8)) ?? ""
    }
}

/// Earlier runs' batches (about 60 MB each, kept for inspection until the next run): removed
/// once the test process that made them has ended.
func removeBatchesOfEndedRuns() {
    let temporary = FileManager.default.temporaryDirectory
    for name in (try? FileManager.default.contentsOfDirectory(atPath: temporary.path)) ?? []
        where name.hasPrefix("grader-catalogue-") {
        guard let pid = Int32(name.dropFirst("grader-catalogue-".count)), pid != getpid(),
              kill(pid, 0) != 0 && errno == ESRCH else { continue }
        try? FileManager.default.removeItem(at: temporary.appendingPathComponent(name))
    }
}

func copyMiniCourse(to root: URL) throws {
    try FileManager.default.createDirectory(at: root.deletingLastPathComponent(), withIntermediateDirectories: true)
    try FileManager.default.copyItem(at: miniCourse, to: root)
    try? FileManager.default.removeItem(at: root.appendingPathComponent(".build"))
}

func csvQuoted(_ field: String) -> String {
    field.contains(where: { ",\"\n".contains($0) }) ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
}

/// 210 MiB of zeros, deflated to a few hundred KiB by the zip tool.
func makeZipBomb(_ archive: URL, scratch: URL) throws {
    let zeros = scratch.appendingPathComponent("zeros")
    _ = FileManager.default.createFile(atPath: zeros.path, contents: nil)
    let handle = try FileHandle(forWritingTo: zeros)
    let block = Data(count: 1 << 20)
    for _ in 0..<210 { handle.write(block) }
    try handle.close()
    let made = try runTool(URL(fileURLWithPath: "/usr/bin/zip"), ["-q", "-j", archive.path, zeros.path])
    try FileManager.default.removeItem(at: zeros)
    guard made.status == 0 else { throw CocoaError(.fileWriteUnknown) }
}

@Suite(.serialized) struct CatalogueTests {
    func batch() throws -> GradedBatch { try GradedBatch.shared.get() }

    @Test func theGraderFinishesAndEveryStudentHasTheirExactScores() throws {
        let batch = try batch()
        #expect(batch.run.status == 0, "\(batch.run.errorText)")
        let rows = parseCSV(batch.text("grades.csv"))
        #expect(rows.first == ["student", "sum", "clamp", "total", "status"])
        var byStudent: [String: [String]] = [:]
        for row in rows.dropFirst() { byStudent[row[0].hasPrefix("'") ? String(row[0].dropFirst()) : row[0]] = row }
        #expect(byStudent.count == batch.entries.count)
        for entry in batch.entries {
            let row = try #require(byStudent[entry.id], "no row for \(entry.id)")
            #expect(Double(row[1]) == entry.sum, "\(entry.id): sum \(row[1]), expected \(entry.sum)")
            #expect(Double(row[2]) == entry.clamp, "\(entry.id): clamp \(row[2]), expected \(entry.clamp)")
            #expect(Double(row[3]) == entry.sum + entry.clamp, "\(entry.id): total \(row[3])")
        }
    }

    @Test func feedbackNamesTheProblemInWords() throws {
        let batch = try batch()
        func feedback(_ id: String) -> String { batch.text("students/\(id)/feedback.md") }
        #expect(feedback("compile-error").contains("Sources/Driver/Sum.swift:8:16: error: cannot find 'totl' in scope"))
        #expect(feedback("compile-error").contains("        return totl\n"))
        #expect(feedback("compile-error").components(separatedBy: "cannot find 'totl'").count == 2, "the error is shown once")
        #expect(feedback("infinite-loop").contains("did not finish within 2 s"))
        #expect(feedback("deadlock").contains("did not finish within 2 s"))
        #expect(feedback("trap").contains("SIGILL") || feedback("trap").contains("SIGTRAP"))
        #expect(feedback("exit-0").contains("exited with status 0"))
        #expect(feedback("exit-1").contains("exited with status 1"))
        #expect(feedback("markers-missing").contains("are missing"))
        #expect(feedback("markers-duplicated").contains("more than once"))
        #expect(feedback("marker-damaged").contains("Sources/Driver/Sum.swift:5: a damaged region marker"))
        #expect(feedback("not-utf8").contains("Sources/Driver/Sum.swift:14: the file is not valid UTF-8"))
        #expect(feedback("symlink-to-instructor").contains("symbolic link"))
        #expect(feedback("zip-with-symlink").contains("refused"))
        #expect(feedback("zip-with-dotdot-and-absolute").contains("a `..` component"))
        #expect(feedback("zip-with-dotdot-and-absolute").contains("an absolute path"))
        #expect(feedback("zip-bomb").contains("MiB once inflated"))
        #expect(feedback("changed-signature").contains("the build failed outside your region"))
        #expect(feedback("bug-skips-negatives").contains("✗ sum handles negative values (1 point): the sum of -4 and 1 was 1, not -3"))
        #expect(feedback("absent-student").contains("Not graded: no submission"))
        #expect(feedback("notes.txt").contains("neither a folder nor a .zip"))
    }

    @Test func noStudentFacingFileShowsAHiddenTest() throws {
        let batch = try batch()
        let students = batch.out.appendingPathComponent("students")
        var checked = 0
        for id in try FileManager.default.contentsOfDirectory(atPath: students.path) {
            for file in ["feedback.md", "results.json"] {
                let text = batch.text("students/\(id)/\(file)")
                #expect(!text.isEmpty, "\(id)/\(file) is empty")
                for secret in ["secret", "Hidden", "sumHiddenTests", "MiniTest", "Exercises/"] {
                    #expect(!text.contains(secret), "\(id)/\(file) shows \(secret)")
                }
                checked += 1
            }
        }
        #expect(checked == 2 * batch.entries.count)
    }

    @Test func hostileSubmissionsTouchNothingOfTheGraders() throws {
        let batch = try batch()
        #expect(!FileManager.default.fileExists(atPath: batch.out.appendingPathComponent("owned").path) || !asRoot)
        #expect(!batch.text("students/correct/feedback.md").contains("owned"))
        #expect(!batch.text("grades.csv").contains(",100"))
        #expect(!FileManager.default.fileExists(atPath: "/tmp/workbook-grader-escaped-\(getpid())"))
        #expect(!FileManager.default.fileExists(atPath: "/tmp/workbook-grader-absolute-\(getpid())"))
        let commandLines = (try FileManager.default.contentsOfDirectory(atPath: "/proc")).compactMap {
            FileManager.default.contents(atPath: "/proc/\($0)/cmdline").map { String(decoding: $0, as: UTF8.self) }
        }
        #expect(!commandLines.contains("/bin/sleep\u{0}4242\u{0}"), "a process a test started outlived it")
    }

    @Test func gradescopeResultsFollowTheContract() throws {
        let batch = try batch()
        let data = try #require(batch.text("students/bug-skips-negatives/results.json").data(using: .utf8))
        let results = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(results["score"] as? Double == 42.5)
        let tests = try #require(results["tests"] as? [[String: Any]])
        #expect(tests.count == 6)
        #expect(tests.allSatisfy { ["passed", "failed"].contains($0["status"] as? String) && $0["max_score"] is Double && $0["name"] is String })
        #expect(tests.reduce(0) { $0 + ($1["max_score"] as? Double ?? 0) } == 50)
    }

    @Test func theSummaryShowsDistributionsAndTheMostFailedBehaviours() throws {
        let summary = try batch().text("summary.md")
        #expect(summary.contains("| 1. sum |"))
        #expect(summary.contains("## Behaviours failed most often"))
        #expect(summary.contains("sum handles negative values"))
    }
}

@Suite struct RegradingTests {
    @Test func gradingTheSameSubmissionTwiceGivesTheSameScoresAndResumeSkipsTheGraded() throws {
        let batch = try GradedBatch.shared.get()
        let again = batch.scratch.appendingPathComponent("again")
        for id in ["bug-skips-negatives", "trap"] {
            let run = try runTool(builtExecutable("workbook"), ["grade", "--root", batch.root.path, batch.scratch.appendingPathComponent("submissions").path,
                                                                "--out", again.path, "--only", id, "--no-check-reference"])
            #expect(run.status == 0, "\(run.errorText)")
            let first = try JSONDecoder().decode(StudentGrade.self, from: Data(contentsOf: batch.out.appendingPathComponent("students/\(id)/grade.json")))
            let second = try JSONDecoder().decode(StudentGrade.self, from: Data(contentsOf: again.appendingPathComponent("students/\(id)/grade.json")))
            #expect(first.exercises.map(\.score) == second.exercises.map(\.score))
            #expect(first.exercises.flatMap(\.tests).map(\.passed) == second.exercises.flatMap(\.tests).map(\.passed))
        }
        let csv = batch.out.appendingPathComponent("grades.csv")
        let before = try String(contentsOf: csv, encoding: .utf8)
        let resumed = try runTool(builtExecutable("workbook"), ["grade", "--root", batch.root.path, batch.scratch.appendingPathComponent("submissions").path,
                                                                "--out", batch.out.path, "--resume", "--no-check-reference"])
        #expect(resumed.status == 0)
        #expect(!resumed.errorText.contains("█"), "resume graded someone again")
        #expect(try String(contentsOf: csv, encoding: .utf8) == before)
    }
}
