// The exercise regions of a Swift file: the lines between `// workbook: begin exercise NAME`
// and `// workbook: end exercise NAME`, which are the only lines a student edits.
//
// In the student edition a region carries no `#sourceLocation` back to a chapter: its first
// line is `#sourceLocation()`, so the compiler names the Swift file and the line the student is
// looking at. (It stands inside the region because tangle keeps exactly the region's lines.)

import Foundation
import Literate

struct RegionError: Error, CustomStringConvertible {
    var description: String
}

/// One Swift file with its exercise regions, as lines.
struct RegionFile {
    var path: String
    var lines: [String]

    init(path: String, text: String) {
        self.path = path
        lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    init(reading url: URL, displayPath: String) throws {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw RegionError(description: "error: cannot read \(displayPath)")
        }
        self.init(path: displayPath, text: text)
    }

    var text: String { lines.joined(separator: "\n") }

    static func beginMarker(_ name: String) -> String { "// workbook: begin exercise \(name)" }
    static func endMarker(_ name: String) -> String { "// workbook: end exercise \(name)" }

    /// The indices of the two marker lines of exercise `name`.
    func markers(_ name: String) throws -> (begin: Int, end: Int) {
        let trimmedLines = lines.map { $0.trimmingCharacters(in: .whitespaces) }
        guard let begin = trimmedLines.firstIndex(of: Self.beginMarker(name)) else {
            throw RegionError(description: "\(path): error: no line `\(Self.beginMarker(name))`; "
                + "the region's markers must stay where they are (`workbook reset \(name)` puts them back)")
        }
        guard let end = trimmedLines[(begin + 1)...].firstIndex(of: Self.endMarker(name)) else {
            throw RegionError(description: "\(path):\(begin + 1): error: exercise \(name) begins here but "
                + "no line `\(Self.endMarker(name))` ends it")
        }
        return (begin, end)
    }

    /// The lines inside the region, without the markers.
    func body(_ name: String) throws -> [String] {
        let (begin, end) = try markers(name)
        return Array(lines[(begin + 1)..<end])
    }

    /// The indentation of the region's begin marker.
    func indentation(_ name: String) throws -> String {
        String(lines[try markers(name).begin].prefix { $0 == " " || $0 == "\t" })
    }

    /// Replaces the region's body with `body`.
    mutating func replaceBody(_ name: String, with body: [String]) throws {
        let (begin, end) = try markers(name)
        lines.replaceSubrange((begin + 1)..<end, with: body)
    }

    /// Turns a region as the tangler wrote it (with directives into the chapter) into the
    /// student edition's: `#sourceLocation()`, then `body` (unindented) indented like the marker.
    mutating func makeStudentRegion(_ name: String, body: [String]) throws {
        let indentation = try indentation(name)
        let code = body.filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("#sourceLocation") }
        try replaceBody(name, with: [indentation + Self.resetDirective] + code.map { $0.isEmpty ? "" : indentation + $0 })
    }

    static let resetDirective = "#sourceLocation()"
}

extension Exercise {
    /// The Swift file that holds this exercise's region, under the book's root.
    func sourceURL(root: URL) -> URL { root.appendingPathComponent("Sources").appendingPathComponent(file) }
    var sourcePath: String { "Sources/" + file }
}

extension ImageBuilder {
    /// The exercises whose regions the compiler's errors point into (`Sources/…swift:LINE:…: error:`),
    /// as `exercise N (name)`. Only student-edition regions can be named, since the instructor
    /// edition's errors point at the chapters.
    func exercisesBlamed(by compilerOutput: String) -> [String] {
        guard let chapters = try? Book.load(root: root).chapters else { return [] }
        var blamed: [String] = []
        for exercise in StudentEdition.exercises(in: chapters) {
            guard let file = try? RegionFile(reading: exercise.sourceURL(root: root), displayPath: exercise.sourcePath),
                  let (begin, end) = try? file.markers(exercise.name) else { continue }
            let hit = compilerOutput.split(separator: "\n").contains { line in
                guard let range = line.range(of: exercise.sourcePath + ":"), line.contains("error:") else { return false }
                let number = Int(line[range.upperBound...].prefix { $0.isNumber }) ?? 0
                return number > begin && number <= end + 1
            }
            if hit { blamed.append("exercise \(exercise.number) (\(exercise.name))") }
        }
        return blamed
    }
}
