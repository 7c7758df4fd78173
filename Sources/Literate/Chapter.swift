// The chapter model: what the book tool knows about one Markdown chapter.
//
// A chapter is prose plus fenced blocks. The tool keeps the code blocks with their language,
// attributes and the line each starts on, and the three non-code mark-ups (exercise callouts,
// diagrams, solution regions); the prose is only ever rendered, so the parsed cmark document
// is not kept. Every line number is counted as cmark counts lines: a line ends at LF, CR or CRLF.

/// One fenced code block of a chapter.
public struct CodeBlock: Hashable, Sendable {
    /// Where the opening fence stands.
    public var fence: SourcePosition
    public var language: String
    public var attributes: BlockAttributes
    /// The block's lines, without their line terminators: chapter lines
    /// `firstLine.line ..< firstLine.line + lines.count`.
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

/// One chapter: its path relative to the book's root, its code blocks and its mark-ups in order.
public struct Chapter: Hashable, Sendable {
    public var path: String
    public var source: String
    public var blocks: [CodeBlock]
    public var callouts: [ExerciseCallout]
    public var diagrams: [Diagram]
    public var solutionRegions: [SolutionRegion]

    public init(path: String, source: String, blocks: [CodeBlock], callouts: [ExerciseCallout] = [],
                diagrams: [Diagram] = [], solutionRegions: [SolutionRegion] = []) {
        self.path = path
        self.source = source
        self.blocks = blocks
        self.callouts = callouts
        self.diagrams = diagrams
        self.solutionRegions = solutionRegions
    }

    /// The chapter's lines without their terminators; line N of every position is `lines[N - 1]`.
    public var lines: [String] { splitLines(source) }

    /// The solution region whose solution part holds `line`, if any.
    public func solutionRegion(holding line: Int) -> SolutionRegion? {
        solutionRegions.first { $0.solution.contains(line) }
    }
}
