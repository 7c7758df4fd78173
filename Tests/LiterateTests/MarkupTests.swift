import Testing
@testable import Literate

/// A chapter with an exercise chunk `rw`, the file that holds it, and one sub-chunk used only by
/// it; `solution` wraps the sub-chunk's block in a solution region when true.
func exerciseChapter(solution: Bool, student: String = "Build the request and sleep until it completes.") -> String {
    let subChunk = block("swift chunk=\"Fill in the header\"", "header()")
    let region = solution
        ? "<!-- workbook: solution rw -->\n\nThe header comes first.\n\n" + subChunk
            + "\n<!-- workbook: student -->\n\n\(student)\n\n<!-- workbook: end solution -->\n"
        : subChunk
    return block("swift file=D/rw.swift", "<<Submit>>") + "\n"
        + block("swift chunk=\"Submit\" exercise=rw", "func rw() {", "    <<Fill in the header>>", "}") + "\n" + region
}

@Suite("Exercise callouts, diagrams and solution regions")
struct MarkupTests {
    func parse(_ text: String) throws -> Chapter { try ChapterParser.parse(source: text, path: "Chapters/c.md") }

    func problems(_ text: String) -> [String] {
        diagnostics { _ = try Tangler.tangle([parse(text)]) }.map(\.description)
    }

