// Helpers for the student-edition tests: one export of this repository, and what must never
// appear in it (the reference's lines, the hidden tests' names and lines).

import Foundation
import Literate
import TestSupport

enum Repository {
    /// The instructor edition: this package, three levels up from this file.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Every text file of a package that a student could read, by path relative to `root`
    /// (build products and version control left out).
    static func textFiles(under root: URL) -> [String: String] {
        var files: [String: String] = [:]
        guard let walker = FileManager.default.enumerator(atPath: root.path) else { return files }
        while let item = walker.nextObject() as? String {
            let name = (item as NSString).lastPathComponent
            if name == ".build" || name == ".git" || name.hasPrefix(".build") { walker.skipDescendants(); continue }
            if let text = try? String(contentsOf: root.appendingPathComponent(item), encoding: .utf8) { files[item] = text }
        }
        return files
    }

    /// The lines between `// workbook: begin exercise` and `// workbook: end exercise` markers.
    static func regionLines(_ text: String) -> [String] {
        var inside = false
        var found: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("// workbook: begin exercise ") { inside = true; continue }
            if trimmed.hasPrefix("// workbook: end exercise ") { inside = false; continue }
            if inside { found.append(trimmed) }
        }
        return found
    }

    /// A chapter's lines that only the instructor edition has: the solution parts of its
    /// solution regions and the code of its exercises' root blocks.
    static func solutionLines(_ text: String, path: String) -> [String] {
        // The chapter model, not a text scan: a region shown as an example inside a code
        // block (the authors' appendix has one) is not a region.
        guard let chapter = try? ChapterParser.parse(source: text, path: path) else { return [] }
        let lines = chapter.lines
        var numbers = chapter.solutionRegions.flatMap { Array($0.solution) }
        for block in chapter.blocks where block.attributes.exercise != nil {
            numbers += Array(block.firstLine.line..<(block.firstLine.line + block.lines.count))
        }
        return numbers.map { lines[$0 - 1].trimmingCharacters(in: .whitespaces) }
    }

    /// A line with real content: not blank, not only punctuation, not a directive.
    static func hasContent(_ line: String) -> Bool {
        line.contains { $0.isLetter || $0.isNumber } && !line.hasPrefix("#sourceLocation")
    }
}

/// What the instructor edition keeps to itself, as lines and names that appear nowhere else in it.
struct Secrets {
    /// Lines of reference regions, solution prose and hidden tests that no public file shares.
    var lines: Set<String> = []
    /// Hidden test ids and the names of the hidden tests' functions.
    var names: Set<String> = []

    init(instructor files: [String: String], stubLines: Set<String>) {
        var secret: Set<String> = []
        var open: Set<String> = []
        for (path, text) in files {
            let isHidden = path.split(separator: "/").contains("Hidden")
            let all = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            if isHidden {
                secret.formUnion(all)
                // The names of top-level declarations (the test lists and their helpers).
                for line in text.split(separator: "\n") {
                    for keyword in ["func ", "let ", "var ", "private func ", "private let "] where line.hasPrefix(keyword) {
                        let word = line.dropFirst(keyword.count).prefix { $0.isLetter || $0.isNumber || $0 == "_" }
                        if word.count > 3 { names.insert(String(word)) }
                    }
                }
                continue
            }
            let hidden = path.hasSuffix(".swift") ? Repository.regionLines(text) : (path.hasSuffix(".md") ? Repository.solutionLines(text, path: path) : [])
            secret.formUnion(hidden)
            var publicLines = Multiset(all)
            publicLines.remove(hidden)
            open.formUnion(publicLines.elements)
        }
        lines = secret.subtracting(open).subtracting(stubLines).filter(Repository.hasContent)
        // The hidden tests' ids and the sentences that describe them.
        if let text = files["Exercises/manifest.json"],
           let manifest = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] {
            var shown: Set<String> = []
            for exercise in manifest["exercises"] as? [[String: Any]] ?? [] {
                for test in exercise["hiddenTests"] as? [[String: Any]] ?? [] {
                    for key in ["id", "behaviour"] { if let value = test[key] as? String { names.insert(value) } }
                }
                for test in exercise["publicTests"] as? [[String: Any]] ?? [] { if let value = test["behaviour"] as? String { shown.insert(value) } }
            }
            names.subtract(shown)  // a hidden test may check a behaviour a public one shows too
        }
    }
}

/// Counts of lines, so that removing a region's lines keeps a copy that stands elsewhere too.
struct Multiset {
    var counts: [String: Int] = [:]
    init(_ lines: [String]) { for line in lines { counts[line, default: 0] += 1 } }
    mutating func remove(_ lines: [String]) { for line in lines { counts[line, default: 0] -= 1 } }
    var elements: Set<String> { Set(counts.filter { $0.value > 0 }.keys) }
}

/// Exports the student edition of this repository into a new temporary folder.
func exportStudentEdition() throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("student-edition-\(UUID().uuidString)")
    let run = try runTool(builtExecutable("workbook"), ["export", "--root", Repository.root.path, "--student", folder.path])
    guard run.status == 0 else { throw ExportFailure(description: "workbook export failed:\n\(run.outputText)\(run.errorText)") }
    return folder
}

struct ExportFailure: Error, CustomStringConvertible { var description: String }
