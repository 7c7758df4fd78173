// Diagnostics: every problem the book tool finds in a chapter, with the place it was found.
//
// A diagnostic names `path:line:` first, the way compilers do, so editors and CI logs can
// jump to it. All wording lives in `message`; the cases carry only the facts.

/// Where something stands in the book: a chapter path (relative to the book's root) and a
/// 1-based line number.
public struct SourcePosition: Hashable, Sendable, CustomStringConvertible {
    public var path: String
    public var line: Int

    public init(path: String, line: Int) {
        self.path = path
        self.line = line
    }

    public var description: String { "\(path):\(line)" }
}

/// One problem in the chapters.
public struct Diagnostic: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning }

    public enum Kind: Hashable, Sendable {
        case unreadableChapter(reason: String)
        case notUTF8
        case missingLanguage
        case malformedAttribute(detail: String)
        case undefinedReference(name: String, suggestion: String?)
        case cyclicReference(cycle: [String])
        case unsafeTargetPath(path: String, reason: String)
        case conflictingRoots(path: String, first: String, firstPosition: SourcePosition, second: String)
        case conflictingExercise(chunk: String, first: String, second: String)
        case exerciseOnTwoChunks(exercise: String, first: String, firstPosition: SourcePosition)
        case overwritesHandWrittenFile(path: String)
        case unusedChunk(name: String)
        case chunkUsedAgain(name: String, first: SourcePosition)
        // The three mark-ups that are not code.
        case nulByte
        case missingAttribute(language: String, key: String)
        case unknownDiagramView(view: String)
        case unknownExercise(name: String, usedBy: String, suggestion: String?)
        case workbookCommentNotAlone
        case unknownWorkbookComment(text: String)
        case nestedSolutionRegion(exercise: String, outer: String, outerLine: Int)
        case markerOutsideRegion(marker: String)
        case studentMarkerAgain(exercise: String, first: Int)
        case unclosedSolutionRegion(exercise: String)
        case missingStudentPart(exercise: String)
        case emptyStudentPart(exercise: String)
        /// `regionsExist`: the exercise has solution regions already, so the leak is an error.
        case referenceCodeOutsideSolution(exercise: String, chunk: String, regionsExist: Bool)
        case exerciseChunkInsideSolution(exercise: String)
        case sharedCodeInsideSolution(exercise: String, chunk: String)
        // References and targets.
        case chapterNameHasControlCharacter
        case unclosedFence
        case fenceInsideCode
        case targetBlockedOnDisk(path: String, blocker: String, reason: String)
        case malformedReference(detail: String)
        case nestedTooDeep(root: String, limit: Int, chunk: String)
        case fileTooLarge(path: String, limit: Int)
        case targetsDifferOnlyIn(path: String, other: String, otherPosition: SourcePosition, how: String)
        case targetInsideTarget(path: String, file: String, filePosition: SourcePosition)
        /// The student edition: a region's markers in a generated file on disk.
        case damagedExerciseRegion(exercise: String, begins: Int, ends: Int)
    }

    public var position: SourcePosition
    public var kind: Kind

    public init(_ kind: Kind, at position: SourcePosition) {
        self.kind = kind
        self.position = position
    }

    public var severity: Severity {
        switch kind {
        case .unusedChunk, .chunkUsedAgain: return .warning
        case .referenceCodeOutsideSolution(_, _, let regionsExist): return regionsExist ? .error : .warning
        default: return .error
        }
    }

    /// The sentence after `path:line: error:`.
    public var message: String {
        switch kind {
        case .unreadableChapter(let reason):
            return "cannot read chapter: \(reason)"
        case .notUTF8:
            return "chapter is not valid UTF-8 (first bad byte on this line); save it as UTF-8"
        case .missingLanguage:
            return "code block has no language; write ```swift (or ```text for prose examples)"
        case .malformedAttribute(let detail):
            return "malformed attribute: \(detail)"
        case .undefinedReference(let name, let suggestion):
            var text = "chunk '\(name)' is used but never defined"
            if let suggestion { text += "; did you mean '\(suggestion)'?" }
            return text
        case .cyclicReference(let cycle):
            let names = cycle.map { "'\($0)'" }
            let shown = names.count <= 10 ? names : names.prefix(5) + ["… \(names.count - 9) more …"] + names.suffix(4)
            return "cyclic reference: " + shown.joined(separator: " → ")
        case .unsafeTargetPath(let path, let reason):
            return "file target '\(path)' \(reason); name a path inside Sources/, such as Driver/VirtioDisk.swift"
        case .conflictingRoots(let path, let first, let firstPosition, let second):
            return "two roots write Sources/\(path): \(first) (at \(firstPosition)) and \(second)"
        case .conflictingExercise(let chunk, let first, let second):
            return "chunk '\(chunk)' is marked exercise=\(second) here but exercise=\(first) before"
        case .exerciseOnTwoChunks(let exercise, let first, let firstPosition):
            return "exercise=\(exercise) marks a second chunk; it already marks '\(first)' (at \(firstPosition)), "
                + "and an exercise is one region of one file"
        case .overwritesHandWrittenFile(let path):
            return "file target Sources/\(path) exists and was not generated by workbook tangle; refusing to overwrite it"
        case .unusedChunk(let name):
            return "chunk '\(name)' is defined but never used or written to a file"
        case .chunkUsedAgain(let name, let first):
            return "chunk '\(name)' is used again (first at \(first)); each use gets its own copy of every "
                + "block with that name, so if these are different chunks, rename one"
        case .nulByte:
            return "chapter holds a NUL byte on this line; remove it"
        case .missingAttribute(let language, let key):
            let example = language == ExerciseCallout.language
                ? "```exercise name=rw"
                : "```diagram view=rings scenario=one-read moment=submitted caption=\"The rings after one read\""
            return "```\(language) block has no \(key)=; write, for example, \(example)"
        case .unknownDiagramView(let view):
            let known = Diagram.View.allCases.map(\.rawValue).joined(separator: ", ")
            return "diagram view '\(view)' is unknown (known views: \(known))"
        case .unknownExercise(let name, let usedBy, let suggestion):
            var text = "\(usedBy) names exercise '\(name)', but no chunk is marked exercise=\(name)"
            if let suggestion { text += "; did you mean '\(suggestion)'?" }
            return text
        case .workbookCommentNotAlone:
            return "a <!-- workbook: ... --> comment must stand alone as a top-level block (a line of its own, "
                + "not inside a paragraph, list or quote)"
        case .unknownWorkbookComment(let text):
            return "unknown workbook comment \(text); the markers are <!-- workbook: solution NAME -->, "
                + "<!-- workbook: student --> and <!-- workbook: end solution -->"
        case .nestedSolutionRegion(let exercise, let outer, let outerLine):
            return "solution region of '\(exercise)' opens inside the solution region of '\(outer)' (opened at line "
                + "\(outerLine)); regions do not nest: end that one first with <!-- workbook: end solution -->"
        case .markerOutsideRegion(let marker):
            return "<!-- workbook: \(marker) --> outside a solution region; open one with <!-- workbook: solution NAME -->"
        case .studentMarkerAgain(let exercise, let first):
            return "second <!-- workbook: student --> in the solution region of '\(exercise)' (the first is at line \(first))"
        case .unclosedSolutionRegion(let exercise):
            return "solution region of '\(exercise)' is never closed; end it with <!-- workbook: end solution -->"
        case .missingStudentPart(let exercise):
            return "solution region of '\(exercise)' has no student part; before this line, add <!-- workbook: student --> "
                + "and what the student should achieve"
        case .emptyStudentPart(let exercise):
            return "the student part of the solution region of '\(exercise)' is empty; say what the student should "
                + "achieve and why"
        case .referenceCodeOutsideSolution(let exercise, let chunk, _):
            return "the student edition would show reference code of exercise \(exercise) here (chunk '\(chunk)', "
                + "used only by the exercise); put this block inside a <!-- workbook: solution \(exercise) --> region"
        case .exerciseChunkInsideSolution(let exercise):
            return "the block of exercise \(exercise)'s own chunk must stand outside solution regions: the student "
                + "edition replaces its code with the stub"
        case .sharedCodeInsideSolution(let exercise, let chunk):
            return "this block of '\(chunk)' stands in a solution region of exercise \(exercise), but the chunk is not "
                + "used only by that exercise; the student edition would lose it: move it out of the region"
        case .unclosedFence:
            return "code block is never closed: it runs to the end of the chapter (or of its list item or quote); "
                + "add the closing fence"
        case .fenceInsideCode:
            return "a fence with a language stands inside a tangled code block; is the closing fence of the block above missing?"
        case .chapterNameHasControlCharacter:
            return "chapter file name contains a line break or other control character; rename the file"
        case .targetBlockedOnDisk(let path, let blocker, let reason):
            return "file target Sources/\(path) cannot be written: Sources/\(blocker) \(reason)"
        case .malformedReference(let detail):
            return "malformed reference: \(detail)"
        case .nestedTooDeep(let root, let limit, let chunk):
            return "references nest more than \(limit) levels deep below '\(root)' here (reaching '\(chunk)'); "
                + "the tangler expands at most \(limit) levels: flatten the chain"
        case .fileTooLarge(let path, let limit):
            return "Sources/\(path) would have more than \(limit) lines: chunks used many times by chunks used many "
                + "times multiply; see the 'used again' warnings"
        case .targetsDifferOnlyIn(let path, let other, let otherPosition, let how):
            return "file target '\(path)' differs from '\(other)' (at \(otherPosition)) only in \(how); "
                + "name one file one way"
        case .targetInsideTarget(let path, let file, let filePosition):
            return "file target '\(path)' needs a folder Sources/\(file), but file target '\(file)' (at \(filePosition)) "
                + "writes a file there"
        case .damagedExerciseRegion(let exercise, let begins, let ends):
            let found = begins == 1 && ends == 1 ? "its end marker comes before its begin marker"
                : "this file has \(Self.count(begins, "begin marker")) and \(Self.count(ends, "end marker"))"
            return "the student's region of exercise \(exercise) needs one `workbook: begin exercise \(exercise)` line "
                + "and, after it, one `workbook: end exercise \(exercise)` line, but \(found); restore the markers "
                + "around your code (tangle never overwrites it)"
        }
    }

    public var description: String { "\(position): \(severity.rawValue): \(message)" }

    private static func count(_ n: Int, _ what: String) -> String { n == 1 ? "one \(what)" : "\(n == 0 ? "no" : "\(n)") \(what)s" }
}

/// All the errors found in one pass, thrown together so an author fixes them in one go.
public struct DiagnosticList: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

extension Array where Element == Diagnostic {
    /// Book order: chapter path, then line, then message.
    func sortedByPosition() -> [Diagnostic] {
        sorted { ($0.position.path, $0.position.line, $0.message) < ($1.position.path, $1.position.line, $1.message) }
    }
}
