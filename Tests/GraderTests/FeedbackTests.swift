// Where the feedback's section links point. (The page itself is checked in a browser and
// with the HTML validator by `scripts/check-book --feedback`.)

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
}
