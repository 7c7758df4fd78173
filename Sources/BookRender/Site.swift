// `workbook render`: the whole book as a static site in one folder.
//
// Reads and tangles the chapters (so chunk locations are the tangler's own), highlights every
// Swift block in one run of the highlighter, runs every scenario the diagrams name in one run
// of `book-diagrams`, renders the pages, and replaces the output folder only when every page
// rendered: a failed render leaves the previous site as it was.
import DiagramFormat
import Foundation
import Literate

public struct BookRenderer {
    public var root: URL
    public var edition: Edition
    public var output: URL
    /// nil renders code without colours (tests, or a machine without the highlighter).
    public var highlighter: Highlighter?
    /// nil when the book has no diagrams to draw.
    public var diagrams: DiagramSource?
    public var bookTitle = "The virtio disk workbook"

    public init(root: URL, edition: Edition, output: URL, highlighter: Highlighter?, diagrams: DiagramSource?) {
        self.root = root
        self.edition = edition
        self.output = output
        self.highlighter = highlighter
        self.diagrams = diagrams
    }

    /// What a render did, for the command's summary and the benchmark.
    public struct Summary: Sendable {
        public var pages: [String]
        public var chapters: Int
        public var exercises: Int
        public var diagrams: Int
        public var highlightedBlocks: Int
        /// Seconds per phase, in order.
        public var phases: [(String, Double)]
    }

    public func render() throws -> Summary {
        var clock = PhaseClock()
        let book: Book
        do { book = try Book.load(root: root) } catch { throw RenderError(error.description) }
        let chapters = try editionChapters(book)
        // The scenarios run in their own process while this one tangles and highlights.
        let requests = chapters.flatMap { chapter in chapter.diagrams.map { (chapter.path, $0) } }
        if !requests.isEmpty && diagrams == nil {
            throw RenderError("the chapters hold diagrams but no book-diagrams program was given")
        }
        let scenarioRun = Background { [diagrams] in
            try diagrams.map { try $0.run(Set(requests.map(\.1.scenario)).sorted()) } ?? [:]
        }
        let tangled: TangleResult
        do { tangled = try Tangler.tangle(chapters) } catch { throw RenderError(error.description) }
        let xref = CrossReference(chapters: chapters, files: tangled.files)
        clock.lap("read and tangle")

        let highlights = try highlight(chapters)
        clock.lap("highlight")
        let scenarios: [String: ScenarioResult]
        do {
            scenarios = try scenarioRun.result()
        } catch {
            // Name the first diagram whose scenario the program does not know, at its line.
            if let known = try? diagrams?.names(), let (path, unknown) = requests.first(where: { !known.contains($0.1.scenario) }) {
                throw RenderError("\(path):\(unknown.fence.line): error: no scenario '\(unknown.scenario)' (there are: \(known.joined(separator: ", ")))")
            }
            throw error
        }
        clock.lap("wait for the scenarios")

        let exercises = ExerciseStatement.all(root: root)
        var context = RenderContext(edition: edition, xref: xref, highlights: highlights.blocks, scenarios: scenarios,
                                    exercisePages: [:], chapterPages: [:])
        for exercise in exercises { context.exercisePages[exercise.name] = exercise.page }
        for chapter in chapters {
            let file = String(chapter.path.split(separator: "/").last ?? "")
            context.chapterPages[file] = Page.chapterPage(chapter.path)
        }

        var files: [String: String] = [Page.stylesheet: Stylesheet.css]
        var entries: [ContentsEntry] = []
        for chapter in chapters {
            let page = try PageRenderer(context: context, chapter: chapter, folder: Book.chaptersFolder).render()
            entries.append(ContentsEntry(page: Page.chapterPage(chapter.path), number: Page.chapterNumber(chapter.path),
                                         title: chapterTitle(page.title), page: page))
        }
        for (index, entry) in entries.enumerated() {
            let previous = index > 0 ? Page.Link(href: entries[index - 1].page, title: entries[index - 1].fullTitle) : nil
            let next = index + 1 < entries.count ? Page.Link(href: entries[index + 1].page, title: entries[index + 1].fullTitle) : nil
            files[entry.page] = Page.document(title: entry.fullTitle, bookTitle: bookTitle, edition: edition,
                                              main: Contents.chapterMain(entry), previous: previous, next: next)
        }
        var exercisePages: [(ExerciseStatement, RenderedPage)] = []
        for exercise in exercises {
            let chapter = exercise.chapter
            let folder = chapter.path.split(separator: "/").dropLast().joined(separator: "/")
            exercisePages.append((exercise, try PageRenderer(context: context, chapter: chapter, folder: folder, foldsHints: true).render()))
        }
        for (index, (exercise, page)) in exercisePages.enumerated() {
            let link = { (i: Int) in Page.Link(href: exercisePages[i].0.page, title: exercisePages[i].0.title(exercisePages[i].1)) }
            files[exercise.page] = Page.document(title: exercise.title(page), bookTitle: bookTitle, edition: edition,
                                                 main: Contents.exerciseMain(exercise, page),
                                                 previous: index > 0 ? link(index - 1) : nil,
                                                 next: index + 1 < exercisePages.count ? link(index + 1) : nil)
        }
        files[Page.contents] = Page.document(title: bookTitle, bookTitle: bookTitle, edition: edition,
                                             main: Contents.contentsMain(bookTitle: bookTitle, edition: edition, chapters: entries,
                                                                         exercises: exercisePages),
                                             isContents: true)
        files[Page.index] = Page.document(title: "Index of chunks and declarations", bookTitle: bookTitle, edition: edition,
                                          main: Contents.indexMain(xref: xref, declarations: highlights.declarations))
        clock.lap("render pages")
        try SiteWriter.replace(output, with: files)
        clock.lap("write")
        return Summary(pages: files.keys.filter { $0.hasSuffix(".html") }.sorted(), chapters: entries.count,
                       exercises: exercises.count, diagrams: chapters.reduce(0) { $0 + $1.diagrams.count },
                       highlightedBlocks: highlights.blocks.count, phases: clock.phases)
    }

