// The pages that are not chapters: the contents, the index of chunks and declarations, and
// the frames of chapter and exercise pages.
import Foundation
import Literate

enum Contents {
    /// The book's parts, by chapter number.
    static let parts: [(range: ClosedRange<Int>, title: String)] = [
        (0...9, "Orientation"), (10...19, "The driver"), (20...39, "The device's side"),
        (40...49, "Kernel support"), (50...59, "The hosted kernel"), (60...89, "The bare-metal image"),
        (90...99, "Appendices"),
    ]

    static func chapterMain(_ entry: ContentsEntry) -> String {
        var html = "<article class=\"chapter\">\n<header class=\"chapter-head\">\n"
        html += "<p class=\"chapter-number\">Chapter \(Int(entry.number) ?? 0)</p>\n"
        html += "<h1>\(escapeHTML(entry.title))</h1>\n"
        if entry.rendered.sections.count > 1 {
            html += "<nav class=\"on-this-page\" aria-label=\"Sections\"><ol>\n"
            for section in entry.rendered.sections {
                html += "<li><a href=\"#\(section.id)\">\(escapeHTML(section.text))</a></li>\n"
            }
            html += "</ol></nav>\n"
        }
        return html + "</header>\n" + entry.rendered.body + "</article>\n"
    }

    static func exerciseMain(_ exercise: ExerciseStatement, _ page: RenderedPage) -> String {
        var html = "<article class=\"chapter exercise-page\">\n<header class=\"chapter-head\">\n"
        html += "<p class=\"chapter-number\">Exercise \(exercise.number)</p>\n"
        html += "<h1>\(escapeHTML(exercise.title(page)))</h1>\n</header>\n"
        return html + page.body + "</article>\n"
    }

    static func contentsMain(bookTitle: String, edition: Edition, chapters: [ContentsEntry],
                             exercises: [(ExerciseStatement, RenderedPage)]) -> String {
        var html = "<article class=\"contents\">\n<h1>\(escapeHTML(bookTitle))</h1>\n"
        html += "<p class=\"lede\">xv6-riscv's virtio disk driver, written in Swift and read line by line: "
        html += "the driver, the machine it runs on, the kernel around it, and a RISC-V image that boots it on QEMU.</p>\n"
        if edition == .student {
            html += "<p class=\"lede\">This is the student edition: where an exercise asks you to write a function, the book shows what to achieve and a stub to replace.</p>\n"
        }
        html += "<nav aria-label=\"Contents\">\n"
        for part in parts {
            let members = chapters.filter { part.range.contains(Int($0.number) ?? -1) }
            guard !members.isEmpty else { continue }
            html += "<section class=\"part\">\n<h2>\(escapeHTML(part.title))</h2>\n<ol class=\"toc\">\n"
            for entry in members {
                html += "<li><a href=\"\(entry.page)\"><span class=\"toc-number\">\(Int(entry.number) ?? 0)</span> \(escapeHTML(entry.title))</a></li>\n"
            }
            html += "</ol>\n</section>\n"
        }
        if !exercises.isEmpty {
            html += "<section class=\"part\">\n<h2>Exercises</h2>\n<ol class=\"toc\">\n"
            for (exercise, page) in exercises {
                html += "<li><a href=\"\(exercise.page)\"><span class=\"toc-number\">\(exercise.number)</span> \(escapeHTML(exercise.title(page)))</a></li>\n"
            }
            html += "</ol>\n</section>\n"
        }
        html += "<section class=\"part\">\n<h2>Reference</h2>\n<ol class=\"toc plain\">\n"
        html += "<li><a href=\"\(Page.index)\">Index of chunks and declarations</a></li>\n</ol>\n</section>\n"
        return html + "</nav>\n</article>\n"
    }

