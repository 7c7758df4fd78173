// The feedback page a student reads: per exercise, the score, the compile errors with their
// file and line, and each behaviour that failed, in words, with the chapter section to read.
// Hidden test ids, names and code never appear: only the manifest's behaviour sentences and
// the runner's messages.

import Foundation

/// Where chapter sections link (the rendered book when one exists, else the chapter files),
/// and what a link says.
public struct SectionLinks: Sendable {
    /// The rendered book's URL; nil links to `Chapters/…md#anchor` in the package.
    public var book: String?
    /// `Chapters/17-intr.md#acknowledge-first` → `chapter 17, “Acknowledge first”`.
    public var titles: [String: String]

    /// `book` is a URL (kept as is) or a folder, which becomes an absolute `file://` URL: a path
    /// relative to where the grader ran would resolve against the feedback page's own folder.
    public init(book: String?, titles: [String: String] = [:]) {
        self.titles = titles
        guard let book else { self.book = nil; return }
        let isURL = book.range(of: "^[A-Za-z][A-Za-z0-9+.-]*://", options: .regularExpression) != nil
        let url = isURL ? book : URL(fileURLWithPath: book).standardizedFileURL.absoluteString
        self.book = url.hasSuffix("/") ? String(url.dropLast()) : url
    }

    /// `Chapters/16-rw.md#the-header` → a link.
    public func link(_ section: String) -> String {
        guard let book else { return section }
        let (path, anchor) = section.split(separator: "#", maxSplits: 1).map(String.init).splitPair
        let page = ((path as NSString).lastPathComponent as NSString).deletingPathExtension + ".html"
        return book + "/" + page + (anchor.isEmpty ? "" : "#" + anchor)
    }

    /// What a link to `section` says: the chapter and the section's title when the chapter
    /// has that heading, else the section itself.
    public func title(_ section: String) -> String {
        titles[section] ?? section
    }
}

private extension Array where Element == String {
    var splitPair: (String, String) { (first ?? "", count > 1 ? self[1] : "") }
}

public func feedbackMarkdown(_ grade: StudentGrade, links: SectionLinks) -> String {
    var page = "# Feedback for \(grade.student)\n\n"
    if let status = grade.status {
        page += "**Not graded: \(status).** Every exercise scores 0.\n\n"
    }
    page += "**Total: \(formatScore(grade.total)) / \(formatScore(grade.maximum))**\n\n"
    for note in grade.notes { page += "> Note: \(note)\n\n" }
    page += "| Exercise | Score |\n| --- | --- |\n"
    for exercise in grade.exercises {
        page += "| \(exercise.number). \(exercise.name) | \(formatScore(exercise.score)) / \(formatScore(exercise.weight)) |\n"
    }
    guard grade.status == nil else { return page }
    for exercise in grade.exercises {
        page += "\n## Exercise \(exercise.number) (\(exercise.name)): \(formatScore(exercise.score)) / \(formatScore(exercise.weight))\n\n"
        if let problem = exercise.problem {
            page += "Not graded: \(problem).\n"
            continue
        }
        if !exercise.compileErrors.isEmpty {
            page += "Your region does not compile, so its tests could not run:\n\n```\n"
                + exercise.compileErrors.joined(separator: "\n") + "\n```\n"
        }
        if let build = exercise.buildProblem { page += "The build failed: \(build).\n" }
        guard exercise.isGraded else { continue }
        let passed = exercise.tests.filter(\.passed).count
        page += "\(passed) of \(exercise.tests.count) behaviours correct.\n\n"
        for test in exercise.tests {
            if test.passed {
                page += "- ✓ \(test.behaviour)\n"
            } else {
                page += "- ✗ \(test.behaviour) (\(pointsText(test.points)))"
                if let message = test.message { page += ": \(message)" }
                if let section = test.section { page += " — read [\(links.title(section))](\(links.link(section)))" }
                page += "\n"
            }
        }
    }
    return page
}

/// The same page as HTML, for a course that publishes the rendered book.
public func feedbackHTML(_ grade: StudentGrade, links: SectionLinks) -> String {
    var body = "<h1>Feedback for \(escapeHTML(grade.student))</h1>\n"
    if let status = grade.status { body += "<p><strong>Not graded: \(escapeHTML(status)).</strong></p>\n" }
    body += "<p><strong>Total: \(formatScore(grade.total)) / \(formatScore(grade.maximum))</strong></p>\n"
    for note in grade.notes { body += "<p class=\"note\">Note: \(escapeHTML(note))</p>\n" }
    for exercise in grade.exercises where grade.status == nil {
        body += "<h2>Exercise \(exercise.number) (\(escapeHTML(exercise.name))): \(formatScore(exercise.score)) / \(formatScore(exercise.weight))</h2>\n"
        if let problem = exercise.problem { body += "<p>Not graded: \(escapeHTML(problem)).</p>\n"; continue }
        if !exercise.compileErrors.isEmpty {
            body += "<p>Your region does not compile, so its tests could not run:</p>\n<pre>"
                + escapeHTML(exercise.compileErrors.joined(separator: "\n")) + "</pre>\n"
        }
        if let build = exercise.buildProblem { body += "<p>The build failed: \(escapeHTML(build)).</p>\n" }
        guard exercise.isGraded else { continue }
        body += "<p>\(exercise.tests.filter(\.passed).count) of \(exercise.tests.count) behaviours correct.</p>\n<ul>\n"
        for test in exercise.tests {
            if test.passed {
                body += "<li class=\"pass\">✓ \(escapeHTML(test.behaviour))</li>\n"
            } else {
                body += "<li class=\"fail\">✗ \(escapeHTML(test.behaviour)) (\(pointsText(test.points)))"
                if let message = test.message { body += ": \(escapeHTML(message))" }
                if let section = test.section {
                    body += " — read <a href=\"\(escapeHTML(links.link(section)))\">\(escapeHTML(links.title(section)))</a>"
                }
                body += "</li>\n"
            }
        }
        body += "</ul>\n"
    }
    return """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Feedback for \(escapeHTML(grade.student))</title>
        <style>body{font-family:sans-serif;max-width:50em;margin:2em auto}pre{background:#f4f4f4;padding:1em;overflow-x:auto}.fail{color:#900}.pass{color:#060}.note{background:#ffe;padding:.5em}</style>
        </head><body>
        \(body)</body></html>

        """
}

func escapeHTML(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
}

/// "1 point", "2 points", "0.5 points".
func pointsText(_ points: Double) -> String {
    points == 1 ? "1 point" : "\(formatScore(points)) points"
}
