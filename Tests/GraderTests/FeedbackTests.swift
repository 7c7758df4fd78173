// Where the feedback's section links point, and what they say. (The page itself is checked in
// a browser and with the HTML validator by `scripts/check-book --feedback`.)

import ExerciseHarness
import Foundation
import Testing
@testable import Grader

@Suite struct FeedbackTests {
    let section = "Chapters/17-intr.md#acknowledge-first"

    @Test func withoutABookLinksGoToTheChapterFile() {
        #expect(SectionLinks(book: nil).link(section) == section)
    }

    @Test func aBookURLIsKept() {
        #expect(SectionLinks(book: "https://course.example/book/").link(section)
                == "https://course.example/book/17-intr.html#acknowledge-first")
    }

    /// A folder given relative to where the grader ran must not become a link relative to the
    /// feedback page's own folder.
    @Test func aBookFolderBecomesAnAbsoluteFileURL() {
        let cwd = FileManager.default.currentDirectoryPath
        let link = SectionLinks(book: ".build/book/student").link(section)
        #expect(link == URL(fileURLWithPath: cwd).appendingPathComponent(".build/book/student/17-intr.html").absoluteString
                + "#acknowledge-first")
        #expect(SectionLinks(book: "/srv/my book").link("Chapters/16-rw.md") == "file:///srv/my%20book/16-rw.html")
    }

    @Test func theHTMLPageEscapesWhatTheStudentControls() {
        let failed = TestOutcome(id: "rw.hidden.x", behaviour: "rw <b>", points: 1, passed: false,
                                 message: "saw \"0x1\" & more", section: "Chapters/16-rw.md#the-header", seconds: 0)
        let exercise = ExerciseGrade(number: 3, name: "rw", weight: 35, chapter: "Chapters/16-rw.md", problem: nil,
                                     compileErrors: [], buildProblem: nil, tests: [failed])
        let grade = StudentGrade(student: "O'Neil <script>", status: nil, exercises: [exercise], notes: [], seconds: 0)
        let page = feedbackHTML(grade, links: SectionLinks(book: "https://course.example/book"))
        #expect(page.contains("<title>Feedback for O'Neil &lt;script&gt;</title>"))
        #expect(page.contains("<p>0 of 1 behaviours correct.</p>"))
        #expect(page.contains("rw &lt;b&gt; (1 point): saw &quot;0x1&quot; &amp; more"))
        #expect(page.contains("<a href=\"https://course.example/book/16-rw.html#the-header\">"))
        #expect(!page.contains("rw.hidden.x"))
    }

    /// The package root, two folders above this file.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Every section an exercise's test cites (`section: "#anchor"`, relative to the exercise's
    /// chapter) must have a title, or its feedback link would say a bare path.
    @Test func everySectionATestCitesHasItsTitle() throws {
        let titles = sectionTitles(root: Self.root)
        #expect(titles["Chapters/17-intr.md#acknowledge-first"] == "chapter 17, “Acknowledge first”")
        #expect(titles["Chapters/16-rw.md"] == "chapter 16, “virtio_disk_rw: one request, start to finish”")
        let manifest = try Manifest.load(from: Self.root.appendingPathComponent("Exercises/manifest.json"))
        let tests = try FileManager.default.subpathsOfDirectory(atPath: Self.root.appendingPathComponent("Exercises").path)
            .filter { $0.hasSuffix(".swift") && ($0.contains("/Public/") || $0.contains("/Hidden/")) }
        var cited = 0
        for path in tests {
            let text = try String(contentsOf: Self.root.appendingPathComponent("Exercises/" + path), encoding: .utf8)
            for line in text.split(separator: "\n") {
                guard let exercise = manifest.exercises.first(where: { line.contains("ExerciseTest(\"\($0.name).") }),
                      let start = line.range(of: "section: \"#") else { continue }
                let anchor = line[start.upperBound...].prefix { $0 != "\"" }
                cited += 1
                #expect(titles[exercise.chapter + "#" + anchor] != nil, "\(path): no heading for #\(anchor) in \(exercise.chapter)")
            }
        }
        #expect(cited > 40)
    }

    @Test func aFailedBehaviourLinkSaysTheChapterAndSection() throws {
        let section = "Chapters/16-rw.md#the-header"
        let links = SectionLinks(book: nil, titles: [section: "chapter 16, “The header”"])
        let failed = TestOutcome(id: "rw.hidden.x", behaviour: "rw fills the header", points: 1, passed: false,
                                 message: "the sector was 3", section: section, seconds: 0)
        let exercise = ExerciseGrade(number: 3, name: "rw", weight: 35, chapter: "Chapters/16-rw.md", problem: nil,
                                     compileErrors: [], buildProblem: nil, tests: [failed])
        let grade = StudentGrade(student: "ada", status: nil, exercises: [exercise], notes: [], seconds: 0)
        #expect(feedbackMarkdown(grade, links: links).contains("— read [chapter 16, “The header”](Chapters/16-rw.md#the-header)"))
        #expect(feedbackHTML(grade, links: links).contains(">chapter 16, “The header”</a>"))
        let results = String(decoding: try gradescopeResults(grade, links: links), as: UTF8.self)
        #expect(results.contains("Read chapter 16, “The header”: Chapters/16-rw.md#the-header"))
        #expect(SectionLinks(book: nil).title("Chapters/99-none.md#x") == "Chapters/99-none.md#x")
    }
}
