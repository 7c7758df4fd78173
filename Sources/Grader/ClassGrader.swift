// Grading a class: every submission, with N jobs, each job on its own warm scratch package and
// test bench; every student's files written as soon as they are graded (so an interrupted run
// keeps them, and --resume skips them), then grades.csv and summary.md from all of them.

import ExerciseHarness
import Foundation
#if canImport(Glibc)
import Glibc
#endif

public struct ClassGradingOptions: Sendable {
    public var submissions: URL
    public var output: URL
    public var jobs = 1
    public var resume = false
    public var only: String?
    public var roster: URL?
    public var book: String?
    public var checkReference = true

    public init(submissions: URL, output: URL) {
        self.submissions = submissions
        self.output = output
    }
}

public final class ClassGrader: @unchecked Sendable {
    let course: Course
    let options: ClassGradingOptions
    let containment: Containment
    let links: SectionLinks
    let say: @Sendable (String) -> Void

    public init(course: Course, options: ClassGradingOptions, say: @escaping @Sendable (String) -> Void) throws {
        self.course = course
        self.options = options
        self.containment = try Containment.probe()
        self.links = SectionLinks(book: options.book, titles: sectionTitles(root: course.root))
        self.say = say
    }

    var manifest: Manifest { course.manifest }
    func studentFolder(_ id: String) -> URL { options.output.appendingPathComponent("students").appendingPathComponent(id) }

    /// Grades the class and writes every output. Returns the grades, one per student.
    @discardableResult
    public func run() throws -> [StudentGrade] {
        let manager = FileManager.default
        try manager.createDirectory(at: options.output, withIntermediateDirectories: true)
        chmod(options.output.path, 0o700)
        if containment.asRoot { closeHiddenFolders() }
        for line in containment.summary { say("contained: " + line) }

        var entries = try listSubmissions(in: options.submissions)
        let roster = try options.roster.map(readRoster) ?? []
        if let only = options.only {
            entries = entries.filter { $0.id == only }
            if entries.isEmpty && !roster.contains(only) {
                throw GradeError("no submission named \(only) in \(options.submissions.path)")
            }
        }
        if options.resume {
            entries = entries.filter { !manager.fileExists(atPath: studentFolder($0.id).appendingPathComponent("grade.json").path) }
        }

        let referenceFiles = try readReferenceFiles()
        let runFolder = manager.temporaryDirectory.appendingPathComponent("workbook-grade-\(getpid())")
        try manager.createDirectory(at: runFolder, withIntermediateDirectories: true)
        defer { try? manager.removeItem(at: runFolder) }
        try prepareResultFolder(in: runFolder)
        let zipTools = try ZipTools(scratch: runFolder)

        let jobs = max(1, min(options.jobs, max(1, entries.count)))
        let graders = try (1...jobs).map { slot in try prepareJob(slot, referenceFiles: referenceFiles, runFolder: runFolder) }
        if options.checkReference, let first = graders.first { try checkReference(first) }

        let queue = WorkQueue(entries)
        let progress = Progress(total: entries.count)
        DispatchQueue.concurrentPerform(iterations: jobs) { job in
            while let entry = queue.next() {
                let grade = gradeOne(entry, with: graders[job], zipTools: zipTools)
                save(grade)
                progress.finished(grade)
            }
        }
        for id in roster where !manager.fileExists(atPath: studentFolder(id).appendingPathComponent("grade.json").path) {
            save(.ungraded(id, manifest: manifest, status: "no submission"))
        }
        let grades = try loadAllGrades(roster: roster)
        try writeAtomically(Data(gradesCSV(grades, manifest: manifest).utf8), to: options.output.appendingPathComponent("grades.csv"))
        try writeAtomically(Data(summaryMarkdown(grades, manifest: manifest).utf8), to: options.output.appendingPathComponent("summary.md"))
        handOverOutput()
        return grades
    }

    /// Grades one entry; whatever happens, the student gets a grade.
    func gradeOne(_ entry: SubmissionEntry, with grader: SubmissionGrader, zipTools: ZipTools) -> StudentGrade {
        let files = openSubmission(entry, exerciseFiles: manifest.exercises.map(\.file), tools: zipTools)
        if entry.kind == .unsupported {
            var grade = StudentGrade.ungraded(entry.id, manifest: manifest, status: "not gradable")
            grade.notes = files.notes
            return grade
        }
        return grader.grade(entry.id, files: files, log: studentFolder(entry.id).appendingPathComponent("build.log"))
    }

    func save(_ grade: StudentGrade) {
        let folder = studentFolder(grade.student)
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try writeAtomically(Data(feedbackMarkdown(grade, links: links).utf8), to: folder.appendingPathComponent("feedback.md"))
            if options.book != nil {
                try writeAtomically(Data(feedbackHTML(grade, links: links).utf8), to: folder.appendingPathComponent("feedback.html"))
            }
            try writeAtomically(try gradescopeResults(grade, links: links), to: folder.appendingPathComponent("results.json"))
            try writeAtomically(try encoder.encode(grade), to: folder.appendingPathComponent("grade.json"))
        } catch {
            say("error: cannot write \(folder.path): \(error)")
        }
    }

    func loadAllGrades(roster: [String]) throws -> [StudentGrade] {
        let folder = options.output.appendingPathComponent("students")
        let ids = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        let grades = ids.compactMap { id -> StudentGrade? in
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(id).appendingPathComponent("grade.json").path) else { return nil }
            return try? JSONDecoder().decode(StudentGrade.self, from: data)
        }
        let listed = Set(roster)
        return grades.map { grade in
            var grade = grade
            if !roster.isEmpty && !listed.contains(grade.student) && !grade.notes.contains("not on the roster") {
                grade.notes.append("not on the roster")
            }
            return grade
        }.sorted { $0.student < $1.student }
    }
}

/// The entries still to grade, handed out one at a time to the jobs.
final class WorkQueue: @unchecked Sendable {
    private var entries: [SubmissionEntry]
    private let lock = NSLock()
    init(_ entries: [SubmissionEntry]) { self.entries = entries.reversed() }
    func next() -> SubmissionEntry? { lock.withLock { entries.popLast() } }
}
