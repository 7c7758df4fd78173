// Taking one exercise region out of a student's file and putting it into the instructor's.
//
// Only the lines between `// workbook: begin exercise NAME` and `// workbook: end exercise NAME`
// come from the student. Anything wrong with the markers makes that one exercise ungradable,
// with a reason that names the line, and never touches the other exercises.

import Foundation

/// The lines a student wrote between one exercise's markers.
public struct Region: Sendable, Equatable {
    public var lines: [String]
    /// The student's line number of `lines[0]` (1-based).
    public var firstLine: Int
}

/// Why a region could not be taken: shown to the student as is.
public struct RegionProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

/// Region markers: the exact form the tangler writes, modulo indentation.
enum Marker {
    static func begin(_ name: String) -> String { "// workbook: begin exercise \(name)" }
    static func end(_ name: String) -> String { "// workbook: end exercise \(name)" }

    /// A line that looks like a marker: the students' damage shows up as a near miss.
    static func looksLikeMarker(_ trimmed: String) -> Bool {
        trimmed.hasPrefix("//") && trimmed.contains("workbook") &&
            (trimmed.contains("begin") || trimmed.contains("end") || trimmed.contains("exercise"))
    }
}

/// Splits `text` into lines without their terminators ("\r\n" and "\n").
func splitLines(_ text: String) -> [String] {
    var lines = text.components(separatedBy: "\n")
    if lines.last == "" { lines.removeLast() }
    return lines.map { $0.hasSuffix("\r") ? String($0.dropLast()) : $0 }
}

/// Finds exercise `name`'s region in the bytes of a student's file.
public func extractRegion(named name: String, from data: Data, file: String) throws(RegionProblem) -> Region {
    guard let text = String(data: data, encoding: .utf8) else {
        let bad = firstInvalidUTF8Line(data)
        throw RegionProblem("\(file):\(bad): the file is not valid UTF-8 (save it as UTF-8)")
    }
    let lines = splitLines(text)
    var begins: [Int] = [], ends: [Int] = [], strays: [Int] = []
    for (index, line) in lines.enumerated() {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if trimmed == Marker.begin(name) { begins.append(index) }
        else if trimmed == Marker.end(name) { ends.append(index) }
        else if Marker.looksLikeMarker(trimmed) { strays.append(index) }
    }
    if let stray = strays.first {
        throw RegionProblem("\(file):\(stray + 1): a damaged region marker (`\(lines[stray].trimmingCharacters(in: .whitespaces))`); the markers must read `\(Marker.begin(name))` and `\(Marker.end(name))`, unchanged")
    }
    switch (begins.count, ends.count) {
    case (0, 0):
        throw RegionProblem("\(file): the markers `\(Marker.begin(name))` and `\(Marker.end(name))` are missing; put your code back between them")
    case (0, _):
        throw RegionProblem("\(file): `\(Marker.begin(name))` is missing (the end marker is at line \(ends[0] + 1))")
    case (_, 0):
        throw RegionProblem("\(file):\(begins[0] + 1): `\(Marker.end(name))` is missing after this begin marker")
    case (1, 1):
        guard begins[0] < ends[0] else {
            throw RegionProblem("\(file):\(ends[0] + 1): the end marker comes before the begin marker (line \(begins[0] + 1))")
        }
        return Region(lines: Array(lines[(begins[0] + 1)..<ends[0]]), firstLine: begins[0] + 2)
    default:
        let all = (begins + ends).sorted().map { String($0 + 1) }.joined(separator: ", ")
        throw RegionProblem("\(file): the markers of exercise \(name) appear more than once (lines \(all)); keep exactly one region")
    }
}

/// The 1-based line holding the first byte that is not valid UTF-8.
func firstInvalidUTF8Line(_ data: Data) -> Int {
    var decoder = UTF8()
    var bytes = data.makeIterator()
    var line = 1
    while case .scalarValue(let scalar) = decoder.decode(&bytes) {
        if scalar == "\n" { line += 1 }
    }
    return line
}

/// The instructor's file with exercise `name`'s region replaced by the student's.
///
/// A `#sourceLocation` directive maps the student's lines to `submission/<file>` at the
/// student's own line numbers, so compiler messages and traps name what the student wrote.
/// Directives inside the student's lines are blanked (keeping the numbering), so they cannot
/// redirect messages.
public func splice(_ region: Region, named name: String, into instructorText: String, file: String) throws(RegionProblem) -> String {
    let lines = splitLines(instructorText)
    guard let begin = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == Marker.begin(name) }),
          let end = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == Marker.end(name) }),
          begin < end else {
        throw RegionProblem("the instructor edition's \(file) has no region for exercise \(name)")
    }
    let studentLines = region.lines.map {
        $0.trimmingCharacters(in: .whitespaces).hasPrefix("#sourceLocation") ? "" : $0
    }
    let spliced = lines[...begin]
        + ["#sourceLocation(file: \"\(submissionPrefix)\(file)\", line: \(region.firstLine))"]
        + studentLines
        + ["#sourceLocation()"]
        + lines[end...]
    return spliced.joined(separator: "\n") + "\n"
}

/// The prefix compiler messages carry for the student's lines.
public let submissionPrefix = "submission/"
