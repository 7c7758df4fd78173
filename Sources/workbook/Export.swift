// `workbook export --student DIR`: the student edition, a self-contained package.
//
// It has the instructor edition's top level (Package.swift, Sources, Chapters, Exercises, Tests,
// README.md) with every reference taken out: regions and the chapters' exercise blocks hold
// stubs, solution prose keeps only its student part, hidden tests and the mutants catalogue
// are gone, and tests or helpers that carry a working driver of their own are dropped. The
// package is built in a temporary folder beside DIR and renamed into place, so a failure
// leaves nothing half-written.

import ArgumentParser
import Foundation
import Literate

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the student edition of the workbook into an empty folder.",
        discussion: """
            The student edition builds and tests on its own: its exercise regions hold starter \
            stubs, its chapters show what to achieve instead of the solution, and it has no \
            hidden tests. DIR must not exist or be empty.
            """
    )

    @OptionGroup var book: BookLocation

    @Option(name: .customLong("student"), help: "The folder to write the student edition into.")
    var destination: String

    func run() throws {
        let root = URL(fileURLWithPath: book.root).standardizedFileURL
        let target = URL(fileURLWithPath: destination).standardizedFileURL
        let fm = FileManager.default
        if let contents = try? fm.contentsOfDirectory(atPath: target.path), !contents.isEmpty {
            printError("error: \(destination) is not empty; export writes only into a new or empty folder")
            throw ExitCode.failure
        }
        let workspace = try Workspace(root: root)
        guard workspace.edition == .instructor else {
            printError("error: \(root.path) is already a student edition; export from the instructor edition")
            throw ExitCode.failure
        }
        let partial = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).partial-\(getpid())")
        try? fm.removeItem(at: partial)
        do {
            try fm.createDirectory(at: partial, withIntermediateDirectories: true)
            try StudentExport(workspace: workspace, output: partial).write()
            if fm.fileExists(atPath: target.path) { try fm.removeItem(at: target) }
            try fm.moveItem(at: partial, to: target)
        } catch {
            try? fm.removeItem(at: partial)
            printError("\(error)")
            printError("error: the student edition was not written; \(destination) is unchanged")
            throw ExitCode.failure
        }
        print("wrote the student edition to \(destination): \(workspace.exercises.count) exercises, each holding its stub")
    }
}

/// The steps of one export, into an empty folder.
struct StudentExport {
    let workspace: Workspace
    let output: URL
    var root: URL { workspace.root }

    /// Test files or folders that carry a working driver of their own (or test the reference
    /// directly), and the tests of exporting and grading (the grader's fixtures hold hidden
    /// tests of their own): they stay in the instructor edition.
    static func carriesADriver(_ relative: String, text: String?) -> Bool {
        relative.hasPrefix("Tests/DriverTests") || relative.hasPrefix("Tests/StudentEditionTests")
            || relative.hasPrefix("Tests/GraderTests")
            || (text?.contains("TestDriver") ?? false)
    }

    /// The grader's scripts: they make mistakes in the reference, so they quote it.
    static let gradingScripts: Set = ["scripts/generate-submissions", "scripts/grade-sample", "scripts/grading-benchmark"]

    /// The compilation condition under which the runner lists the hidden tests.
    static let hiddenTestsCondition = "HIDDEN_TESTS"

    /// Files only instructors see: hidden tests, the mutants catalogue, and the tests of either.
    static func isInstructorOnly(_ relative: String) -> Bool {
        relative.split(separator: "/").contains { $0.lowercased().contains("hidden") || $0.lowercased().contains("mutant") }
    }