    @Test("A callout keeps its exercise name, body and lines; it is not a code block")
    func callout() throws {
        let chapter = try parse("Intro\n\n" + block("exercise name=rw", "Exercise 3 (rw): write `rw`.", "See Exercises/3-rw/README.md"))
        #expect(chapter.blocks.isEmpty)
        #expect(chapter.callouts == [ExerciseCallout(fence: SourcePosition(path: "Chapters/c.md", line: 3), exercise: "rw",
                                                     lines: ["Exercise 3 (rw): write `rw`.", "See Exercises/3-rw/README.md"])])
    }

    @Test("A diagram keeps its view, scenario, moment, caption and body")
    func diagram() throws {
        let chapter = try parse(block(#"diagram view=rings scenario=one-read moment=submitted caption="The rings after one read""#, "[avail] -> [desc]"))
        #expect(chapter.blocks.isEmpty)
        let diagram = try #require(chapter.diagrams.first)
        #expect(diagram.view == .rings)
        #expect(diagram.scenario == "one-read")
        #expect(diagram.moment == "submitted")
        #expect(diagram.caption == "The rings after one read")
        #expect(diagram.lines == ["[avail] -> [desc]"])
        #expect(diagram.fence.line == 1)
    }

    @Test("A solution region gives the lines of its markers, its solution part and its student part")
    func region() throws {
        let chapter = try parse(exerciseChapter(solution: true))
        let region = try #require(chapter.solutionRegions.first)
        let lines = chapter.lines
        #expect(region.exercise == "rw")
        #expect(lines[region.solutionMarker - 1] == "<!-- workbook: solution rw -->")
        #expect(lines[region.studentMarker - 1] == "<!-- workbook: student -->")
        #expect(lines[region.endMarker - 1] == "<!-- workbook: end solution -->")
        #expect(region.solution.map { lines[$0 - 1] }.contains("The header comes first."))
        #expect(region.student.map { lines[$0 - 1] }.contains("Build the request and sleep until it completes."))
        #expect(chapter.solutionRegion(holding: chapter.blocks[2].fence.line) == region)
        #expect(chapter.solutionRegion(holding: chapter.blocks[1].fence.line) == nil)
    }

    @Test("Reference code inside its exercise's solution region tangles with no warning")
    func cleanRegion() throws {
        let result = try Tangler.tangle([parse(exerciseChapter(solution: true))])
        #expect(result.warnings.isEmpty)
        #expect(result.files.first?.contents.contains("    header()") == true)
    }

    @Test("Reference code outside any region is a warning while the exercise has no region")
    func leakWarning() throws {
        let result = try Tangler.tangle([parse(exerciseChapter(solution: false))])
        #expect(result.warnings.map(\.description) == [
            "Chapters/c.md:11: warning: the student edition would show reference code of exercise rw here (chunk 'Fill in the header', "
                + "used only by the exercise); put this block inside a <!-- workbook: solution rw --> region",
        ])
    }

    @Test("Reference code outside the regions is an error once the exercise has a region")
    func leakError() throws {
        let text = exerciseChapter(solution: true) + "\n" + block("swift chunk=\"Fill in the header\"", "more()")
        let found = problems(text)
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("Chapters/c.md:25: error: the student edition would show reference code of exercise rw here") == true, "\(found)")
    }

    @Test("Markers inside a code block are code, not markers")
    func markersInCode() throws {
        let chapter = try parse(block("text", "<!-- workbook: solution rw -->", "<!-- workbook: bogus -->"))
        #expect(chapter.solutionRegions.isEmpty)
        #expect(chapter.blocks.count == 1)
    }

    @Test("Malformed mark-up is refused at its line", arguments: [
        ("a callout without a name", block("exercise", "text"),
         "Chapters/c.md:1: error: ```exercise block has no name=; write, for example, ```exercise name=rw"),
        ("a callout with an unknown key", block("exercise name=rw chapter=16", "text"),
         "Chapters/c.md:1: error: malformed attribute: unknown key 'chapter' (known keys: name)"),
        ("a diagram without a caption", block("diagram view=rings scenario=one-read", ""),
         "Chapters/c.md:1: error: ```diagram block has no caption=; write, for example, ```diagram view=rings scenario=one-read moment=submitted caption=\"The rings after one read\""),
        ("a diagram with an unknown view", block("diagram view=ring scenario=s caption=c", ""),
         "Chapters/c.md:1: error: diagram view 'ring' is unknown (known views: rings, journey)"),
        ("a diagram with an unknown key", block("diagram view=rings scenario=s caption=c colour=red", ""),
         "Chapters/c.md:1: error: malformed attribute: unknown key 'colour' (known keys: caption, moment, scenario, view)"),
        ("an unclosed region", "<!-- workbook: solution rw -->\n\nProse.\n",
         "Chapters/c.md:1: error: solution region of 'rw' is never closed; end it with <!-- workbook: end solution -->"),
        ("nested regions", "<!-- workbook: solution rw -->\n\n<!-- workbook: solution intr -->\n\n<!-- workbook: student -->\n\nA.\n\n<!-- workbook: end solution -->\n",
         "Chapters/c.md:3: error: solution region of 'intr' opens inside the solution region of 'rw' (opened at line 1); regions do not nest: end that one first with <!-- workbook: end solution -->"),
        ("student outside a region", "Prose.\n\n<!-- workbook: student -->\n",
         "Chapters/c.md:3: error: <!-- workbook: student --> outside a solution region; open one with <!-- workbook: solution NAME -->"),
        ("end outside a region", "<!-- workbook: end solution -->\n",
         "Chapters/c.md:1: error: <!-- workbook: end solution --> outside a solution region; open one with <!-- workbook: solution NAME -->"),
        ("a region without a student part", "<!-- workbook: solution rw -->\n\nProse.\n\n<!-- workbook: end solution -->\n",
         "Chapters/c.md:5: error: solution region of 'rw' has no student part; before this line, add <!-- workbook: student --> and what the student should achieve"),
        ("an empty student part", "<!-- workbook: solution rw -->\n\nProse.\n\n<!-- workbook: student -->\n\n  \n<!-- workbook: end solution -->\n",
         "Chapters/c.md:5: error: the student part of the solution region of 'rw' is empty; say what the student should achieve and why"),
        ("two student markers", "<!-- workbook: solution rw -->\n\n<!-- workbook: student -->\n\nA.\n\n<!-- workbook: student -->\n\n<!-- workbook: end solution -->\n",
         "Chapters/c.md:7: error: second <!-- workbook: student --> in the solution region of 'rw' (the first is at line 3)"),
        ("an unknown workbook comment", "<!-- workbook: solutions rw -->\n",
         "Chapters/c.md:1: error: unknown workbook comment <!-- workbook: solutions rw -->; the markers are <!-- workbook: solution NAME -->, <!-- workbook: student --> and <!-- workbook: end solution -->"),
        ("a workbook comment in a different case", "<!-- Workbook: student -->\n",
         "Chapters/c.md:1: error: unknown workbook comment <!-- Workbook: student -->; the markers are <!-- workbook: solution NAME -->, <!-- workbook: student --> and <!-- workbook: end solution -->"),
        ("a marker inside a paragraph", "Some prose <!-- workbook: student --> more prose.\n",
         "Chapters/c.md:1: error: a <!-- workbook: ... --> comment must stand alone as a top-level block (a line of its own, not inside a paragraph, list or quote)"),
        ("a marker inside a list", "- item\n\n  <!-- workbook: student -->\n",
         "Chapters/c.md:3: error: a <!-- workbook: ... --> comment must stand alone as a top-level block (a line of its own, not inside a paragraph, list or quote)"),
        ("a marker with text after it", "<!-- workbook: student --> and more\n",
         "Chapters/c.md:1: error: a <!-- workbook: ... --> comment must stand alone as a top-level block (a line of its own, not inside a paragraph, list or quote)"),
    ])
    func malformed(id: String, text: String, expected: String) {
        let found = diagnostics { _ = try parse(text) }.map(\.description)
        #expect(found == [expected], "\(id)")
    }

    @Test("Names and placement are checked across the book", arguments: [
        ("a callout naming no exercise", exerciseChapter(solution: true) + "\n" + block("exercise name=rx", "text"),
         "Chapters/c.md:25: error: exercise callout names exercise 'rx', but no chunk is marked exercise=rx; did you mean 'rw'?"),
        ("a region naming no exercise", exerciseChapter(solution: true) + "\n<!-- workbook: solution intr -->\n\nA.\n\n<!-- workbook: student -->\n\nB.\n\n<!-- workbook: end solution -->\n",
         "Chapters/c.md:25: error: solution region names exercise 'intr', but no chunk is marked exercise=intr"),
        ("the exercise's own chunk inside a region",
         block("swift file=D/rw.swift", "<<Submit>>") + "\n<!-- workbook: solution rw -->\n\n" + block("swift chunk=\"Submit\" exercise=rw", "f()")
            + "\n<!-- workbook: student -->\n\nB.\n\n<!-- workbook: end solution -->\n",
         "Chapters/c.md:7: error: the block of exercise rw's own chunk must stand outside solution regions: the student edition replaces its code with the stub"),
        ("code used elsewhere inside a region",
         exerciseChapter(solution: true).replacingOccurrences(of: "The header comes first.", with: "Shared:\n\n" + block("swift file=D/other.swift", "let x = 1")),
         "Chapters/c.md:15: error: this block of 'file=D/other.swift' stands in a solution region of exercise rw, but the chunk is not used only by that exercise; the student edition would lose it: move it out of the region"),
        ("one exercise on two chunks",
         exerciseChapter(solution: true) + "\n" + block("swift chunk=\"Again\" exercise=rw file=D/again.swift", "g()"),
         "Chapters/c.md:25: error: exercise=rw marks a second chunk; it already marks 'Submit' (at Chapters/c.md:5), and an exercise is one region of one file"),
    ])
    func bookChecks(id: String, text: String, expected: String) {
        #expect(problems(text) == [expected], "\(id)")
    }
}
