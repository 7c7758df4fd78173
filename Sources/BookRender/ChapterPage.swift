// One chapter (or exercise statement) as HTML: cmark renders the prose; the book's own pieces
// (chunk headers, highlighted code, tables, diagrams, callouts, solution regions) replace the
// nodes they stand for before cmark renders the page.
import CCmark
import DiagramFormat
import Literate

/// What every page's renderer shares.
struct RenderContext {
    var edition: Edition
    var xref: CrossReference
    var highlights: [BlockKey: Highlighted]
    var scenarios: [String: ScenarioResult]
    /// Exercise name → its page, for the exercises whose statements exist.
    var exercisePages: [String: String]
    /// Chapter file name (`16-rw.md`) → its page.
    var chapterPages: [String: String]
}

/// A rendered page body and what the site needs to know about it.
struct RenderedPage {
    var title: String
    var body: String
    /// The page's second-level sections: anchor and text.
    var sections: [(id: String, text: String)]
}

struct PageRenderer {
    let context: RenderContext
    /// The chapter being rendered (for exercise pages: a chapter of the statement's text).
    let chapter: Chapter
    /// The folder the page's Markdown lives in, for resolving its relative links.
    let folder: String
    /// Whether second-level sections titled "Hint …" fold away until the reader opens them.
    var foldsHints = false

    func render() throws -> RenderedPage {
        let document = MarkdownDocument(chapter.source)
        let sourceLines = chapter.lines
        let nodes = document.allNodes.map(MarkdownNode.init)
        for node in nodes where node.type == CMARK_NODE_LINK {
            if let url = resolveLink(node.url) { node.setURL(url) } else { node.unwrapLink() }
        }
        var title = ""
        var sections: [(id: String, text: String)] = []
        var usedIDs: [String: Int] = [:]
        var hints: [Int: String] = [:]   // start line → the hint heading's anchor
        var startLines: [OpaquePointer: Int] = [:]   // replaced node → the line its source started on
        func replace(_ node: MarkdownNode, _ html: String) {
            let line = node.startLine   // read before the node is freed
            startLines[node.replace(withHTML: html)] = line
        }
        for node in nodes {
            switch node.type {
            case CMARK_NODE_CODE_BLOCK:
                if let html = try codeBlockHTML(node) { replace(node, html) }
            case CMARK_NODE_PARAGRAPH:
                let lines = Array(sourceLines[(node.startLine - 1)..<min(node.endLine, sourceLines.count)])
                if node.parentIsDocument, let table = PipeTable.parse(lines) {
                    replace(node, "<div class=\"table\">\n" + table.html(links: resolveLink) + "</div>\n")
                }
            case CMARK_NODE_HEADING:
                let text = node.plainText
                if node.headingLevel == 1 && title.isEmpty {
                    title = text
                    replace(node, "")
                    continue
                }
                var id = headingAnchor(text)
                if id.isEmpty { id = "section" }
                if let count = usedIDs[id] { usedIDs[id] = count + 1; id += "-\(count)" } else { usedIDs[id] = 1 }
                if node.headingLevel == 2 { sections.append((id, text)) }
                if foldsHints && node.headingLevel == 2 && text.hasPrefix("Hint") {
                    hints[node.startLine] = id
                    replace(node, "<details class=\"hint\" id=\"\(id)\">\n<summary>\(escapeHTML(text))</summary>\n")
                    continue
                }
                let level = node.headingLevel
                let inner = node.html.dropFirst(4).dropLast(6)   // "<hN>" … "</hN>\n"
                let content = inner.contains("<a ") ? String(inner) : "<a class=\"self\" href=\"#\(id)\">\(inner)</a>"
                replace(node, "<h\(level) id=\"\(id)\">\(content)</h\(level)>\n")
            default:
                continue
            }
        }
        return RenderedPage(title: title, body: try bodyHTML(document, hints: hints, startLines: startLines), sections: sections)
    }

    /// The top-level blocks, with solution regions shown as this edition shows them.
    private func bodyHTML(_ document: MarkdownDocument, hints: [Int: String], startLines: [OpaquePointer: Int]) throws -> String {
        var html = ""
        var openRegion: SolutionRegion?
        var hintOpen = false
        for node in document.topLevel.map(MarkdownNode.init) {
            let line = startLines[node.node] ?? node.startLine
            // A folded hint runs to the next second-level heading.
            if hintOpen && (hints[line] != nil || node.literal.hasPrefix("<h2 ")) {
                html += "</details>\n"
                hintOpen = false
            }
            if hints[line] != nil { hintOpen = true }
            let region = chapter.solutionRegions.first { $0.all.contains(line) }
            if let current = openRegion, current.solutionMarker != region?.solutionMarker {
                html += "</div>\n"
                openRegion = nil
            }
            guard let region else { html += node.html; continue }
            if region.solution.contains(line) {
                guard context.edition == .instructor else { continue }
                if openRegion == nil {
                    html += "<div class=\"solution\">\n<p class=\"solution-label\">Solution · exercise \(escapeHTML(region.exercise)) · instructor edition only</p>\n"
                    openRegion = region
                }
                html += node.html
            } else if region.student.contains(line) {
                if context.edition == .student { html += node.html }
            }
        }
        if openRegion != nil { html += "</div>\n" }
        if hintOpen { html += "</details>\n" }
        return html
    }

