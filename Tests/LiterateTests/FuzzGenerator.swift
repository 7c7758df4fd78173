// Builds the fuzz test's chapters: the book's own blocks in random containers, with random
// line ends, and at most one deliberate break. See FuzzTests.swift.

@testable import Literate

struct GeneratedChapter {
    var path: String
    var text: String
    /// The same chapter without the break (equal to `text` in a clean book).
    var cleanText: String
    var fenceLines: [Int] = []
    var diagramLines: [Int] = []
}

struct Breakage {
    var what: String
    var path: String
    var line: Int
    /// The error may stand on any later line of the chapter (a missing closing fence is
    /// noticed where the swallowed text first makes no sense).
    var orLater = false
}

struct GeneratedBook {
    var chapters: [GeneratedChapter]
    var roots: [String]
    var breakage: Breakage?
}

struct ChapterGenerator {
    let material: BookMaterial
    var random: SplitMix64

    enum Break: CaseIterable { case noLanguage, unknownKey, trailingText, misspeltReference, unclosedRegion, missingCloser }

    mutating func makeBook(broken: Bool) -> GeneratedBook {
        let all = material.roots.keys.sorted()
        let roots = Array(Set((0..<Int.random(in: 1...3, using: &random)).map { _ in all.randomElement(using: &random)! })).sorted()
        let blocks = material.blocks(reachedFrom: roots)
        let count = min(Int.random(in: 1...3, using: &random), blocks.count)
        var cuts = Set<Int>()
        while cuts.count < count - 1 { cuts.insert(Int.random(in: 1..<blocks.count, using: &random)) }
        let bounds = [0] + cuts.sorted() + [blocks.count]

        let target = broken ? (chapter: Int.random(in: 0..<count, using: &random), kind: Break.allCases.randomElement(using: &random)!) : nil
        var chapters: [GeneratedChapter] = []
        var breakage: Breakage?
        for index in 0..<count {
            let path = "Chapters/\(String(format: "%02d", index + 1))-fuzz.md"
            let part = Array(blocks[bounds[index]..<bounds[index + 1]])
            var writer = ChapterWriter(random: random)
            var clean = ChapterWriter(random: random)
            let breakHere = target?.chapter == index ? target : nil
            let at = breakHere.map { _ in Int.random(in: 0..<part.count, using: &random) }
            writer.write(part, breaking: breakHere.map { ($0.kind, at!) })
            clean.write(part, breaking: nil)
            random = writer.random
            var chapter = GeneratedChapter(path: path, text: writer.text(), cleanText: clean.text())
            chapter.fenceLines = clean.fenceLines
            chapter.diagramLines = clean.diagramLines
            if let broke = writer.broke {
                breakage = Breakage(what: broke.what, path: path, line: broke.line, orLater: breakHere?.kind == .missingCloser)
            }
            chapters.append(chapter)
        }
        return GeneratedBook(chapters: chapters, roots: roots, breakage: breakage)
    }
}

/// Writes one chapter line by line, counting lines as cmark does.
struct ChapterWriter {
    var random: SplitMix64
    private var lines: [String] = []
    private(set) var fenceLines: [Int] = []
    private(set) var diagramLines: [Int] = []
    private(set) var broke: (what: String, line: Int)?
    private var byteOrderMark = false

    init(random: SplitMix64) { self.random = random }

    mutating func write(_ blocks: [CodeBlock], breaking: (kind: ChapterGenerator.Break, at: Int)?) {
        byteOrderMark = Int.random(in: 0..<5, using: &random) == 0
        if Bool.random(using: &random) { prose() }
        for (index, block) in blocks.enumerated() {
            var kind = breaking?.at == index ? breaking?.kind : nil
            let referenceLine = block.lines.firstIndex { if case .reference = scanReference($0, at: block.fence) { return true }; return false }
            if (kind == .trailingText || kind == .misspeltReference) && referenceLine == nil { kind = .noLanguage }
            if kind == .unclosedRegion {
                broke = ("an unclosed solution region", lines.count + 1)
                lines += ["<!-- workbook: solution rw -->", ""]
            }
            codeBlock(block, breaking: kind, referenceLine: referenceLine)
            prose()
            switch Int.random(in: 0..<10, using: &random) {
            case 0: illustration()
            case 1: diagram()
            default: break
            }
        }
    }

