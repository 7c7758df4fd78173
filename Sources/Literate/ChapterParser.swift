// Reading a chapter: bytes → UTF-8 text → cmark document → code blocks and mark-ups.
//
// cmark is the only Markdown parser here; this file only walks its tree. Every code block
// cmark reports is either kept (tangled or shown as an illustration), or refused at its line:
// none is dropped. Every problem is reported with the chapter's path and line, and all
// problems of a chapter are collected before giving up, so an author sees them together.

import CCmark
#if canImport(Glibc)
import Glibc
#endif

public enum ChapterParser {
    /// Parses a chapter's bytes.
    ///
    /// - Parameters:
    ///   - bytes: the file's content.
    ///   - path: the chapter's path relative to the book root, used in diagnostics.
    /// - Throws: `DiagnosticList` when the chapter is not UTF-8 or a block is malformed.
    public static func parse(bytes: [UInt8], path: String) throws(DiagnosticList) -> Chapter {
        guard let source = String(validating: bytes, as: UTF8.self) else {
            let line = lineOfFirstByte(in: bytes) { String(validating: $0, as: UTF8.self) == nil }
            throw DiagnosticList([Diagnostic(.notUTF8, at: SourcePosition(path: path, line: line))])
        }
        return try parse(source: source, path: path)
    }

    /// Parses a chapter's text. See `parse(bytes:path:)`.
    public static func parse(source: String, path: String) throws(DiagnosticList) -> Chapter {
        let utf8 = Array(source.utf8)
        // cmark turns NUL into U+FFFD, which would change the code and every column after it.
        if utf8.contains(0) {
            let line = lineOfFirstByte(in: utf8) { $0.contains(0) }
            throw DiagnosticList([Diagnostic(.nulByte, at: SourcePosition(path: path, line: line))])
        }
        let sourceLines = SourceLines(utf8)
        var builder = ChapterBuilder(path: path, source: source, lines: sourceLines)

        let options = CMARK_OPT_DEFAULT | CMARK_OPT_SOURCEPOS
        guard let document = cmark_parse_document(source, utf8.count, options) else {
            preconditionFailure("cmark_parse_document returned nil (out of memory)")
        }
        defer { cmark_node_free(document) }

        let iterator = cmark_iter_new(document)
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            if type == CMARK_NODE_CODE_BLOCK {
                builder.addCodeBlock(
                    line: Int(cmark_node_get_start_line(node)), column: Int(cmark_node_get_start_column(node)),
                    info: cmark_node_get_fence_info(node).map { String(cString: $0) } ?? "",
                    literal: cmark_node_get_literal(node).map { String(cString: $0) } ?? "")
            } else if type == CMARK_NODE_HTML_BLOCK || type == CMARK_NODE_HTML_INLINE {
                let literal = cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
                let isTopLevel = type == CMARK_NODE_HTML_BLOCK && cmark_node_parent(node) == document
                builder.addHTML(literal, line: blockLine(of: node), isTopLevelBlock: isTopLevel)
            }
        }
        return try builder.finish()
    }
}

/// The line of the nearest enclosing node that has one (cmark 0.30 gives inlines no position).
private func blockLine(of node: OpaquePointer) -> Int {
    var current: OpaquePointer? = node
    while let candidate = current {
        let line = Int(cmark_node_get_start_line(candidate))
        if line > 0 { return line }
        current = cmark_node_parent(candidate)
    }
    return 1
}

/// The 1-based line (counted as cmark counts) of the first line for which `isBad` holds.
private func lineOfFirstByte(in bytes: [UInt8], where isBad: (ArraySlice<UInt8>) -> Bool) -> Int {
    let lines = SourceLines(bytes)
    return (lines.ranges.firstIndex { isBad(bytes[$0]) } ?? lines.count - 1) + 1
}