    // MARK: Code blocks

    private func codeBlockHTML(_ node: MarkdownNode) throws -> String? {
        let line = node.startLine
        if let callout = chapter.callouts.first(where: { $0.fence.line == line }) { return calloutHTML(callout) }
        if let diagram = chapter.diagrams.first(where: { $0.fence.line == line }) { return try diagramHTML(diagram) }
        guard let block = chapter.blocks.first(where: { $0.fence.line == line }) else { return nil }
        let key = BlockKey(path: chapter.path, fenceLine: line)
        let code = codeHTML(block, spans: context.highlights[key]?.spans ?? [])
        guard block.isTangled, let numbered = context.xref.block(key) else {
            let language = block.language.isEmpty ? "" : " data-language=\"\(escapeHTML(block.language))\""
            return "<pre class=\"listing\"\(language)><code>\(code)</code></pre>\n"
        }
        return chunkHTML(block, numbered: numbered, code: code)
    }

    /// A tangled block: its header (number, name, where it lands), its code, its cross-references.
    private func chunkHTML(_ block: CodeBlock, numbered: NumberedBlock, code: String) -> String {
        let xref = context.xref
        let definitions = xref.definitions[numbered.chunk] ?? []
        let isContinuation = definitions.first != numbered.key
        let name = CrossReference.displayName(numbered.chunk)
        let isUnnamedRoot = block.attributes.chunk == nil
        var head = "<a class=\"chunk-number\" href=\"#\(numbered.anchor)\">\(numbered.label)</a> "
        head += isUnnamedRoot ? "<span class=\"chunk-name file-name\">\(escapeHTML(name))</span>"
                              : "<span class=\"chunk-name\">⟨\(escapeHTML(name))⟩</span>"
        head += "<span class=\"chunk-op\">\(isContinuation ? "+≡" : "≡")</span>"
        if let exercise = block.attributes.exercise {
            let label = context.edition == .student ? "your code: exercise \(exercise)" : "exercise \(exercise)"
            head += " <span class=\"chunk-exercise\">\(escapeHTML(label))</span>"
        }
        if let location = xref.location(path: chapter.path, line: block.firstLine.line) {
            let text = isUnnamedRoot && location.file == block.attributes.file ? "line \(location.line)" : location.description
            head += " <span class=\"chunk-file\">\(escapeHTML(text))</span>"
        } else if let file = xref.roots[numbered.chunk] {
            head += " <span class=\"chunk-file\">Sources/\(escapeHTML(file))</span>"
        }
        var notes: [String] = []
        if isContinuation, let first = definitions.first.flatMap(xref.block) {
            notes.append("Defined in " + link(first) + ".")
        }
        let later = definitions.drop { $0 != numbered.key }.dropFirst().compactMap(xref.block)
        if !later.isEmpty { notes.append("Continued in " + later.map(link).joined(separator: ", ") + ".") }
        let users = (xref.uses[numbered.chunk] ?? []).compactMap(xref.block)
        if !users.isEmpty && !isContinuation { notes.append("Used in " + users.map(link).joined(separator: ", ") + ".") }
        if let file = xref.roots[numbered.chunk], !isContinuation, !isUnnamedRoot { notes.append("Root of Sources/\(escapeHTML(file)).") }
        var html = "<div class=\"chunk\" id=\"\(numbered.anchor)\">\n<div class=\"chunk-head\">\(head)</div>\n"
        html += "<pre><code class=\"language-\(escapeHTML(block.language))\">\(code)</code></pre>\n"
        if !notes.isEmpty { html += "<p class=\"chunk-refs\">\(notes.joined(separator: " "))</p>\n" }
        return html + "</div>\n"
    }

    private func link(_ block: NumberedBlock) -> String {
        let href = block.page == Page.chapterPage(chapter.path) ? "#" + block.anchor : block.href
        return "<a href=\"\(href)\">\(block.label)</a>"
    }

