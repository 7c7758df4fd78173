// GFM pipe tables, which cmark 0.30 leaves as paragraphs.
//
// The rules are the GFM specification's (section 4.10): a header row, then a delimiter row with
// the same number of cells (`---`, `:--`, `--:`, `:-:`), then body rows up to the end of the
// paragraph. Cells split at unescaped pipes; `\|` is a pipe inside a cell, even in code.
// Missing cells are empty and excess cells are dropped. Lines before the header stay a
// paragraph. Cell text is inline Markdown, rendered by cmark.

enum ColumnAlignment: Equatable { case none, left, center, right }

/// A pipe table found in a paragraph's lines.
struct PipeTable: Equatable {
    /// Lines before the header row (rendered as a paragraph), possibly empty.
    var leading: [String]
    var header: [String]
    var alignments: [ColumnAlignment]
    var rows: [[String]]

    /// Finds a table in a paragraph's source lines, or nil when there is none.
    static func parse(_ lines: [String]) -> PipeTable? {
        guard lines.count >= 2 else { return nil }
        for index in 0..<(lines.count - 1) {
            let header = cells(lines[index])
            guard let alignments = delimiterRow(lines[index + 1]), header.count == alignments.count,
                  lines[index].contains("|") || lines[index + 1].contains("|") else { continue }
            let rows = lines[(index + 2)...].map { row -> [String] in
                let found = cells(row)
                return (0..<header.count).map { $0 < found.count ? found[$0] : "" }
            }
            return PipeTable(leading: Array(lines[..<index]), header: header, alignments: alignments, rows: rows)
        }
        return nil
    }

    /// The row's cells, trimmed, with `\|` turned into `|`.
    static func cells(_ line: String) -> [String] {
        var text = Substring(line.trimmingSpaces)
        if text.hasPrefix("|") { text = text.dropFirst() }
        if text.hasSuffix("|") && !text.hasSuffix("\\|") { text = text.dropLast() }
        var cells: [String] = []
        var current = ""
        var escaped = false
        for character in text {
            if escaped {
                current += character == "|" ? "|" : "\\" + String(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "|" {
                cells.append(current.trimmingSpaces)
                current = ""
            } else {
                current.append(character)
            }
        }
        if escaped { current += "\\" }
        cells.append(current.trimmingSpaces)
        return cells
    }

    /// The alignments a delimiter row sets, or nil when the line is not one.
    static func delimiterRow(_ line: String) -> [ColumnAlignment]? {
        guard line.contains("-") else { return nil }
        var alignments: [ColumnAlignment] = []
        for cell in cells(line) {
            let left = cell.hasPrefix(":"), right = cell.hasSuffix(":")
            let dashes = cell.dropFirst(left ? 1 : 0).dropLast(right && cell.count > 1 ? 1 : 0)
            guard !dashes.isEmpty, dashes.allSatisfy({ $0 == "-" }) else { return nil }
            alignments.append(left && right ? .center : right ? .right : left ? .left : .none)
        }
        return alignments
    }

    /// The table as HTML, laid out as the GFM specification's examples are.
    var html: String { html(links: { $0 }) }

    /// The table as HTML, each link's URL given by `links` (nil keeps only the text).
    func html(links: (String) -> String?) -> String {
        var out = ""
        if !leading.isEmpty { out += "<p>" + inlineHTML(leading.joined(separator: "\n"), links: links) + "</p>\n" }
        out += "<table>\n<thead>\n<tr>\n"
        for (cell, alignment) in zip(header, alignments) { out += Self.cell("th", cell, alignment, links) }
        out += "</tr>\n</thead>\n"
        if !rows.isEmpty {
            out += "<tbody>\n"
            for row in rows {
                out += "<tr>\n"
                for (cell, alignment) in zip(row, alignments) { out += Self.cell("td", cell, alignment, links) }
                out += "</tr>\n"
            }
            out += "</tbody>\n"
        }
        return out + "</table>\n"
    }

    /// One cell. Alignment is a style: HTML5 dropped the `align` attribute the spec's examples use.
    private static func cell(_ tag: String, _ markdown: String, _ alignment: ColumnAlignment,
                             _ links: (String) -> String?) -> String {
        let style: String
        switch alignment {
        case .none: style = ""
        case .left: style = " style=\"text-align: left\""
        case .center: style = " style=\"text-align: center\""
        case .right: style = " style=\"text-align: right\""
        }
        return "<\(tag)\(style)>\(inlineHTML(markdown, links: links))</\(tag)>\n"
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        let isBlank = { (c: Character) in c == " " || c == "\t" }
        guard let first = firstIndex(where: { !isBlank($0) }), let last = lastIndex(where: { !isBlank($0) }) else { return "" }
        return String(self[first...last])
    }
}
