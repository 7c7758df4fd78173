// Solution regions: the `<!-- workbook: … -->` comments that split a chapter's prose into what
// the instructor edition shows and what the student edition shows instead.
//
// Each marker is an HTML comment standing alone as a top-level block, so that removing a
// region's lines never breaks a list or a quote around it. Any comment that starts with
// `workbook:` (in any case) but is not one of the three markers is an error: a typo must never
// leave solution prose in the student edition.

/// One of the three markers.
enum RegionMarker: Equatable {
    case solution(exercise: String)
    case student
    case end

    /// What an HTML block or inline comment holds, as far as the tool cares.
    enum Reading {
        case marker(RegionMarker)
        case problem(Diagnostic.Kind)
    }

    /// Reads a marker from the text of an HTML block or inline HTML.
    ///
    /// - Returns: nil when the text holds no workbook comment at all.
    static func read(_ text: String) -> Reading? {
        guard containsWorkbookComment(text) else { return nil }
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.contains(where: \.isNewline), trimmed.hasPrefix("<!--"), trimmed.hasSuffix("-->"),
              trimmed.count >= 7, trimmed.dropFirst(4).dropLast(3).range(of: "-->") == nil else {
            return .problem(.workbookCommentNotAlone)
        }
        let words = trimmed.dropFirst(4).dropLast(3).split(whereSeparator: \.isWhitespace)
        if words.count == 3, words[0] == "workbook:", words[1] == "solution" { return .marker(.solution(exercise: String(words[2]))) }
        if words == ["workbook:", "student"] { return .marker(.student) }
        if words == ["workbook:", "end", "solution"] { return .marker(.end) }
        return .problem(.unknownWorkbookComment(text: String(trimmed)))
    }

    /// Whether `text` holds `<!--`, optional white space, then `workbook` in any case.
    static func containsWorkbookComment(_ text: String) -> Bool {
        var rest = Substring(text)
        while let open = rest.range(of: "<!--") {
            rest = rest[open.upperBound...]
            if rest.drop(while: \.isWhitespace).prefix(8).lowercased() == "workbook" { return true }
        }
        return false
    }
}

/// Pairs markers into regions as the parser meets them, top to bottom.
struct RegionCollector {
    let path: String
    /// The chapter's lines, to tell an empty student part from a real one.
    let lines: SourceLines
    private var open: (exercise: String, line: Int, student: Int?)?
    private(set) var regions: [SolutionRegion] = []
    private(set) var problems: [Diagnostic] = []

    init(path: String, lines: SourceLines) {
        self.path = path
        self.lines = lines
    }

    mutating func add(_ marker: RegionMarker, line: Int) {
        let position = SourcePosition(path: path, line: line)
        switch (marker, open) {
        case (.solution(let exercise), nil):
            open = (exercise, line, nil)
        case (.solution(let exercise), let outer?):
            problems.append(Diagnostic(.nestedSolutionRegion(exercise: exercise, outer: outer.exercise, outerLine: outer.line), at: position))
        case (.student, nil):
            problems.append(Diagnostic(.markerOutsideRegion(marker: "student"), at: position))
        case (.student, let region?):
            if let first = region.student {
                problems.append(Diagnostic(.studentMarkerAgain(exercise: region.exercise, first: first), at: position))
            } else {
                open?.student = line
            }
        case (.end, nil):
            problems.append(Diagnostic(.markerOutsideRegion(marker: "end solution"), at: position))
        case (.end, let region?):
            open = nil
            guard let student = region.student else {
                problems.append(Diagnostic(.missingStudentPart(exercise: region.exercise), at: position))
                return
            }
            let studentLines = (student + 1)..<line
            if studentLines.allSatisfy({ lines.text(line: $0, fromColumn: 1)?.allSatisfy(isBlankByte) ?? true }) {
                problems.append(Diagnostic(.emptyStudentPart(exercise: region.exercise), at: SourcePosition(path: path, line: student)))
                return
            }
            regions.append(SolutionRegion(path: path, exercise: region.exercise, solutionMarker: region.line,
                                          studentMarker: student, endMarker: line))
        }
    }

    /// Reports a region still open at the end of the chapter.
    mutating func finish() {
        if let region = open {
            problems.append(Diagnostic(.unclosedSolutionRegion(exercise: region.exercise), at: SourcePosition(path: path, line: region.line)))
            open = nil
        }
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> SubSequence {
        let start = firstIndex { !$0.isWhitespace } ?? endIndex
        let end = lastIndex { !$0.isWhitespace }.map(index(after:)) ?? start
        return self[start..<end]
    }
}

private func isBlankByte(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
}