    private mutating func prose() {
        lines.append("Prose \(lines.count): what the driver writes and what the device reads.")
        if Bool.random(using: &random) { lines.append("A second line of the same paragraph.") }
        lines.append("")
    }

    /// An indented code block that shows a fence: an illustration, never tangled.
    private mutating func illustration() {
        lines += ["    ```swift file=Shown/Example.swift", "    let shown = 1", "    ```", ""]
        prose()
    }

    private mutating func diagram() {
        diagramLines.append(lines.count + 1)
        lines += ["```diagram view=rings scenario=one-read caption=\"Figure \(lines.count)\"", "[ring]", "```", ""]
        prose()
    }

    private mutating func codeBlock(_ block: CodeBlock, breaking kind: ChapterGenerator.Break?, referenceLine: Int?) {
        var info = infoString(block)
        var code = block.lines
        switch kind {
        case .noLanguage: info = ""
        case .unknownKey: info += " colour=red"
        case .trailingText: code[referenceLine!] += " // x"
        case .misspeltReference: code[referenceLine!] = code[referenceLine!].replacingOccurrences(of: ">>", with: " (misspelt)>>")
        case .unclosedRegion, .missingCloser, nil: break
        }
        let character: Character = info.contains("`") ? "~" : "`"
        let longest = block.lines.map { $0.trimmingWhitespace().prefix { $0 == character }.count }.max() ?? 0
        let fence = String(repeating: character, count: max(3, longest + 1))

        let (first, rest): (String, String)
        switch Int.random(in: 0..<8, using: &random) {
        case 0, 1: (first, rest) = ("", "")
        case 2: let spaces = String(repeating: " ", count: Int.random(in: 1...3, using: &random)); (first, rest) = (spaces, spaces)
        case 3: (first, rest) = (["- ", "* ", "+ "].randomElement(using: &random)!, "  ")
        case 4: let marker = ["1. ", "2) ", "10. "].randomElement(using: &random)!; (first, rest) = (marker, String(repeating: " ", count: marker.count))
        case 5: (first, rest) = ("> ", "> ")
        case 6: (first, rest) = ("- > ", "  > ")
        default: (first, rest) = ("> - ", ">   ")
        }
        let fenceLine = lines.count + 1
        fenceLines.append(fenceLine)
        switch kind {
        case .noLanguage, .unknownKey: broke = (kind == .noLanguage ? "a fence without a language" : "an unknown key", fenceLine)
        case .trailingText, .misspeltReference: broke = ("a broken reference", fenceLine + 1 + referenceLine!)
        case .missingCloser: broke = ("a missing closing fence", fenceLine)
        default: break
        }
        lines.append(first + fence + info)
        // An empty line keeps the container's markers (a list item's spaces are not needed).
        let emptyLine = String(rest.reversed().drop { $0 == " " }.reversed())
        for line in code { lines.append(line.isEmpty ? emptyLine : rest + line) }
        if kind != .missingCloser { lines.append(rest + fence) }
        lines.append("")
    }

    private func infoString(_ block: CodeBlock) -> String {
        func quoted(_ value: String) -> String {
            "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        var parts = [block.language]
        if let chunk = block.attributes.chunk { parts.append("chunk=" + quoted(chunk)) }
        if let file = block.attributes.file { parts.append("file=" + quoted(file)) }
        if let exercise = block.attributes.exercise { parts.append("exercise=" + exercise) }
        return parts.joined(separator: " ")
    }

    /// The chapter's text: each line ends at LF, CRLF or a lone CR (a CR is never followed by
    /// the LF of an empty line, which would make the two one line end).
    func text() -> String {
        var random = self.random
        var out = byteOrderMark ? "\u{FEFF}" : ""
        var previous = "\n"
        for line in lines {
            var end = ["\n", "\n", "\n", "\n", "\n", "\n", "\r\n", "\r"].randomElement(using: &random)!
            if previous == "\r" && line.isEmpty && end == "\n" { end = "\r" }
            out += line + end
            previous = end
        }
        return out
    }
}
