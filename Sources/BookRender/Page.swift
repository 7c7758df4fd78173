// The site's pages: their file names and the frame every page shares.
//
// The site is one flat folder, so every link between pages is a bare file name and the
// folder can be opened from disk, copied or served as it is.

enum Page {
    static let contents = "index.html"
    static let index = "chunks.html"
    static let stylesheet = "book.css"

    /// `Chapters/16-rw.md` → `16-rw.html`.
    static func chapterPage(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return (name.hasSuffix(".md") ? String(name.dropLast(3)) : name) + ".html"
    }

    /// `Chapters/16-rw.md` → `16`.
    static func chapterNumber(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return String(name.prefix { $0.isNumber })
    }

    /// `3-rw` → `exercise-3-rw.html`.
    static func exercisePage(_ folder: String) -> String { "exercise-\(folder).html" }

    /// A link to a neighbouring page.
    struct Link {
        var href: String
        var title: String
    }

    /// A whole HTML document around `main`.
    static func document(title: String, bookTitle: String, edition: Edition, main: String,
                         previous: Link? = nil, next: Link? = nil, isContents: Bool = false) -> String {
        var html = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escapeHTML(isContents ? bookTitle : title + " — " + bookTitle))</title>
        <link rel="stylesheet" href="\(stylesheet)">
        </head>
        <body>
        <header class="masthead">
        <a class="book-title" href="\(contents)">\(escapeHTML(bookTitle))</a>
        <span class="edition">\(edition.rawValue) edition</span>
        </header>

        """
        let pager = isContents ? "" : pagerHTML(previous: previous, next: next)
        html += pager
        html += "<main>\n" + main + "</main>\n"
        html += pager
        html += "</body>\n</html>\n"
        return html
    }

    private static func pagerHTML(previous: Link?, next: Link?) -> String {
        var html = "<nav class=\"pager\" aria-label=\"Pages\">\n"
        if let previous {
            html += "<a class=\"previous\" rel=\"prev\" href=\"\(previous.href)\"><span>Previous</span> \(escapeHTML(previous.title))</a>\n"
        } else {
            html += "<span class=\"previous\"></span>\n"
        }
        html += "<a class=\"up\" href=\"\(contents)\">Contents</a>\n"
        if let next {
            html += "<a class=\"next\" rel=\"next\" href=\"\(next.href)\"><span>Next</span> \(escapeHTML(next.title))</a>\n"
        } else {
            html += "<span class=\"next\"></span>\n"
        }
        return html + "</nav>\n"
    }
}

/// Which edition a render produces.
public enum Edition: String, Sendable, CaseIterable {
    /// Everything, with the solution prose marked as such.
    case instructor
    /// The student's book: solution prose and reference code left out, stubs shown.
    case student
}