    func write() throws {
        let chapters = try studentChapters()
        try writeSources(chapters: chapters)
        for chapter in chapters { try write(chapter.source, to: chapter.path) }
        try copyTree("Tests") { relative, text in !Self.carriesADriver(relative, text: text) && !Self.isInstructorOnly(relative) }
        try copyTree("Exercises") { relative, _ in !Self.isInstructorOnly(relative) && relative != Edition.manifestPath }
        try copyTree("scripts") { relative, _ in !Self.gradingScripts.contains(relative) }
        try writeManifest()
        try write(try studentPackageManifest(), to: "Package.swift")
        try write(StudentReadme(exercises: workspace.exercises).text, to: "README.md")
        try write(StudentReadme.setupScript, to: "setup", executable: true)
        if let ignore = try? String(contentsOf: root.appendingPathComponent(".gitignore"), encoding: .utf8) {
            try write(ignore, to: ".gitignore")
        }
    }

    /// The chapters as students read them, parsed again so their blocks match their text.
    func studentChapters() throws -> [Chapter] {
        let stubs = Dictionary(uniqueKeysWithValues: workspace.exercises.map { ($0.name, workspace.stub($0)) })
        return try workspace.chapters.map { chapter in
            // A chapter may say what the grader's tests stage; to a student they are the tests.
            let text = StudentEdition.studentText(of: chapter, exercises: workspace.exercises, stubs: stubs)
                .replacingOccurrences(of: "hidden tests", with: "tests")
            return try ChapterParser.parse(source: text, path: chapter.path)
        }
    }

    /// Hand-written sources as they are; generated ones tangled from the student chapters, with
    /// each region in the student's form.
    func writeSources(chapters: [Chapter]) throws {
        let tangled = try Tangler.tangle(chapters).files
        let generated = Set(SourceTree(root: root).generatedFiles().map { "Sources/" + $0 })
        try copyTree("Sources") { relative, _ in !generated.contains(relative) }
        for file in tangled {
            var contents = file.contents
            for exercise in workspace.exercises where exercise.file == file.path {
                var region = RegionFile(path: exercise.sourcePath, text: contents)
                try region.makeStudentRegion(exercise.name, body: workspace.stub(exercise))
                contents = region.text
            }
            try write(contents, to: "Sources/" + file.path)
        }
    }

    /// The manifest without hidden tests or mutants, marked as the student edition.
    func writeManifest() throws {
        let url = root.appendingPathComponent(Edition.manifestPath)
        var object: Any = [String: Any]()
        if let data = try? Data(contentsOf: url) { object = try JSONSerialization.jsonObject(with: data) }
        guard var manifest = publicPart(object) as? [String: Any] else {
            throw RegionError(description: "\(Edition.manifestPath): error: the manifest is not a JSON object")
        }
        manifest["edition"] = Edition.student.rawValue
        let data = try JSONSerialization.data(withJSONObject: manifest, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        try write(String(decoding: data, as: UTF8.self) + "\n", to: Edition.manifestPath)
    }

    /// `value` with every key that names hidden tests, points of hidden tests or mutants removed.
    func publicPart(_ value: Any) -> Any {
        if let object = value as? [String: Any] {
            return object.filter { !["hidden", "mutant"].contains(where: $0.key.lowercased().contains) }
                .mapValues(publicPart)
        }
        if let array = value as? [Any] { return array.map(publicPart) }
        return value
    }

    /// Package.swift without the test targets whose files all stayed behind.
    func studentPackageManifest() throws -> String {
        var text = try String(contentsOf: root.appendingPathComponent("Package.swift"), encoding: .utf8)
        let testsFolder = root.appendingPathComponent("Tests")
        let targets = (try? FileManager.default.contentsOfDirectory(atPath: testsFolder.path)) ?? []
        for target in targets where !FileManager.default.fileExists(atPath: output.appendingPathComponent("Tests/\(target)").path) {
            text = removingTarget(named: target, from: text)
        }
        return text
    }

    // MARK: Files

    func write(_ text: String, to relative: String, executable: Bool = false) throws {
        let url = output.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        if executable { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path) }
    }

