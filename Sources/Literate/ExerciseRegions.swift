// The student edition's exercise regions: the student's own code, which tangle never replaces.
//
// In the student edition, the lines between `// workbook: begin exercise NAME` and
// `// workbook: end exercise NAME` of a generated file belong to the student. Tangling still
// produces the whole file, then takes each region's lines from the file on disk, so `tangle`
// writes around them and `tangle --check` compares everything but them. A region whose markers
// are missing or damaged on disk is an error at the file's line: guessing would lose work.

import Foundation

extension SourceTree {
    /// `files`, with each exercise region's lines taken from the file already on disk.
    /// A file not on disk yet keeps the chapters' region (the stub).
    ///
    /// - Throws: `DiagnosticList` naming `Sources/<path>:<line>` for every region whose markers
    ///   on disk are missing, repeated or out of order.
    func keepingExerciseRegions(_ files: [GeneratedFile]) throws(DiagnosticList) -> [GeneratedFile] {
        var kept: [GeneratedFile] = []
        var problems: [Diagnostic] = []
        for var file in files {
            let wanted = splitLines(file.contents)
            let regions = ExerciseRegion.find(in: wanted, style: CommentStyle(forPath: file.path))
            guard !regions.isEmpty, let bytes = try? readRegularFile(folder.appendingPathComponent(file.path)) else {
                kept.append(file)
                continue
            }
            let onDisk = splitLines(String(decoding: bytes, as: UTF8.self))
            var result = wanted
            // From the last region up, so earlier line numbers stay valid.
            for region in regions.reversed() {
                switch region.lines(in: onDisk, style: CommentStyle(forPath: file.path)) {
                case .success(let lines):
                    result.replaceSubrange(region.inside, with: lines)
                case .failure(let problem):
                    problems.append(Diagnostic(problem.kind, at: SourcePosition(path: Book.sourcesFolder + "/" + file.path, line: problem.line)))
                }
            }
            file.contents = result.joined(separator: "\n")
            kept.append(file)
        }
        if !problems.isEmpty { throw DiagnosticList(problems) }
        return kept
    }
}

/// One exercise region of a generated file: the lines strictly between its two markers.
struct ExerciseRegion {
    var exercise: String
    /// 0-based indices of the lines between the markers.
    var inside: Range<Int>

    static func beginMarker(_ exercise: String, style: CommentStyle) -> String {
        style.lineComment("workbook: begin exercise \(exercise)")
    }

    static func endMarker(_ exercise: String, style: CommentStyle) -> String {
        style.lineComment("workbook: end exercise \(exercise)")
    }

    /// The regions the tangler wrote into `lines` (which it generated, so the markers pair up).
    static func find(in lines: [String], style: CommentStyle) -> [ExerciseRegion] {
        let keyword = "workbook: begin exercise "
        var found: [ExerciseRegion] = []
        for (index, line) in lines.enumerated() {
            let text = line.trimmingWhitespace()
            guard let start = text.range(of: keyword)?.upperBound else { continue }
            let exercise = String(text[start...].prefix { !$0.isWhitespace })
            guard text == beginMarker(exercise, style: style) else { continue }
            let end = endMarker(exercise, style: style)
            if let close = lines[(index + 1)...].firstIndex(where: { $0.trimmingWhitespace() == end }) {
                found.append(ExerciseRegion(exercise: exercise, inside: (index + 1)..<close))
            }
        }
        return found
    }

    struct Problem: Error {
        var kind: Diagnostic.Kind
        var line: Int
    }

    /// This region's lines in the file on disk.
    func lines(in onDisk: [String], style: CommentStyle) -> Result<[String], Problem> {
        let begin = Self.beginMarker(exercise, style: style), end = Self.endMarker(exercise, style: style)
        let begins = onDisk.indices.filter { onDisk[$0].trimmingWhitespace() == begin }
        let ends = onDisk.indices.filter { onDisk[$0].trimmingWhitespace() == end }
        guard begins.count == 1, ends.count == 1, begins[0] < ends[0] else {
            let line = (begins.first ?? ends.first ?? 0) + 1
            return .failure(Problem(kind: .damagedExerciseRegion(exercise: exercise, begins: begins.count, ends: ends.count), line: line))
        }
        return .success(Array(onDisk[(begins[0] + 1)..<ends[0]]))
    }
}
