// Renders books (a scratch book with every kind of block, and the real one) in both editions
// and checks every internal link and anchor of the result.
@testable import BookRender
import Foundation
import Literate
import TestSupport
import Testing

/// A throw-away book folder with chapters and exercise statements.
struct ScratchSite {
    let root: URL
    init(chapters: [String: String], exercises: [String: String] = [:]) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("render-test-\(UUID().uuidString)")
        for (name, text) in chapters { try write("Chapters/\(name)", text) }
        for (folder, text) in exercises { try write("Exercises/\(folder)/README.md", text) }
    }
    func write(_ path: String, _ text: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }
    func render(_ edition: Edition, diagrams: DiagramSource? = nil) throws -> (BookRenderer.Summary, RenderedSite) {
        let out = root.appendingPathComponent("out-\(edition.rawValue)")
        let summary = try BookRenderer(root: root, edition: edition, output: out, highlighter: nil, diagrams: diagrams).render()
        return (summary, try RenderedSite(out))
    }
    func remove() { try? FileManager.default.removeItem(at: root) }
}

let orientation = """
# 1. Reading this book

The [driver chapter](10-driver.md#the-header) and the [exercise](../Exercises/3-rw/README.md).
A link outside the site: [the source](../Sources/Demo/Demo.swift) keeps its text.

| Register | Offset |
|---|--:|
| `MagicValue` | 0x000 |

```swift file=Demo/Demo.swift
struct Demo {
    <<Demo fields>>
}
```

```text
a plain figure
```
"""

let driver = """
# 10. The driver

## The header

```swift chunk="Demo fields"
    var a = 1
```

## The header

More about the header, again.

```swift chunk="Demo fields"
    var b = 2
```
"""

let rwStatement = """
# Exercise 3: rw

Write `rw`. Read [the chapter](../../Chapters/10-driver.md#the-header).
"""

@Suite struct RenderTests {
    @Test func everyInternalLinkAndAnchorResolvesInBothEditions() throws {
        let book = try ScratchSite(chapters: ["01-reading.md": orientation, "10-driver.md": driver],
                                   exercises: ["3-rw": rwStatement])
        defer { book.remove() }
        for edition in Edition.allCases {
            let (summary, site) = try book.render(edition)
            #expect(summary.chapters == 2 && summary.exercises == 1)
            #expect(Set(site.pages.keys) == ["index.html", "chunks.html", "01-reading.html", "10-driver.html", "exercise-3-rw.html"])
            let links = site.brokenLinks()
            #expect(links.broken == [], "\(edition)")
            #expect(links.external == [])
            #expect(site.duplicateIDs() == [])
        }
    }

    @Test func chunksCarryNumbersCrossReferencesAndTangledLines() throws {
        let book = try ScratchSite(chapters: ["01-reading.md": orientation, "10-driver.md": driver])
        defer { book.remove() }
        let (_, site) = try book.render(.instructor)
        let first = try #require(site.pages["01-reading.html"])
        #expect(first.contains("§1.1"))
        #expect(first.contains("Sources/Demo/Demo.swift:5"))
        #expect(first.contains("<a href=\"10-driver.html#chunk-1\">Demo fields</a>"))
        let second = try #require(site.pages["10-driver.html"])
        #expect(second.contains("Continued in <a href=\"#chunk-2\">§10.2</a>"))
        #expect(second.contains("Used in <a href=\"01-reading.html#chunk-1\">§1.1</a>"))
        #expect(second.contains("Defined in <a href=\"#chunk-1\">§10.1</a>"))
        #expect(second.contains("id=\"the-header\"") && second.contains("id=\"the-header-1\""))
        let index = try #require(site.pages["chunks.html"])
        #expect(index.contains("⟨Demo fields⟩"))
    }

    @Test func tablesLinksAndNeighboursAreRendered() throws {
        let book = try ScratchSite(chapters: ["01-reading.md": orientation, "10-driver.md": driver],
                                   exercises: ["3-rw": rwStatement])
        defer { book.remove() }
        let (_, site) = try book.render(.instructor)
        let first = try #require(site.pages["01-reading.html"])
        #expect(first.contains("<td style=\"text-align: right\">0x000</td>"))
        #expect(first.contains("href=\"10-driver.html#the-header\""))
        #expect(first.contains("href=\"exercise-3-rw.html\""))
        #expect(first.contains("the source") && !first.contains("Sources/Demo/Demo.swift\""))
        #expect(first.contains("rel=\"next\" href=\"10-driver.html\""))
        let contents = try #require(site.pages["index.html"])
        #expect(contents.contains("The driver") && contents.contains("Orientation") && contents.contains("exercise-3-rw.html"))
    }

    @Test func studentEditionRefusesRatherThanShowReferenceCode() throws {
        let withExercise = driver + "\n```swift chunk=\"Write rw\" exercise=rw\nfunc rw() { secretSolution() }\n```\n"
        let book = try ScratchSite(chapters: ["01-reading.md": orientation.replacingOccurrences(of: "    <<Demo fields>>", with: "    <<Demo fields>>\n    <<Write rw>>"),
                                              "10-driver.md": withExercise])
        defer { book.remove() }
        #expect(throws: RenderError.self) { try book.render(.student) }
        #expect(!FileManager.default.fileExists(atPath: book.root.appendingPathComponent("out-student").path))
        _ = try book.render(.instructor)
    }

    @Test func aFailedRenderLeavesThePreviousSite() throws {
        let book = try ScratchSite(chapters: ["01-reading.md": orientation, "10-driver.md": driver])
        defer { book.remove() }
        let (_, before) = try book.render(.instructor)
        try book.write("Chapters/10-driver.md", "# 10. Broken\n\n```swift chunk=\"Demo fields\"\n<<Nowhere>>\n```\n")
        #expect(throws: RenderError.self) { try book.render(.instructor) }
        let after = try RenderedSite(before.folder)
        #expect(after.pages == before.pages)
    }

    @Test func theRealBookRendersWithEveryLinkResolved() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("render-real-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let summary = try BookRenderer(root: root, edition: .instructor, output: out, highlighter: nil,
                                       diagrams: DiagramSource(executable: builtExecutable("book-diagrams"))).render()
        #expect(summary.chapters >= 40)
        let site = try RenderedSite(out)
        #expect(site.brokenLinks().broken == [])
        #expect(site.duplicateIDs() == [])
    }
}