    /// The block's code as HTML: highlighted spans, and `<<name>>` lines as links to the chunk.
    private func codeHTML(_ block: CodeBlock, spans: [HighlightSpan]) -> String {
        var html = ""
        var offset = 0
        var spanIndex = 0
        for (number, line) in block.lines.enumerated() {
            if number > 0 { html += "\n"; offset += 1 }
            let bytes = Array(line.utf8)
            defer { offset += bytes.count }
            if block.isTangled, let name = referencedChunk(in: line) {
                let indentation = String(line.prefix { $0 == " " || $0 == "\t" })
                html += indentation + referenceHTML(name)
                continue
            }
            var position = 0
            while position < bytes.count {
                while spanIndex < spans.count && spans[spanIndex].offset + spans[spanIndex].length <= offset + position {
                    spanIndex += 1
                }
                let absolute = offset + position
                if spanIndex < spans.count, spans[spanIndex].offset <= absolute {
                    let span = spans[spanIndex]
                    let end = min(span.offset + span.length - offset, bytes.count)
                    html += "<span class=\"\(span.cssClass)\">" + escapeHTML(String(decoding: bytes[position..<end], as: UTF8.self)) + "</span>"
                    position = end
                } else {
                    let next = spanIndex < spans.count ? min(spans[spanIndex].offset - offset, bytes.count) : bytes.count
                    html += escapeHTML(String(decoding: bytes[position..<next], as: UTF8.self))
                    position = next
                }
            }
        }
        return html
    }

    private func referenceHTML(_ name: String) -> String {
        guard let target = context.xref.definition(of: name) else {
            return "<span class=\"ref\">⟨\(escapeHTML(name))⟩</span>"
        }
        return "<span class=\"ref\">⟨<a href=\"\(target.page == Page.chapterPage(chapter.path) ? "#" + target.anchor : target.href)\">\(escapeHTML(name))</a> <span class=\"ref-number\">\(target.label)</span>⟩</span>"
    }

    // MARK: Callouts and diagrams

    private func calloutHTML(_ callout: ExerciseCallout) -> String {
        var html = "<aside class=\"exercise\" aria-label=\"Exercise \(escapeHTML(callout.exercise))\">\n"
        html += "<p class=\"exercise-label\">Exercise · \(escapeHTML(callout.exercise))</p>\n"
        html += "<p>" + callout.lines.map { inlineHTML($0, links: resolveLink) }.joined(separator: "<br>\n") + "</p>\n"
        if let page = context.exercisePages[callout.exercise] {
            html += "<p class=\"exercise-link\"><a href=\"\(page)\">Open the exercise: statement, tests and hints →</a></p>\n"
        }
        return html + "</aside>\n"
    }

    private func diagramHTML(_ diagram: Diagram) throws -> String {
        let place = "\(chapter.path):\(diagram.fence.line)"
        guard let scenario = context.scenarios[diagram.scenario] else {
            throw RenderError("\(place): error: no scenario '\(diagram.scenario)' (there are: \(context.scenarios.keys.sorted().joined(separator: ", ")))")
        }
        let svg: String
        switch diagram.view {
        case .rings:
            guard let moment = diagram.moment, let state = scenario.moments[moment] else {
                throw RenderError("\(place): error: scenario '\(diagram.scenario)' has no moment '\(diagram.moment ?? "")' (it has: \(scenario.moments.keys.sorted().joined(separator: ", ")))")
            }
            svg = RingsDrawing(state: state, caption: diagram.caption, id: "diagram-\(diagram.fence.line)").svg
        case .journey:
            guard let steps = scenario.journey else {
                throw RenderError("\(place): error: scenario '\(diagram.scenario)' has no journey")
            }
            svg = JourneyDrawing(steps: steps, caption: diagram.caption, id: "diagram-\(diagram.fence.line)").svg
        }
        return "<figure class=\"diagram\">\n<div class=\"diagram-scroll\">\(svg)</div>\n<figcaption>\(escapeHTML(diagram.caption))</figcaption>\n</figure>\n"
    }

    // MARK: Links

    /// The site's URL for a link in the Markdown, or nil when it points at no page of the site.
    func resolveLink(_ url: String) -> String? {
        if url.isEmpty || url.hasPrefix("#") || url.contains(":") { return url }
        let parts = url.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        let fragment = parts.count > 1 ? "#" + parts[1] : ""
        var segments = folder.split(separator: "/").map(String.init)
        for segment in parts[0].split(separator: "/") {
            if segment == ".." { if !segments.isEmpty { segments.removeLast() } } else if segment != "." { segments.append(String(segment)) }
        }
        if segments.count == 2, segments[0] == Book.chaptersFolder, let page = context.chapterPages[segments[1]] {
            return page + fragment
        }
        if segments.count >= 2, segments[0] == "Exercises", segments.count == 2 || segments.last == "README.md" {
            let folderName = segments[1]
            if let page = context.exercisePages.first(where: { Page.exercisePage(folderName) == $0.value })?.value {
                return page + fragment
            }
        }
        return nil
    }
}