    /// Every chunk with its definitions and uses; every top-level Swift declaration with its place.
    static func indexMain(xref: CrossReference, declarations: [(Declaration, BlockKey)]) -> String {
        var html = "<article class=\"index\">\n<h1>Index of chunks and declarations</h1>\n"
        html += "<p>Every named chunk, where it is defined (and continued) and where it is used; then every "
        html += "top-level Swift declaration and the chunk that holds it. § numbers are chapter.block.</p>\n"
        html += "<p class=\"index-jump\"><a href=\"#chunks\">Chunks</a> · <a href=\"#declarations\">Declarations</a></p>\n"
        html += "<h2 id=\"chunks\">Chunks</h2>\n<dl class=\"index-list\">\n"
        let chunks = xref.definitions.keys.sorted { CrossReference.displayName($0).lowercased() < CrossReference.displayName($1).lowercased() }
        for chunk in chunks {
            let defined = (xref.definitions[chunk] ?? []).compactMap(xref.block)
            let used = (xref.uses[chunk] ?? []).compactMap(xref.block)
            html += "<dt>⟨\(escapeHTML(CrossReference.displayName(chunk)))⟩</dt>\n<dd>"
            html += "defined " + defined.map { "<a href=\"\($0.href)\">\($0.label)</a>" }.joined(separator: ", ")
            if !used.isEmpty { html += "; used " + used.map { "<a href=\"\($0.href)\">\($0.label)</a>" }.joined(separator: ", ") }
            html += "</dd>\n"
        }
        html += "</dl>\n<h2 id=\"declarations\">Declarations</h2>\n"
        if declarations.isEmpty {
            html += "<p>This render ran without the highlighter, which finds the declarations.</p>\n"
        } else {
            html += "<dl class=\"index-list\">\n"
            // A declaration of a tangled block counts where it landed: at the top of its file.
            let topLevel = declarations.filter { declaration, key in
                guard xref.block(key) != nil else { return true }
                return xref.location(path: key.path, line: key.fenceLine + declaration.line).map(xref.isUnindented) ?? false
            }
            let sorted = topLevel.sorted { ($0.0.name.lowercased(), $0.0.kind, $0.1.path, $0.1.fenceLine) < ($1.0.name.lowercased(), $1.0.kind, $1.1.path, $1.1.fenceLine) }
            for (declaration, key) in sorted {
                html += "<dt><code>\(escapeHTML(declaration.name))</code> <span class=\"kind\">\(escapeHTML(declaration.kind))</span></dt>\n<dd>"
                let place = Page.chapterPage(key.path)
                if let block = xref.block(key) {
                    html += "<a href=\"\(block.href)\">\(block.label)</a>"
                    if let location = xref.location(path: key.path, line: key.fenceLine + declaration.line) {
                        html += " · <span class=\"chunk-file\">\(escapeHTML(location.description))</span>"
                    }
                } else {
                    html += "<a href=\"\(place)\">chapter \(Int(Page.chapterNumber(key.path)) ?? 0)</a> (illustration, not tangled)"
                }
                html += "</dd>\n"
            }
            html += "</dl>\n"
        }
        return html + "</article>\n"
    }
}

/// An exercise's statement: `Exercises/<n>-<name>/README.md`.
struct ExerciseStatement {
    var number: Int
    var name: String
    var folder: String
    var chapter: Chapter
    var page: String { Page.exercisePage(folder) }

    /// The statement's title without an "Exercise 3:" the page and contents already say.
    func title(_ page: RenderedPage) -> String {
        for prefix in ["Exercise \(number): ", "Exercise \(number). ", "Exercise \(number) — "] where page.title.hasPrefix(prefix) {
            return String(page.title.dropFirst(prefix.count))
        }
        return page.title.isEmpty ? name : page.title
    }

    /// Every statement under `root/Exercises`, in exercise-number order.
    static func all(root: URL) -> [ExerciseStatement] {
        let folder = root.appendingPathComponent("Exercises")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.compactMap { name -> ExerciseStatement? in
            let digits = name.prefix { $0.isNumber }
            guard let number = Int(digits), name.dropFirst(digits.count).hasPrefix("-") else { return nil }
            let path = "Exercises/\(name)/README.md"
            guard let data = FileManager.default.contents(atPath: root.appendingPathComponent(path).path),
                  let source = String(data: data, encoding: .utf8) else { return nil }
            let blocks = (try? ChapterParser.parse(source: source, path: path))?.blocks ?? []
            return ExerciseStatement(number: number, name: String(name.dropFirst(digits.count + 1)), folder: name,
                                     chapter: Chapter(path: path, source: source, blocks: blocks.filter { !$0.isTangled }))
        }.sorted { $0.number < $1.number }
    }
}
