// Reading a chapter: bytes → UTF-8 text → cmark document → code blocks.
//
// cmark is the only Markdown parser here; this file only walks its tree. Every problem is
// reported with the chapter's path and line, and all problems of a chapter are collected
// before giving up, so an author sees them together.

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
            let line = firstInvalidUTF8Line(bytes)
            throw DiagnosticList([Diagnostic(.notUTF8, at: SourcePosition(path: path, line: line))])
        }
        return try parse(source: source, path: path)
    }

    /// Parses a chapter's text. See `parse(bytes:path:)`.
    public static func parse(source: String, path: String) throws(DiagnosticList) -> Chapter {
        let sourceLines = splitLines(source)
        var blocks: [CodeBlock] = []
        var problems: [Diagnostic] = []

        let options = CMARK_OPT_DEFAULT | CMARK_OPT_SOURCEPOS
        let utf8 = Array(source.utf8)
        guard let document = utf8.withUnsafeBufferPointer({ buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: max(buffer.count, 1)) {
                cmark_parse_document($0, buffer.count, options)
            }
        }) else {
            preconditionFailure("cmark_parse_document returned nil (out of memory)")
        }
        defer { cmark_node_free(document) }

        let iterator = cmark_iter_new(document)
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER else { continue }
            let node = cmark_iter_get_node(iterator)
            guard cmark_node_get_type(node) == CMARK_NODE_CODE_BLOCK else { continue }

            let fenceLine = Int(cmark_node_get_start_line(node))
            let position = SourcePosition(path: path, line: fenceLine)
            let info = cmark_node_get_fence_info(node).map { String(cString: $0) } ?? ""
            let literal = cmark_node_get_literal(node).map { String(cString: $0) } ?? ""

            // cmark 0.30 reports an indented block and an unlabelled fence the same way;
            // the source line tells them apart. Indented blocks are never tangled.
            let raw = fenceLine >= 1 && fenceLine <= sourceLines.count ? sourceLines[fenceLine - 1] : ""
            let trimmed = raw.drop { $0 == " " || $0 == "\t" || $0 == ">" }
            let isFenced = trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~")

            do {
                guard isFenced else { continue }
                let (language, attributes) = try parseInfoString(info)
                if language.isEmpty {
                    problems.append(Diagnostic(.missingLanguage, at: position))
                    continue
                }
                var lines = splitLines(literal)
                if lines.last == "" { lines.removeLast() }
                blocks.append(CodeBlock(fence: position, language: language, attributes: attributes, lines: lines))
            } catch {
                problems.append(Diagnostic(.malformedAttribute(detail: error.detail), at: position))
            }
        }
        if !problems.isEmpty { throw DiagnosticList(problems) }
        return Chapter(path: path, source: source, blocks: blocks)
    }
}

/// Splits text on "\n", dropping a "\r" before it, so CRLF chapters tangle like LF ones.
/// Works on UTF-8 bytes: a line break is never part of a multi-byte character.
func splitLines(_ text: String) -> [String] {
    text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line in
        let body = line.last == UInt8(ascii: "\r") ? line.dropLast() : line[...]
        return String(Substring(body))
    }
}

/// The 1-based line holding the first byte that is not valid UTF-8.
private func firstInvalidUTF8Line(_ bytes: [UInt8]) -> Int {
    var line = 1
    var start = 0
    for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
        if String(validating: bytes[start..<index], as: UTF8.self) == nil { return line }
        line += 1
        start = index + 1
    }
    return line
}
