// Fuzzing the parser and the tangler with chapters built from the book's own blocks.
//
// Each case takes the blocks of one to three of the book's files (every block of every chunk
// they reach, in book order), spreads them over one to three chapters with prose between, and
// writes each block in a random container: plain, indented by up to three spaces, a bullet or
// numbered list item, a block quote, a quote in a list. Lines end at LF, CRLF or a lone CR; a
// chapter may start with a byte-order mark; indented illustrations and diagrams stand between.
// A third of the cases also break one thing an author might break.
//
// A clean case must find every fenced block at its line and produce each file exactly as the
// real book does (apart from line directives). A broken case must be refused with the broken
// line among its diagnostics, every diagnostic naming a chapter line, and change nothing under
// Sources/. WORKBOOK_FUZZ_CASES (default 300) and WORKBOOK_FUZZ_SEED choose how many and which.

import Foundation
import Testing
@testable import Literate

@Suite("Fuzz: chapters built from the book's own blocks")
struct FuzzTests {
    static let environment = ProcessInfo.processInfo.environment
    static let cases = Int(environment["WORKBOOK_FUZZ_CASES"] ?? "") ?? 300
    static let seed = UInt64(environment["WORKBOOK_FUZZ_SEED"] ?? "") ?? 0x5EED_B00C

    @Test("Every fenced block is tangled, illustrated or refused at its line; refused runs write nothing")
    func fuzz() throws {
        let material = try BookMaterial.load()
        var random = SplitMix64(seed: Self.seed)
        var refused = 0
        for index in 0..<Self.cases {
            let caseSeed = random.next()
            var generator = ChapterGenerator(material: material, random: SplitMix64(seed: caseSeed))
            let book = generator.makeBook(broken: index % 3 == 2)
            let label = "case \(index) (WORKBOOK_FUZZ_SEED=\(Self.seed), case seed \(caseSeed), break: \(book.breakage?.what ?? "none"))"
            if book.breakage == nil {
                try checkClean(book, material: material, label: label)
            } else {
                refused += 1
                try checkRefused(book, label: label)
            }
        }
        print("fuzz: \(Self.cases) generated books (\(refused) broken), seed \(Self.seed)")
    }

    func checkClean(_ book: GeneratedBook, material: BookMaterial, label: String) throws {
        let chapters: [Chapter]
        do {
            chapters = try book.chapters.map { try ChapterParser.parse(bytes: Array($0.text.utf8), path: $0.path) }
        } catch {
            Issue.record("\(label): a clean chapter was refused: \(error)")
            dump(book, label: label)
            return
        }
        for (chapter, generated) in zip(chapters, book.chapters) {
            #expect(chapter.blocks.map(\.fence.line) == generated.fenceLines, "\(label): \(chapter.path)")
            #expect(chapter.diagrams.map(\.fence.line) == generated.diagramLines, "\(label): \(chapter.path)")
            let lines = splitLines(generated.text)
            for block in chapter.blocks {
                for (offset, code) in block.lines.enumerated() where !lines[block.firstLine.line + offset - 1].hasSuffix(code) {
                    Issue.record("\(label): \(chapter.path):\(block.firstLine.line + offset) does not hold \(code)")
                }
            }
        }
        let result = try Tangler.tangle(chapters)
        let produced = Dictionary(uniqueKeysWithValues: result.files.map { ($0.path, $0.contents) })
        for path in book.roots {
            #expect(body(produced[path]) == body(material.files[path]), "\(label): Sources/\(path)")
        }
    }

