import Testing
@testable import Literate

@Suite("Reading chapters")
struct ChapterParserTests {
    @Test("Fenced blocks keep their language, attributes, lines and fence line")
    func fencedBlocks() throws {
        let text = "# Title\n\nProse.\n\n" + block("swift file=A/a.swift", "let a = 1", "", "let b = 2")
            + "\nMore prose.\n\n" + block("text", "just shown")
        let chapter = try ChapterParser.parse(source: text, path: "Chapters/x.md")
        #expect(chapter.blocks.count == 2)
        #expect(chapter.blocks[0].fence == SourcePosition(path: "Chapters/x.md", line: 5))
        #expect(chapter.blocks[0].lines == ["let a = 1", "", "let b = 2"])
        #expect(chapter.blocks[0].attributes.file == "A/a.swift")
        #expect(chapter.blocks[1].isTangled == false)
    }

    @Test("An indented code block is prose, not code")
    func indentedBlock() throws {
        let chapter = try ChapterParser.parse(source: "Text\n\n    indented code\n", path: "c.md")
        #expect(chapter.blocks.isEmpty)
    }

    @Test("Blocks inside lists and quotes are found with their lines")
    func nestedBlocks() throws {
        let text = "- item\n\n  ```swift chunk=\"X\"\n  let x = 1\n  ```\n"
        let chapter = try ChapterParser.parse(source: text, path: "c.md")
        #expect(chapter.blocks.map(\.lines) == [["let x = 1"]])
        #expect(chapter.blocks[0].fence.line == 3)
    }

    @Test("CRLF line endings tangle like LF")
    func crlf() throws {
        let chapter = try ChapterParser.parse(source: "```swift chunk=\"X\"\r\nlet x = 1\r\n```\r\n", path: "c.md")
        #expect(chapter.blocks[0].lines == ["let x = 1"])
    }

    @Test("A fence without a language is an error at the fence line")
    func missingLanguage() {
        let found = diagnostics { _ = try ChapterParser.parse(source: "a\n\n```\ncode\n```\n", path: "Chapters/c.md") }
        #expect(found.map(\.description) == ["Chapters/c.md:3: error: code block has no language; write ```swift (or ```text for prose examples)"])
    }

    @Test("A malformed attribute is an error at the fence line")
    func malformedAttribute() {
        let found = diagnostics { _ = try ChapterParser.parse(source: "\n```swift chunk=\"x\n```\n", path: "c.md") }
        #expect(found.count == 1)
        #expect(found.first?.position.line == 2)
        #expect(found.first?.description.contains("malformed attribute") == true)
    }

    @Test("Bytes that are not UTF-8 are refused at the line that holds them")
    func notUTF8() {
        let bytes = Array("line one\nline two\n".utf8) + [0xC3, 0x28] + Array(" three\n".utf8)
        let found = diagnostics { _ = try ChapterParser.parse(bytes: bytes, path: "c.md") }
        #expect(found.map(\.kind) == [.notUTF8])
        #expect(found.first?.position.line == 3)
    }
}