    /// The chapters as this edition shows them.
    private func editionChapters(_ book: Book) throws -> [Chapter] {
        switch edition {
        case .instructor:
            return book.chapters
        case .student:
            // Literate's student edition: each exercise's root holds its stub, each solution
            // region only its student part; the reference's sub-chunks go with the solution parts.
            let exercises = StudentEdition.exercises(in: book.chapters)
            var stubs: [String: [String]] = [:]
            for exercise in exercises { stubs[exercise.name] = StudentEdition.stub(for: exercise, in: book.chapters) }
            do {
                return try book.chapters.map { chapter in
                    try ChapterParser.parse(source: StudentEdition.studentText(of: chapter, exercises: exercises, stubs: stubs),
                                            path: chapter.path)
                }
            } catch {
                throw RenderError("the student edition of the chapters does not parse:\n\(error)")
            }
        }
    }

    /// Highlights every Swift block in one run; `<<name>>` lines are blanked (same byte count)
    /// so the parser sees plain Swift and offsets stay those of the block.
    private func highlight(_ chapters: [Chapter]) throws -> (blocks: [BlockKey: Highlighted], declarations: [(Declaration, BlockKey)]) {
        guard let highlighter else { return ([:], []) }
        var keys: [BlockKey] = []
        var texts: [String] = []
        for chapter in chapters {
            for block in chapter.blocks where block.language == "swift" {
                keys.append(BlockKey(path: chapter.path, fenceLine: block.fence.line))
                texts.append(block.lines.map { referencedChunk(in: $0) == nil ? $0 : String(repeating: " ", count: $0.utf8.count) }
                    .joined(separator: "\n"))
            }
        }
        let results = try highlighter.highlight(texts)
        var blocks: [BlockKey: Highlighted] = [:]
        var declarations: [(Declaration, BlockKey)] = []
        for (key, result) in zip(keys, results) {
            blocks[key] = result
            declarations += result.declarations.map { ($0, key) }
        }
        return (blocks, declarations)
    }

