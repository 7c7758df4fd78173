// Section headings, and the anchors that cite them. Chapters, the student edition's stubs, the
// rendered book and the grader's feedback all name a section by the same anchor, made here
// once, the way a Git host makes it, so a link works on the host and in the rendered book alike.

/// An ATX heading of a chapter (`## Title`), outside code blocks.
public struct Heading: Hashable, Sendable {
    /// 1 for `#`, 2 for `##`, and so on.
    public var level: Int
    /// The title as written, mark-up included (`Hand-over (and \`b.disk\`)`).
    public var text: String
    /// The heading's line in its chapter.
    public var line: Int

    public var anchor: String { headingAnchor(text) }
}

/// GitHub's anchor for a heading: lower case; letters, digits, `-` and `_` kept; spaces turned
/// into hyphens; everything else dropped.
public func headingAnchor(_ text: String) -> String {
    String(text.lowercased().compactMap { c -> Character? in
        if c == " " { return "-" }
        return c.isLetter || c.isNumber || c == "-" || c == "_" ? c : nil
    })
}

extension Chapter {
    /// The chapter's ATX headings outside code blocks, in order.
    public var headings: [Heading] {
        let code = blocks.map { $0.fence.line...($0.firstLine.line + $0.lines.count) }  // through the closing fence
        var headings: [Heading] = []
        for (index, text) in lines.enumerated() where text.hasPrefix("#") {
            let number = index + 1
            let marks = text.prefix { $0 == "#" }
            let title = text.dropFirst(marks.count)
            guard marks.count <= 6, title.first == " ",
                  !code.contains(where: { $0.contains(number) }) else { continue }
            headings.append(Heading(level: marks.count, text: StudentEdition.trimmed(String(title)), line: number))
        }
        return headings
    }
}