    func checkRefused(_ book: GeneratedBook, label: String) throws {
        let breakage = book.breakage!
        let found = diagnostics {
            _ = try Tangler.tangle(book.chapters.map { try ChapterParser.parse(bytes: Array($0.text.utf8), path: $0.path) })
        }
        let atBreak = found.contains {
            $0.position.path == breakage.path && $0.severity == .error
                && (breakage.orLater ? $0.position.line >= breakage.line : $0.position.line == breakage.line)
        }
        if !atBreak { dump(book, label: label) }
        #expect(atBreak,
                "\(label): expected an error at \(breakage.path):\(breakage.line)\(breakage.orLater ? " or later" : ""), got \(found.map(\.description))")
        let lineCounts = Dictionary(uniqueKeysWithValues: book.chapters.map { ($0.path, splitLines($0.text).count) })
        for diagnostic in found {
            #expect((1...(lineCounts[diagnostic.position.path] ?? 0)).contains(diagnostic.position.line), "\(label): \(diagnostic)")
        }

        // The same book tangled clean first, then broken: Sources/ must stay as it was.
        let scratch = try ScratchBook()
        defer { scratch.remove() }
        for chapter in book.chapters { try scratch.write(String(chapter.path.dropFirst("Chapters/".count)), chapter.cleanText) }
        try scratch.tangleAndWrite()
        let before = scratch.snapshot()
        for chapter in book.chapters { try scratch.write(String(chapter.path.dropFirst("Chapters/".count)), chapter.text) }
        #expect(!diagnostics { try scratch.tangleAndWrite() }.isEmpty, "\(label)")
        #expect(scratch.snapshot() == before, "\(label): Sources/ changed")
    }

    /// With WORKBOOK_FUZZ_DUMP=folder, writes a failing case's chapters there to look at.
    func dump(_ book: GeneratedBook, label: String) {
        guard let folder = Self.environment["WORKBOOK_FUZZ_DUMP"] else { return }
        for chapter in book.chapters {
            let name = label.prefix { $0 != " " } + "-" + label.dropFirst(5).prefix { $0 != " " } + "-" + chapter.path.dropFirst(9)
            try? Data(chapter.text.utf8).write(to: URL(fileURLWithPath: folder).appendingPathComponent(String(name)))
        }
    }

    /// A generated file's code lines: no header, no line directives.
    func body(_ text: String?) -> [String] {
        splitLines(text ?? "").dropFirst(2).filter {
            let code = $0.trimmingWhitespace()
            return !code.hasPrefix("#sourceLocation") && !code.hasPrefix("#line ")
        }
    }
}

/// The real book, tangled once: its tangled blocks and the files they make.
struct BookMaterial {
    var blocks: [CodeBlock]
    var files: [String: String]
    var graph: ReferenceGraph
    var roots: [String: String]  // path → root chunk key

    static func load() throws -> BookMaterial {
        let chapters = try Book.load(root: GoldenTests.repository).chapters
        let result = try Tangler.tangle(chapters)
        var collector = ChunkCollector()
        let blocks = chapters.flatMap(\.blocks).filter(\.isTangled)
        for block in blocks { collector.add(block) }
        return BookMaterial(blocks: blocks, files: Dictionary(uniqueKeysWithValues: result.files.map { ($0.path, $0.contents) }),
                            graph: ReferenceGraph(chunks: collector.chunks), roots: collector.roots.mapValues(\.key))
    }

    /// Every block of every chunk that the files `paths` reach, in book order.
    func blocks(reachedFrom paths: [String]) -> [CodeBlock] {
        let keys = graph.reachable(from: paths.map { roots[$0]! })
        return blocks.filter { keys.contains($0.attributes.chunk ?? ChunkCollector.anonymousKey($0.attributes.file!)) }
    }
}

extension ScratchBook {
    /// Every file under Sources/ with its bytes and modification time.
    func snapshot() -> [String: String] {
        let sources = root.appendingPathComponent("Sources")
        var found: [String: String] = [:]
        for path in (FileManager.default.enumerator(atPath: sources.path)?.allObjects as? [String]) ?? [] {
            let url = sources.appendingPathComponent(path)
            let date = (try? FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate] as? Date)?.timeIntervalSince1970
            found[path] = "\(date ?? 0) " + ((try? String(contentsOf: url, encoding: .utf8)) ?? "<folder>")
        }
        return found
    }
}

/// The generator's random numbers (SplitMix64), reproducible from a seed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
