import Testing
@testable import Literate

/// Every code block is found where cmark finds it: lines end at LF, CR or CRLF, and columns
/// start after list markers, block quotes and a byte-order mark.
@Suite("Blocks are found as cmark finds them")
struct BlockPositionTests {
    func parse(_ text: String) throws -> Chapter { try ChapterParser.parse(source: text, path: "Chapters/c.md") }

    @Test("Tangled blocks are found at their line", arguments: [
        ("a lone CR in the prose before", "Intro\rstill prose\n\n```swift chunk=\"X\"\nlet x = 1\n```\n", 4),
        ("CR line ends throughout", "Intro\r\r```swift chunk=\"X\"\rlet x = 1\r```\r", 3),
        ("CRLF line ends", "Intro\r\n\r\n```swift chunk=\"X\"\r\nlet x = 1\r\n```\r\n", 3),
        ("a fence opening a bullet item", "Intro\n\n- ```swift chunk=\"X\"\n  let x = 1\n  ```\n", 3),
        ("a fence opening a numbered item", "1. ```swift chunk=\"X\"\n   let x = 1\n   ```\n", 1),
        ("a fence in a block quote", "> ```swift chunk=\"X\"\n> let x = 1\n> ```\n", 1),
        ("a fence in a quote in a list", "- > ```swift chunk=\"X\"\n  > let x = 1\n  > ```\n", 1),
        ("a byte-order mark before a fence on line 1", "\u{FEFF}```swift chunk=\"X\"\nlet x = 1\n```\n", 1),
        ("a tilde fence after a lone CR", "a\rb\n\n~~~swift chunk=\"X\"\nlet x = 1\n~~~\n", 4),
    ])
    func found(id: String, text: String, line: Int) throws {
        let chapter = try parse(text)
        #expect(chapter.blocks.map(\.fence.line) == [line], "\(id)")
        #expect(chapter.blocks.first?.lines == ["let x = 1"], "\(id)")
        #expect(chapter.blocks.first?.attributes.chunk == "X", "\(id)")
    }

    @Test("Fences without a language are refused at their line wherever they stand", arguments: [
        ("after a lone CR", "a\rb\n\n```\ncode\n```\n", 4),
        ("opening a list item", "Intro\n\n- ```\n  code\n  ```\n", 3),
        ("in a block quote", "> ```\n> code\n> ```\n", 1),
        ("after a byte-order mark", "\u{FEFF}```\ncode\n```\n", 1),
        ("with no code at all", "```\n```\n", 1),
        ("in a list item indented by a tab", "-\t```\n\tcode\n\t```\n", 1),
    ])
    func refused(id: String, text: String, line: Int) {
        let found = diagnostics { _ = try parse(text) }
        #expect(found.map(\.kind) == [.missingLanguage], "\(id)")
        #expect(found.map(\.position.line) == [line], "\(id)")
    }

    @Test("Indented code blocks are illustrations, even when they show a fence", arguments: [
        ("a tangled fence shown as an example", "Text\n\n    ```swift file=X.swift\n    let x = 1\n    ```\n"),
        ("a bare fence shown as an example", "Text\n\n    ```\n    code\n    ```\n"),
        ("a bare fence in a list item", "- item\n\n      ```\n      code\n"),
        ("a bare fence after CR line ends", "Text\r\r    ~~~\r    code\r"),
    ])
    func illustrations(id: String, text: String) throws {
        let chapter = try parse(text)
        #expect(chapter.blocks.isEmpty, "\(id)")
    }

    @Test("A fence whose first code line repeats a longer fence's text is still fenced")
    func fenceInsideFence() throws {
        let chapter = try parse("````text\n```swift file=X.swift\n````\n")
        #expect(chapter.blocks.map(\.lines) == [["```swift file=X.swift"]])
        #expect(chapter.blocks.first?.isTangled == false)
    }

    @Test("A fence never closed, or a tangled block swallowing the next fence, is refused", arguments: [
        ("a fence running to the end of the chapter", "Intro\n\n```swift chunk=\"X\"\nlet x = 1\n", "Chapters/c.md:3: error: code block is never closed: it runs to the end of the chapter (or of its list item or quote); add the closing fence"),
        ("a fence running to the end of its list item", "- ```text\n  shown\n\nOutside\n", "Chapters/c.md:1: error: code block is never closed: it runs to the end of the chapter (or of its list item or quote); add the closing fence"),
        ("a missing closing fence before the next block",
         "```swift chunk=\"X\"\nlet x = 1\n\nProse.\n\n```swift file=A/a.swift\nlet a = 1\n```\n",
         "Chapters/c.md:6: error: a fence with a language stands inside a tangled code block; is the closing fence of the block above missing?"),
        ("a missing closing fence before a block in a list item",
         "```swift chunk=\"X\"\nlet x = 1\n\n1. ```swift file=A/a.swift\n   let a = 1\n   ```\n",
         "Chapters/c.md:4: error: a fence with a language stands inside a tangled code block; is the closing fence of the block above missing?"),
    ])
    func unclosed(id: String, text: String, expected: String) {
        #expect(diagnostics { _ = try parse(text) }.map(\.description) == [expected], "\(id)")
    }

    @Test("An illustration may show fences with attributes")
    func fencesInIllustrations() throws {
        let chapter = try parse("````text\n```swift chunk=\"X\"\n<<Y>>\n```\n````\n")
        #expect(chapter.blocks.map(\.lines) == [["```swift chunk=\"X\"", "<<Y>>", "```"]])
    }

    @Test("A NUL byte is refused at its line")
    func nulByte() {
        let found = diagnostics { _ = try ChapterParser.parse(bytes: Array("a\nb\r\u{0}c\n".utf8), path: "Chapters/c.md") }
        #expect(found.map(\.description) == ["Chapters/c.md:3: error: chapter holds a NUL byte on this line; remove it"])
    }

    @Test("Lines split at LF, CR and CRLF, as cmark counts them")
    func lineSplitting() {
        #expect(splitLines("a\rb\r\nc\nd") == ["a", "b", "c", "d"])
        #expect(splitLines("a\n") == ["a", ""])
        #expect(splitLines("\r\n\r") == ["", "", ""])
    }
}
