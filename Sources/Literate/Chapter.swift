// The chapter model: what the book tool knows about one Markdown chapter.
//
// A chapter is prose plus fenced code blocks. The tool keeps the code blocks with their
// language, attributes and the line each starts on; the prose is only ever rendered, so the
// parsed cmark document is not kept.

/// One fenced code block of a chapter.
public struct CodeBlock: Hashable, Sendable {
    /// Where the opening fence stands.
    public var fence: SourcePosition
    public var language: String
    public var attributes: BlockAttributes
    /// The block's lines, without their line terminators.
    public var lines: [String]

    /// Position of the first code line (the line after the fence).
    public var firstLine: SourcePosition { SourcePosition(path: fence.path, line: fence.line + 1) }

    /// A block is tangled when it names a chunk or a file.
    public var isTangled: Bool { attributes.chunk != nil || attributes.file != nil }

    public init(fence: SourcePosition, language: String, attributes: BlockAttributes, lines: [String]) {
        self.fence = fence
        self.language = language
        self.attributes = attributes
        self.lines = lines
    }
}

/// One chapter: its path relative to the book's root and its code blocks in order.
public struct Chapter: Hashable, Sendable {
    public var path: String
    public var source: String
    public var blocks: [CodeBlock]

    public init(path: String, source: String, blocks: [CodeBlock]) {
        self.path = path
        self.source = source
        self.blocks = blocks
    }
}
