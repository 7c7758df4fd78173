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

## Hint 1

Start with the header.

## Hint 2

Then the descriptors.
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
        #expect(first.contains("<span class=\"chunk-file\">line 5</span>"))
        // Where the tangler really wrote the chunk's first line.
        let demo = try #require(try Tangler.tangle(Book.load(root: book.root).chapters).files.first { $0.path == "Demo/Demo.swift" })
        let line = try #require(demo.contents.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.trimmingCharacters(in: .whitespaces) == "var a = 1" }) + 1
        #expect(try #require(site.pages["10-driver.html"]).contains("Sources/Demo/Demo.swift:\(line)</span>"))
        #expect(first.contains("<a href=\"10-driver.html#chunk-1\">Demo fields</a>"))
        let second = try #require(site.pages["10-driver.html"])
        #expect(second.contains("Continued in <a href=\"#chunk-2\">§10.2</a>"))
        #expect(second.contains("Used in <a href=\"01-reading.html#chunk-1\">§1.1</a>"))
        #expect(second.contains("Defined in <a href=\"#chunk-1\">§10.1</a>"))
        #expect(second.contains("id=\"the-header\"") && second.contains("id=\"the-header-1\""))
        let index = try #require(site.pages["chunks.html"])
        #expect(index.contains("⟨Demo fields⟩"))
    }

    @Test func exerciseHintsFoldAwayUntilOpened() throws {
        let book = try ScratchSite(chapters: ["01-reading.md": orientation, "10-driver.md": driver], exercises: ["3-rw": rwStatement])
        defer { book.remove() }
        let (_, site) = try book.render(.instructor)
        let page = try #require(site.pages["exercise-3-rw.html"])
        let first = try #require(element(startingWith: "<details class=\"hint\" id=\"hint-1\">", in: page))
        #expect(first.contains("<summary>Hint 1</summary>") && first.contains("Start with the header.") && !first.contains("descriptors"))
        #expect(page.contains("<h1>rw</h1>") && page.contains("Exercise 3"))
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

    @Test func studentEditionShowsTheStubAndTheStudentPartOnly() throws {
        let withExercise = driver + """

            <!-- workbook: solution rw -->

            The reference calls secretHelper, which you would never guess.

            ```swift chunk="Secret helper"
            secretHelper()
            ```

            <!-- workbook: student -->

            Think about what the device needs first.

            <!-- workbook: end solution -->

            ```swift chunk="Write rw" exercise=rw
            /// Reads or writes.
            func rw() {
                <<Secret helper>>
            }
            ```
            """
        let book = try ScratchSite(chapters: ["01-reading.md": orientation.replacingOccurrences(of: "    <<Demo fields>>", with: "    <<Demo fields>>\n    <<Write rw>>"),
                                              "10-driver.md": withExercise])
        defer { book.remove() }
        let (_, student) = try book.render(.student)
        let page = try #require(student.pages["10-driver.html"])
        #expect(!page.contains("secretHelper()") && !page.contains("never guess"))
        #expect(page.contains("Think about what the device needs first."))
        #expect(page.contains("// TODO:") && page.contains("not implemented yet"))
        #expect(student.brokenLinks().broken == [])
        let (_, instructor) = try book.render(.instructor)
        let full = try #require(instructor.pages["10-driver.html"])
        let solution = try #require(element(startingWith: "<div class=\"solution\">", in: full))
        #expect(solution.contains("never guess") && solution.contains("secretHelper()"))   // prose and code inside
        #expect(!full.contains("Think about what the device needs first."))
    }

    // book-diagrams runs the driver before it looks at the names, so in the student edition it waits for it.
    @Test(.needsWholeDriver) func anUnknownScenarioOrMomentIsAnErrorAtTheDiagramsLine() throws {
        let source = DiagramSource(executable: builtExecutable("book-diagrams"))
        for (info, message) in [("scenario=nope moment=submitted", "no scenario 'nope' (there are: descriptors-run-out, one-read)"),
                                ("scenario=one-read moment=later", "scenario 'one-read' has no moment 'later' (it has: completed, initialized, submitted, woken)")] {
            let chapter = driver + "\n```diagram view=rings \(info) caption=\"Rings\"\nrings\n```\n"
            let book = try ScratchSite(chapters: ["01-reading.md": orientation, "10-driver.md": chapter])
            defer { book.remove() }
            let line = chapter.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("```diagram") }! + 1
            #expect {
                try book.render(.instructor, diagrams: source)
            } throws: { error in
                (error as? RenderError)?.description == "Chapters/10-driver.md:\(line): error: \(message)"
            }
        }
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

    // Its diagrams run the driver (book-diagrams), so in the student edition it waits for it.
    @Test(.needsWholeDriver) func theRealBookRendersInBothEditionsWithEveryLinkResolvedAndNoSolutionForStudents() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("render-real-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var sites: [Edition: RenderedSite] = [:]
        for edition in Edition.allCases {
            let out = folder.appendingPathComponent(edition.rawValue)
            let summary = try BookRenderer(root: root, edition: edition, output: out, highlighter: nil,
                                           diagrams: DiagramSource(executable: builtExecutable("book-diagrams"))).render()
            #expect(summary.chapters >= 40 && summary.diagrams >= 5)
            let site = try RenderedSite(out)
            #expect(site.brokenLinks().broken == [], "\(edition)")
            #expect(site.duplicateIDs() == [], "\(edition)")
            sites[edition] = site
        }
        // Every reference line of the exercises (their roots and the chunks only they use) and
        // every line of solution prose: in the instructor's book, never in the student's.
        let book = try Book.load(root: root)
        let studentHTML = try #require(sites[.student]).pages.values.joined()
        var solutionLines: [String] = []
        for chapter in book.chapters {
            let lines = chapter.lines
            for region in chapter.solutionRegions {
                for number in region.solution where lines[number - 1].trimmingCharacters(in: .whitespaces).count > 30 {
                    let line = lines[number - 1].trimmingCharacters(in: .whitespaces)
                    if !line.contains(where: { "`*[]\"&<>_".contains($0) }) { solutionLines.append(line) }
                }
            }
        }
        for exercise in StudentEdition.exercises(in: book.chapters) {
            let stub = Set(StudentEdition.stub(for: exercise, in: book.chapters).map { $0.trimmingCharacters(in: .whitespaces) })
            solutionLines += exercise.root.lines.map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { $0.count > 12 && !stub.contains($0) && !$0.hasPrefix("<<") }.map(escapeHTML)
        }
        // A line the student text also has (a student part that starts alike, code shown in
        // another chapter) is not a leak.
        let exercises = StudentEdition.exercises(in: book.chapters)
        var stubs: [String: [String]] = [:]
        for exercise in exercises { stubs[exercise.name] = StudentEdition.stub(for: exercise, in: book.chapters) }
        let studentText = book.chapters.map { escapeHTML(StudentEdition.studentText(of: $0, exercises: exercises, stubs: stubs)) }.joined()
        solutionLines = solutionLines.filter { !studentText.contains($0) }
        #expect(solutionLines.count > 20)
        let leaked = solutionLines.filter { studentHTML.contains($0) }
        #expect(leaked == [])
        let instructorHTML = try #require(sites[.instructor]).pages.values.joined()
        #expect(solutionLines.filter { !instructorHTML.contains($0) }.count < solutionLines.count / 4)
    }
}

/// The element that starts with `opening` in `html`, through its matching closing tag.
func element(startingWith opening: String, in html: String) -> String? {
    guard let start = html.range(of: opening) else { return nil }
    let tag = String(opening.dropFirst().prefix { $0.isLetter })
    var depth = 0
    var index = start.lowerBound
    while index < html.endIndex {
        let rest = html[index...]
        if rest.hasPrefix("<\(tag)") { depth += 1 }
        if rest.hasPrefix("</\(tag)>") {
            depth -= 1
            if depth == 0 { return String(html[start.lowerBound..<html.index(index, offsetBy: tag.count + 3)]) }
        }
        index = html.index(after: index)
    }
    return nil
}
