// The student edition of the book: every exercise's reference replaced by a starter stub.
//
// An exercise is a chunk marked `exercise=NAME`; the book numbers them in reading order. The
// stub keeps the reference's doc comment and signature, lists the chunk names the reference
// is built from as an outline of TODO comments (they read as the steps), and stops with one
// line that says where to read. It calls the kernel's `panic`, which never returns, so a stub
// of a function with a result compiles. The student edition of a chapter is the chapter with
// each exercise's root block holding its stub and each solution region holding only its
// student part.

/// One exercise of the book.
public struct Exercise: Hashable, Sendable {
    /// 1-based, in reading order.
    public var number: Int
    public var name: String
    /// The chunk that is the exercise's region, and its first block (the root of the region).
    public var chunk: String
    public var root: CodeBlock
    /// The chapter that defines it, relative to the book's root (`Chapters/16-rw.md`).
    public var chapter: String
    /// The GitHub-style anchor of the heading the exercise stands under.
    public var anchor: String
    /// The Swift file under Sources/ that holds the region (`Driver/VirtioDisk+RW.swift`).
    public var file: String

    /// `Exercises/3-rw`: the folder of its statement, hints and tests.
    public var folder: String { "Exercises/\(number)-\(name)" }

    /// The stub's one line, also what a test of an unsolved exercise reports.
    public var notImplementedMessage: String {
        "exercise \(number) (\(name)) is not implemented yet — read \(chapter)#\(anchor) and \(folder)/README.md"
    }
}

public enum StudentEdition {
    /// The book's exercises in reading order. An exercise whose chunk no file uses is left out,
    /// since it has no region a student could edit.
    public static func exercises(in chapters: [Chapter]) -> [Exercise] {
        let files = fileOfEveryChunk(chapters)
        var found: [Exercise] = []
        for chapter in chapters {
            for block in chapter.blocks {
                guard let name = block.attributes.exercise, let chunk = block.attributes.chunk,
                      !found.contains(where: { $0.name == name }), let file = files[chunk] else { continue }
                found.append(Exercise(number: found.count + 1, name: name, chunk: chunk, root: block,
                                      chapter: chapter.path, anchor: anchor(above: block.fence.line, in: chapter),
                                      file: file))
            }
        }
        return found
    }

    /// The starter stub of an exercise, unindented: doc comment, signature, the outline of the
    /// reference's chunk names as `// TODO:` lines, the panic, the closing brace.
    public static func stub(for exercise: Exercise, in chapters: [Chapter]) -> [String] {
        let lines = exercise.root.lines
        var index = 0
        var stub: [String] = []
        while index < lines.count, trimmed(lines[index]).hasPrefix("///") || trimmed(lines[index]).isEmpty {
            stub.append(lines[index])
            index += 1
        }
        let signature = index < lines.count ? lines[index] : ""
        while index < lines.count {
            stub.append(lines[index])
            index += 1
            if trimmed(stub.last!).hasSuffix("{") { break }
        }
        let indentation = String(signature.prefix { $0 == " " }) + "    "
        let blocks = blocksOfEveryChunk(chapters)
        for (name, depth) in outline(exercise.chunk, blocks: blocks, depth: 0) {
            stub.append(indentation + String(repeating: "  ", count: depth) + "// TODO: " + name)
        }
        stub.append(indentation + "platform.panic(\"\(exercise.notImplementedMessage)\")")
        stub.append(String(indentation.dropLast(4)) + "}")
        return stub
    }

    /// A chapter's student edition: exercise roots hold their stubs and solution regions only
    /// their student parts.
    public static func studentText(of chapter: Chapter, exercises: [Exercise], stubs: [String: [String]]) -> String {
        var lines = chapter.lines
        var edits: [(range: Range<Int>, replacement: [String])] = []
        for exercise in exercises where exercise.chapter == chapter.path {
            let first = exercise.root.firstLine.line - 1
            edits.append((first..<first + exercise.root.lines.count, stubs[exercise.name] ?? []))
        }
        // Each mark stands alone with a blank line after it; the blank goes with the mark.
        func throughBlank(_ index: Int) -> Int { index + 1 < lines.count && trimmed(lines[index + 1]).isEmpty ? index + 2 : index + 1 }
        for region in chapter.solutionRegions {
            edits.append((region.solutionMarker - 1..<throughBlank(region.studentMarker - 1), []))
            edits.append((region.endMarker - 1..<throughBlank(region.endMarker - 1), []))
        }
        for edit in edits.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
            lines.replaceSubrange(edit.range, with: edit.replacement)
        }
        return lines.joined(separator: "\n")
    }

    // MARK: Helpers

    /// The anchor of the nearest heading at or above `line` that is not inside a code block.
    static func anchor(above line: Int, in chapter: Chapter) -> String {
        chapter.headings.last { $0.line <= line }?.anchor ?? ""
    }

    /// The names referenced by `chunk`, depth first, with their nesting depth.
    static func outline(_ chunk: String, blocks: [String: [CodeBlock]], depth: Int) -> [(String, Int)] {
        var result: [(String, Int)] = []
        for block in blocks[chunk] ?? [] {
            for line in block.lines {
                guard let found = reference(in: line, at: block.fence) else { continue }
                result.append((found.name, depth))
                result += outline(found.name, blocks: blocks, depth: depth + 1)
            }
        }
        return result
    }

    static func blocksOfEveryChunk(_ chapters: [Chapter]) -> [String: [CodeBlock]] {
        var blocks: [String: [CodeBlock]] = [:]
        for chapter in chapters {
            for block in chapter.blocks { if let chunk = block.attributes.chunk { blocks[chunk, default: []].append(block) } }
        }
        return blocks
    }

    /// The file under Sources/ each chunk ends up in, found by walking down from every root.
    static func fileOfEveryChunk(_ chapters: [Chapter]) -> [String: String] {
        let blocks = blocksOfEveryChunk(chapters)
        var files: [String: String] = [:]
        func visit(_ chunk: String, _ file: String) {
            guard files[chunk] == nil else { return }
            files[chunk] = file
            for block in blocks[chunk] ?? [] {
                for line in block.lines { if let found = reference(in: line, at: block.fence) { visit(found.name, file) } }
            }
        }
        for chapter in chapters {
            for block in chapter.blocks {
                guard let file = block.attributes.file else { continue }
                if let chunk = block.attributes.chunk {
                    visit(chunk, file)
                } else {
                    for line in block.lines { if let found = reference(in: line, at: block.fence) { visit(found.name, file) } }
                }
            }
        }
        return files
    }

    static func trimmed(_ s: String) -> String {
        String(s.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}

/// The reference a code line holds, if it is one (see `scanReference`).
private func reference(in line: String, at position: SourcePosition) -> ChunkReference? {
    if case .reference(let found) = scanReference(line, at: position) { return found }
    return nil
}