    /// "16. The read/write path" → "The read/write path".
    private func chapterTitle(_ heading: String) -> String {
        let digits = heading.prefix { $0.isNumber }
        guard !digits.isEmpty, heading.dropFirst(digits.count).hasPrefix(". ") else { return heading }
        return String(heading.dropFirst(digits.count + 2))
    }
}

/// A chapter as the contents page and the pager name it.
struct ContentsEntry {
    var page: String
    var number: String
    var title: String
    var rendered: RenderedPage
    var fullTitle: String { "\(Int(number) ?? 0). \(title)" }

    init(page: String, number: String, title: String, page rendered: RenderedPage) {
        self.page = page
        self.number = number
        self.title = title
        self.rendered = rendered
    }
}

/// Work running on its own thread; `result()` waits for it.
final class Background<Value: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var outcome: Result<Value, Error>?   // written once, before `done` is signalled

    init(_ work: @escaping @Sendable () throws -> Value) {
        Thread { [self] in
            outcome = Result { try work() }
            done.signal()
        }.start()
    }

    func result() throws -> Value {
        done.wait()
        done.signal()
        return try outcome!.get()
    }
}

/// Measures the phases of a render.
struct PhaseClock {
    private var last = DispatchTime.now().uptimeNanoseconds
    private(set) var phases: [(String, Double)] = []

    mutating func lap(_ name: String) {
        let now = DispatchTime.now().uptimeNanoseconds
        phases.append((name, Double(now - last) / 1e9))
        last = now
    }
}

/// Writes the site. A new folder is written beside the output and renamed into place; an
/// existing site gets only the files whose text changed (each written to a temporary name and
/// renamed over the old one) and loses the pages no longer produced. Either way nothing is
/// written until every page has rendered.
enum SiteWriter {
    static func replace(_ output: URL, with files: [String: String]) throws {
        let manager = FileManager.default
        do {
            guard let existing = try? manager.contentsOfDirectory(atPath: output.path) else {
                try writeFresh(output, files)
                return
            }
            guard existing.isEmpty || existing.contains(Page.stylesheet) else {
                throw RenderError("\(output.path) holds files that are not a rendered book; choose another --out")
            }
            for (name, contents) in files {
                let target = output.appendingPathComponent(name)
                let data = Data(contents.utf8)
                if manager.contents(atPath: target.path) == data { continue }
                let temporary = output.appendingPathComponent(".\(name).rendering-\(getpid())")
                try data.write(to: temporary)
                if rename(temporary.path, target.path) != 0 {
                    try? manager.removeItem(at: temporary)
                    throw RenderError("cannot write \(target.path): \(String(cString: strerror(errno)))")
                }
            }
            for name in existing where name.hasSuffix(".html") && files[name] == nil {
                try manager.removeItem(at: output.appendingPathComponent(name))
            }
        } catch let error as RenderError {
            throw error
        } catch {
            throw RenderError("cannot write the site to \(output.path): \(error.localizedDescription)")
        }
    }

    private static func writeFresh(_ output: URL, _ files: [String: String]) throws {
        let manager = FileManager.default
        let parent = output.deletingLastPathComponent()
        try manager.createDirectory(at: parent, withIntermediateDirectories: true)
        let staging = parent.appendingPathComponent(".\(output.lastPathComponent).rendering-\(getpid())")
        try? manager.removeItem(at: staging)
        try manager.createDirectory(at: staging, withIntermediateDirectories: true)
        do {
            for (name, contents) in files { try Data(contents.utf8).write(to: staging.appendingPathComponent(name)) }
            try manager.moveItem(at: staging, to: output)
        } catch {
            try? manager.removeItem(at: staging)
            throw error
        }
    }
}
