// Builds one generated file's text by expanding its root chunk.
//
// Each block is preceded by a line directive naming its chapter line, restored after each
// reference, so compilers report the chapter's line. The expansion keeps its own stack (the
// reference graph has already refused cycles and nesting beyond `ReferenceGraph.maxNesting`).

struct FileWriter {
    var style: CommentStyle
    var lines: [String] = []
    var chapters: [String] = []

    /// Where the expansion stands in one chunk.
    private struct Frame {
        var chunk: ChunkDefinition
        var indentation: String
        var block = 0
        var line = 0
        /// A reference was just expanded: the next line of this block needs a directive.
        var returning = false
    }

    mutating func expand(_ key: String, chunks: [String: ChunkDefinition]) {
        guard let root = chunks[key] else { return }  // checked before expansion
        var stack = [enter(root, indentation: "")]
        while var frame = stack.popLast() {
            guard frame.block < frame.chunk.blocks.count else {
                if let exercise = frame.chunk.exercise {
                    lines.append(frame.indentation + style.lineComment("workbook: end exercise \(exercise)"))
                }
                continue
            }
            let block = frame.chunk.blocks[frame.block]
            if frame.line == 0 && !frame.returning {
                if !chapters.contains(block.fence.path) { chapters.append(block.fence.path) }
                directive(block.firstLine, indentation: frame.indentation)
            }
            guard frame.line < block.lines.count else {
                frame.block += 1
                frame.line = 0
                frame.returning = false
                stack.append(frame)
                continue
            }
            let position = SourcePosition(path: block.fence.path, line: block.firstLine.line + frame.line)
            if frame.returning {
                directive(position, indentation: frame.indentation)
                frame.returning = false
            }
            let line = block.lines[frame.line]
            frame.line += 1
            if case .reference(let found) = scanReference(line, at: position), let child = chunks[found.name] {
                frame.returning = true
                stack.append(frame)
                stack.append(enter(child, indentation: frame.indentation + found.indentation))
            } else {
                lines.append(line.isEmpty ? "" : frame.indentation + line)
                stack.append(frame)
            }
        }
    }

    private mutating func enter(_ chunk: ChunkDefinition, indentation: String) -> Frame {
        if let exercise = chunk.exercise {
            lines.append(indentation + style.lineComment("workbook: begin exercise \(exercise)"))
        }
        return Frame(chunk: chunk, indentation: indentation)
    }

    private mutating func directive(_ position: SourcePosition, indentation: String) {
        if let text = style.lineDirective(position) { lines.append(indentation + text) }
    }

    /// The finished text: header, body, the directive that ends the mapping, one final newline.
    func finish() -> String {
        var out = style.header(chapters: chapters)
        out.append("")
        out += lines
        if let reset = style.resetDirective { out.append(reset) }
        return out.joined(separator: "\n") + "\n"
    }
}
