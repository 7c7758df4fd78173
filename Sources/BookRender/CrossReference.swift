// Where every tangled block stands in the book and in Sources/: its number (§16.3), its page
// and anchor, the chunk it defines or continues, the blocks that use that chunk, and the file
// and line the tangler wrote its first line to.
//
// Locations come from the tangler's own output: each line directive it writes says which
// chapter line the next generated line came from, so the map is exact, references included.
import Literate

/// Identifies a code block: its chapter and the line of its opening fence.
struct BlockKey: Hashable {
    var path: String
    var fenceLine: Int
}

/// A tangled block as the book shows it.
struct NumberedBlock {
    var key: BlockKey
    /// "16.3": the chapter's number and the block's place among its tangled blocks.
    var number: String
    var page: String
    var anchor: String
    /// The chunk key (a chunk's name, or the file it is the unnamed root of).
    var chunk: String
    var href: String { page + "#" + anchor }
    var label: String { "§" + number }
}

/// A line of a generated file.
struct TangledLocation: Hashable {
    var file: String
    var line: Int
    var description: String { "Sources/\(file):\(line)" }
}

struct CrossReference {
    private(set) var blocks: [BlockKey: NumberedBlock] = [:]
    /// Per chunk key, its blocks in book order (the first defines, the rest continue).
    private(set) var definitions: [String: [BlockKey]] = [:]
    /// Per chunk key, the blocks whose `<<name>>` lines use it.
    private(set) var uses: [String: [BlockKey]] = [:]
    /// Chapter path → chapter line → where the tangler wrote it.
    private var lineMap: [String: [Int: TangledLocation]] = [:]
    /// Chunk key → the file it is the root of.
    private(set) var roots: [String: String] = [:]
    /// Each generated file's lines, to tell top-level declarations from members.
    private var generatedLines: [String: [Substring]] = [:]

    init(chapters: [Chapter], files: [GeneratedFile]) {
        for chapter in chapters {
            var count = 0
            let page = Page.chapterPage(chapter.path)
            for block in chapter.blocks where block.isTangled {
                count += 1
                let key = BlockKey(path: chapter.path, fenceLine: block.fence.line)
                let chunk = Self.chunkKey(block)
                blocks[key] = NumberedBlock(key: key, number: "\(Int(Page.chapterNumber(chapter.path)) ?? 0).\(count)",
                                            page: page, anchor: "chunk-\(count)", chunk: chunk)
                definitions[chunk, default: []].append(key)
                if let file = block.attributes.file { roots[chunk] = file }
                for line in block.lines {
                    if let name = referencedChunk(in: line), uses[name]?.last != key {
                        uses[name, default: []].append(key)
                    }
                }
            }
        }
        for file in files { map(file) }
    }

    /// The key the tangler files a block under: its chunk's name, or its file for unnamed roots.
    static func chunkKey(_ block: CodeBlock) -> String {
        block.attributes.chunk ?? "file=" + (block.attributes.file ?? "")
    }

    /// A chunk's name as a reader sees it.
    static func displayName(_ chunk: String) -> String {
        chunk.hasPrefix("file=") ? "Sources/" + chunk.dropFirst(5) : chunk
    }

    /// Where the tangler wrote a chapter's line, if it did.
    func location(path: String, line: Int) -> TangledLocation? { lineMap[path]?[line] }

    /// Whether the generated line starts at its file's first column (a top-level declaration
    /// there, not a member spliced into a type's body).
    func isUnindented(_ location: TangledLocation) -> Bool {
        guard let lines = generatedLines[location.file], location.line <= lines.count else { return false }
        return lines[location.line - 1].first.map { $0 != " " && $0 != "\t" } ?? false
    }

    func block(_ key: BlockKey) -> NumberedBlock? { blocks[key] }

    /// The first block defining a chunk.
    func definition(of chunk: String) -> NumberedBlock? { definitions[chunk]?.first.flatMap { blocks[$0] } }

    /// Reads the directives of one generated file into the line map.
    private mutating func map(_ file: GeneratedFile) {
        var current: (path: String, line: Int)?
        let lines = file.contents.split(separator: "\n", omittingEmptySubsequences: false)
        generatedLines[file.path] = lines
        for (index, line) in lines.enumerated() {
            let trimmed = line.trimmingSpaces
            if let directive = Self.directive(trimmed) {
                current = directive
                continue
            }
            if trimmed == "#sourceLocation()" { current = nil; continue }
            guard let source = current else { continue }
            if lineMap[source.path]?[source.line] == nil {
                lineMap[source.path, default: [:]][source.line] = TangledLocation(file: file.path, line: index + 1)
            }
            current = (source.path, source.line + 1)
        }
    }

    /// The chapter and line a `#sourceLocation(file:line:)` or `#line N "file"` directive names.
    private static func directive(_ line: String) -> (path: String, line: Int)? {
        if line.hasPrefix("#sourceLocation(file: \""), let close = line.range(of: "\", line: ") {
            let path = String(line[line.index(line.startIndex, offsetBy: 23)..<close.lowerBound])
            guard let number = Int(line[close.upperBound...].dropLast()) else { return nil }
            return (path, number)
        }
        if line.hasPrefix("#line ") {
            let parts = line.split(separator: " ", maxSplits: 2)
            guard parts.count == 3, let number = Int(parts[1]) else { return nil }
            return (String(parts[2].dropFirst().dropLast()), number)
        }
        return nil
    }
}

/// The chunk a `<<name>>` line refers to, or nil for any other line.
func referencedChunk(in line: String) -> String? {
    let trimmed = line.trimmingSpaces
    guard trimmed.count > 4, trimmed.hasPrefix("<<"), trimmed.hasSuffix(">>") else { return nil }
    let name = String(trimmed.dropFirst(2).dropLast(2))
    return name.contains("<<") || name.contains(">>") ? nil : name
}
