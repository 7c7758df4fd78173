import Testing
@testable import Literate

/// Chapters that used to lose code, crash or hang: each is refused at its line.
@Suite("Malformed books are refused, never half-tangled")
struct RefusalTests {
    func problems(_ text: String) -> [String] {
        diagnostics { _ = try Tangler.tangle([ChapterParser.parse(source: text, path: "Chapters/a.md")]) }.map(\.description)
    }

    @Test("Silent oddities are refused at their line", arguments: [
        ("a reference with trailing text", block("swift file=T/a.swift", "<<A>> // x") + block("swift chunk=\"A\"", "a()"),
         "Chapters/a.md:2: error: malformed reference: '<<A>>' is followed by '// x'; a reference stands alone on its line, so put that on a line of its own"),
        ("a chunk name containing <<", block("swift chunk=\"a<<b\" file=T/a.swift", "a()"),
         "Chapters/a.md:1: error: malformed attribute: chunk name 'a<<b' contains '<<' or '>>', so no reference could name it"),
        ("a reference naming a chunk with <<", block("swift file=T/a.swift", "<<a<<b>>"),
         "Chapters/a.md:2: error: malformed reference: '<<a<<b>>': a chunk name cannot contain '<<' or '>>'"),
        ("two targets differing only in Unicode normalisation",
         block("swift file=T/Caf\u{E9}.swift", "a()") + block("swift file=T/Cafe\u{301}.swift", "b()"),
         "Chapters/a.md:4: error: file target 'T/Cafe\u{301}.swift' differs from 'T/Caf\u{E9}.swift' (at Chapters/a.md:1) only in Unicode normalisation; name one file one way"),
        ("two targets differing only in case", block("swift file=T/Disk.swift", "a()") + block("swift file=t/disk.swift", "b()"),
         "Chapters/a.md:4: error: file target 't/disk.swift' differs from 'T/Disk.swift' (at Chapters/a.md:1) only in case; name one file one way"),
        ("a target inside another target", block("swift file=Zz/P.swift", "a()") + block("swift file=Zz/P.swift/Q.swift", "b()"),
         "Chapters/a.md:4: error: file target 'Zz/P.swift/Q.swift' needs a folder Sources/Zz/P.swift, but file target 'Zz/P.swift' (at Chapters/a.md:1) writes a file there"),
        ("a target with a control character", block("swift file=T/a\u{7}.swift", "a()"),
         "Chapters/a.md:1: error: file target 'T/a\u{7}.swift' contains a control character; name a path inside Sources/, such as Driver/VirtioDisk.swift"),
    ])
    func oddities(id: String, text: String, expected: String) {
        #expect(problems(text) == [expected], "\(id)")
    }

    @Test("An exercise that references an undefined chunk is an error, not a crash (found by the fuzz test)")
    func exerciseWithUndefinedReference() {
        let text = block("swift file=T/a.swift", "<<E>>") + block("swift chunk=\"E\" exercise=rw", "<<Nowhere>>")
        #expect(problems(text) == ["Chapters/a.md:5: error: chunk 'Nowhere' is used but never defined"])
    }

    @Test("A continuation line starting with << is code")
    func shiftContinuation() throws {
        let files = try Tangler.tangle([ChapterParser.parse(source: block("swift file=T/a.swift", "let x = 1", "    << 3"), path: "Chapters/a.md")]).files
        #expect(files.first?.contents.contains("\n    << 3\n") == true)
    }

    /// A chain file → C0 → C1 → … → C(depth-1): `depth` levels of references.
    func chain(depth: Int) -> String {
        var text = block("swift file=T/a.swift", "<<C0>>")
        for level in 0..<depth {
            text += block("swift chunk=\"C\(level)\"", level + 1 < depth ? "    <<C\(level + 1)>>" : "deepest()")
        }
        return text
    }

    @Test("References nest up to the limit")
    func nestingAtLimit() throws {
        let result = try Tangler.tangle([ChapterParser.parse(source: chain(depth: ReferenceGraph.maxNesting), path: "Chapters/a.md")])
        #expect(result.files.first?.contents.contains(String(repeating: " ", count: 4 * (ReferenceGraph.maxNesting - 1)) + "deepest()") == true)
    }

    @Test("Nesting beyond the limit is refused at the reference one level too deep, however deep it goes")
    func nestingBeyondLimit() {
        let limit = ReferenceGraph.maxNesting
        #expect(problems(chain(depth: limit + 1)) == [
            "Chapters/a.md:\(5 + 3 * (limit - 1)): error: references nest more than \(limit) levels deep below 'file=T/a.swift' here (reaching 'C\(limit)'); the tangler expands at most \(limit) levels: flatten the chain",
        ])
        #expect(problems(chain(depth: 5_000)).count == 1)
    }

    @Test("A cycle thousands of chunks long is reported, not a crash")
    func longCycle() {
        var text = block("swift file=T/a.swift", "<<C0>>")
        for level in 0..<5_000 { text += block("swift chunk=\"C\(level)\"", "<<C\((level + 1) % 5_000)>>") }
        let found = problems(text)
        #expect(found.count == 1)
        #expect(found.first?.contains("cyclic reference: 'C0' → 'C1' → 'C2' → 'C3' → 'C4' → … 4992 more … → 'C4997' → 'C4998' → 'C4999' → 'C0'") == true, "\(found)")
    }

    @Test("A file that would grow past the line limit is refused at its root")
    func exponentialExpansion() {
        var text = block("swift file=T/a.swift", "<<D0>>")
        for level in 0..<30 { text += block("swift chunk=\"D\(level)\"", "<<D\(level + 1)>>", "<<D\(level + 1)>>") }
        text += block("swift chunk=\"D30\"", "leaf()")
        let found = diagnostics { _ = try Tangler.tangle([ChapterParser.parse(source: text, path: "Chapters/a.md")]) }
        #expect(found.map(\.message) == ["Sources/T/a.swift would have more than 1000000 lines: chunks used many times by chunks used many times multiply; see the 'used again' warnings"])
    }

    @Test("Only the first misspellings get a suggestion, so a thousand of them cost little")
    func boundedSuggestions() {
        var text = block("swift chunk=\"Allocate the pages of the ring\"", "a()") + "```swift file=T/a.swift\n"
        for index in 0..<1_000 { text += "<<Allocate the pages of the rin\(index)>>\n" }
        text += "```\n"
        let found = diagnostics { _ = try Tangler.tangle([ChapterParser.parse(source: text, path: "Chapters/a.md")]) }
        #expect(found.count == 1_000)
        let suggested = found.filter { $0.message.hasSuffix("did you mean 'Allocate the pages of the ring'?") }
        #expect(suggested.count == NameSuggester.maxSearches)
        #expect(suggested.map(\.position.line) == Array(5..<(5 + NameSuggester.maxSearches)))
    }

    @Test("Edit distance within a bound")
    func editDistances() {
        func distance(_ a: String, _ b: String, _ bound: Int) -> Int? {
            editDistance(Array(a.unicodeScalars), Array(b.unicodeScalars), atMost: bound)
        }
        #expect(distance("kitten", "sitting", 3) == 3)
        #expect(distance("kitten", "sitting", 2) == nil)
        #expect(distance("", "abc", 3) == 3)
        #expect(distance("abc", "abc", 0) == 0)
        #expect(distance("abcdef", "badcfe", 5) == 4)
        #expect(distance("abcdef", "badcfe", 3) == nil)
        #expect(distance("flaw", "lawn", 2) == 2)
    }
}