    /// Copies `folder` (relative to the root) file by file, keeping what `keep` accepts; hidden
    /// files and folders are skipped. Markdown loses its paragraphs about hidden tests.
    func copyTree(_ folder: String, keep: (String, String?) -> Bool) throws {
        let fm = FileManager.default
        let source = root.appendingPathComponent(folder)
        guard let walker = fm.enumerator(atPath: source.path) else { return }
        while let item = walker.nextObject() as? String {
            let relative = folder + "/" + item
            let url = source.appendingPathComponent(item)
            if (item as NSString).lastPathComponent.hasPrefix(".") { walker.skipDescendants(); continue }
            var isFolder: ObjCBool = false
            guard fm.fileExists(atPath: url.path, isDirectory: &isFolder), !isFolder.boolValue else {
                if !keep(relative, nil) { walker.skipDescendants() }
                continue
            }
            let text = try? String(contentsOf: url, encoding: .utf8)
            guard keep(relative, text) else { continue }
            let destination = output.appendingPathComponent(relative)
            try fm.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
            if let text, url.pathExtension == "md" {
                try write(withoutHiddenTestParagraphs(text), to: relative)
            } else if let text, url.pathExtension == "swift", text.contains(Self.hiddenTestsCondition) {
                try write(withoutCondition(Self.hiddenTestsCondition, text), to: relative)
            } else {
                try fm.copyItem(at: url, to: destination)
            }
        }
    }
}

/// Markdown without what talks about hidden tests: a section whose heading names them (down to
/// the next heading of its level or above), and any other paragraph that mentions them. Code
/// blocks are never cut in half.
func withoutHiddenTestParagraphs(_ text: String) -> String {
    var paragraphs: [[String]] = [[]]
    var inFence = false
    for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
        if line.trimmingCharacters(in: .whitespaces).hasPrefix("```") { inFence.toggle() }
        if !inFence && line.trimmingCharacters(in: .whitespaces).isEmpty {
            paragraphs.append([line])
            paragraphs.append([])
        } else {
            paragraphs[paragraphs.count - 1].append(line)
        }
    }
    func headingLevel(_ paragraph: [String]) -> Int? {
        guard let first = paragraph.first, first.hasPrefix("#") else { return nil }
        let level = first.prefix { $0 == "#" }.count
        return first.dropFirst(level).first == " " ? level : nil
    }
    var kept: [[String]] = []
    var droppedLevel: Int?
    for paragraph in paragraphs {
        let level = headingLevel(paragraph)
        if let dropping = droppedLevel {
            guard let level, level <= dropping else { continue }
            droppedLevel = nil
        }
        let mentions = paragraph.joined(separator: " ").lowercased()
        if let level, mentions.contains("hidden") { droppedLevel = level; continue }
        if mentions.contains("hidden test") { continue }
        kept.append(paragraph)
    }
    return kept.flatMap { $0 }.joined(separator: "\n")
}

/// Swift `text` without its `#if CONDITION` … `#endif` blocks (an `#else` part stays).
func withoutCondition(_ condition: String, _ text: String) -> String {
    var kept: [Substring] = []
    var state = 0  // 0 outside, 1 in the condition's part, 2 in its #else part
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
        let directive = line.trimmingCharacters(in: .whitespaces)
        if state == 0 && directive == "#if \(condition)" { state = 1; continue }
        if state != 0 && directive == "#else" { state = 2; continue }
        if state != 0 && directive == "#endif" { state = 0; continue }
        if state != 1 { kept.append(line) }
    }
    return kept.joined(separator: "\n")
}

/// `text` without the `.testTarget(name: "NAME", ...)` entry, however many lines it spans.
func removingTarget(named name: String, from text: String) -> String {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    guard let start = lines.firstIndex(where: { $0.contains("Target(name: \"\(name)\"") }) else { return text }
    var depth = 0, end = start
    for index in start..<lines.count {
        depth += lines[index].filter { "([".contains($0) }.count - lines[index].filter { ")]".contains($0) }.count
        end = index
        if depth <= 0 { break }
    }
    lines.removeSubrange(start...end)
    return lines.joined(separator: "\n")
}
