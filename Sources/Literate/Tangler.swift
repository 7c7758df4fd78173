// Tangling: from the chapters' code blocks to the text of each generated source file.
//
// Chunks are collected in document order across chapters (a repeated name appends), the
// reference graph is checked (undefined names, cycles) before anything is expanded, and then
// each file's root is expanded with every reference re-indented to where it stands. Each
// expanded block is preceded by a line directive, so compilers report the chapter's line.

/// The text of one file the chapters produce.
public struct GeneratedFile: Hashable, Sendable {
    /// Path relative to Sources/.
    public var path: String
    public var contents: String
    /// The chapters whose blocks went into the file, in book order.
    public var chapters: [String]
    /// Where the file's root is first defined.
    public var origin: SourcePosition
}

/// What tangling produced: the files, and warnings that do not stop the run.
public struct TangleResult: Sendable {
    public var files: [GeneratedFile]
    public var warnings: [Diagnostic]
}

/// One named chunk: every block that defines or continues it, in book order.
struct ChunkDefinition {
    var name: String
    var blocks: [CodeBlock] = []
    var exercise: String?
}

/// A reference `<<name>>` found on a code line.
struct ChunkReference {
    var name: String
    var indentation: String
    var position: SourcePosition
}

/// Recognises a reference: a line holding only `<<name>>` (and indentation).
/// Scans UTF-8 bytes, since every line of the book passes through here.
func reference(in line: String, at position: SourcePosition) -> ChunkReference? {
    let bytes = line.utf8
    let isBlank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
    guard let start = bytes.firstIndex(where: { !isBlank($0) }),
          let last = bytes.lastIndex(where: { !isBlank($0) }) else { return nil }
    let body = bytes[start...last]
    let open = UInt8(ascii: "<"), close = UInt8(ascii: ">")
    guard body.count > 4, body.first == open, body.dropFirst().first == open,
          body.last == close, body.dropLast().last == close else { return nil }
    let name = String(Substring(body.dropFirst(2).dropLast(2)))
    guard !name.contains("<<"), !name.contains(">>") else { return nil }
    let indentation = String(Substring(bytes[..<start]))
    return ChunkReference(name: name, indentation: indentation, position: position)
}

public enum Tangler {
    /// Tangles the chapters, given in book order.
    ///
    /// - Returns: the files to write, sorted by path, and the warnings.
    /// - Throws: `DiagnosticList` with every error found; then nothing may be written.
    public static func tangle(_ chapters: [Chapter]) throws(DiagnosticList) -> TangleResult {
        var collector = ChunkCollector()
        for chapter in chapters {
            for block in chapter.blocks where block.isTangled { collector.add(block) }
        }
        var errors = collector.errors
        let graph = ReferenceGraph(chunks: collector.chunks)
        errors += graph.undefinedReferences()
        errors += graph.cycles()
        let exerciseProblems = ExerciseChecks(
            chapters: Dictionary(chapters.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first }),
            chunks: collector.chunks, graph: graph, rootKeys: collector.roots.values.map(\.key)).run()
        errors += exerciseProblems.filter { $0.severity == .error }
        if !errors.isEmpty { throw DiagnosticList(errors.sortedByPosition()) }

        var files: [GeneratedFile] = []
        var used = Set<String>()
        for (path, root) in collector.roots.sorted(by: { $0.key < $1.key }) {
            var writer = FileWriter(style: CommentStyle(forPath: path))
            writer.expand(root.key, chunks: collector.chunks, indentation: "", used: &used)
            let contents = writer.finish(path: path)
            files.append(GeneratedFile(path: path, contents: contents, chapters: writer.chapters,
                                       origin: root.position))
        }
        let reachable = graph.reachable(from: collector.roots.values.map(\.key))
        let unused = collector.order.compactMap { name -> Diagnostic? in
            guard !reachable.contains(name), let first = collector.chunks[name]?.blocks.first else { return nil }
            return Diagnostic(.unusedChunk(name: name), at: first.fence)
        }
        let warnings = unused + graph.repeatedUses() + exerciseProblems.filter { $0.severity == .warning }
        return TangleResult(files: files, warnings: warnings.sortedByPosition())
    }
}

/// Gathers chunk definitions and file roots from blocks in book order.
struct ChunkCollector {
    struct Root { var key: String; var position: SourcePosition; var label: String }

    var chunks: [String: ChunkDefinition] = [:]
    var order: [String] = []
    var roots: [String: Root] = [:]
    var errors: [Diagnostic] = []

    /// The key of the implicit root that unnamed `file=` blocks append to.
    static func anonymousKey(_ path: String) -> String { "\u{0}file=" + path }

    mutating func add(_ block: CodeBlock) {
        let key: String
        if let name = block.attributes.chunk {
            key = name
        } else if let path = block.attributes.file {
            key = Self.anonymousKey(path)
        } else {
            return
        }
        if chunks[key] == nil {
            chunks[key] = ChunkDefinition(name: key)
            if block.attributes.chunk != nil { order.append(key) }
        }
        chunks[key]!.blocks.append(block)

        if let exercise = block.attributes.exercise {
            if let earlier = chunks[key]!.exercise, earlier != exercise {
                errors.append(Diagnostic(.conflictingExercise(chunk: key, first: earlier, second: exercise), at: block.fence))
            } else {
                chunks[key]!.exercise = exercise
            }
        }
        if let path = block.attributes.file { addRoot(path: path, key: key, block: block) }
    }

    private mutating func addRoot(path: String, key: String, block: CodeBlock) {
        if let reason = unsafeReason(path) {
            errors.append(Diagnostic(.unsafeTargetPath(path: path, reason: reason), at: block.fence))
            return
        }
        let label = block.attributes.chunk.map { "chunk '\($0)'" } ?? "the unnamed file=\(path) blocks"
        if let existing = roots[path] {
            if existing.key != key {
                errors.append(Diagnostic(.conflictingRoots(path: path, first: existing.label,
                                                           firstPosition: existing.position, second: label),
                                         at: block.fence))
            }
            return
        }
        roots[path] = Root(key: key, position: block.fence, label: label)
    }

    /// Why a target path may not be written, or nil when it is a plain path inside Sources/.
    private func unsafeReason(_ path: String) -> String? {
        if path.hasPrefix("/") || path.hasPrefix("~") { return "is absolute" }
        if path.contains("\\") { return "contains a backslash" }
        if path.hasSuffix("/") { return "names a folder, not a file" }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        if parts.contains("..") { return "escapes Sources/ with '..'" }
        if parts.contains(where: { $0.isEmpty || $0 == "." }) { return "has an empty or '.' component" }
        if parts.contains(where: { $0.hasPrefix(".") }) { return "names a hidden file or folder" }
        return nil
    }
}

/// The chunk reference graph, for the checks that must pass before expansion.
struct ReferenceGraph {
    var chunks: [String: ChunkDefinition]
    /// References made by each chunk, in the order they appear.
    var edges: [String: [ChunkReference]] = [:]

    init(chunks: [String: ChunkDefinition]) {
        self.chunks = chunks
        for (key, chunk) in chunks {
            var references: [ChunkReference] = []
            for block in chunk.blocks {
                for (offset, line) in block.lines.enumerated() {
                    let position = SourcePosition(path: block.fence.path, line: block.firstLine.line + offset)
                    if let found = reference(in: line, at: position) { references.append(found) }
                }
            }
            edges[key] = references
        }
    }

    func undefinedReferences() -> [Diagnostic] {
        let names = chunks.keys.filter { !$0.hasPrefix("\u{0}") }
        return edges.values.joined().filter { chunks[$0.name] == nil }.map {
            Diagnostic(.undefinedReference(name: $0.name, suggestion: closestName(to: $0.name, among: names)),
                       at: $0.position)
        }
    }

    /// A warning at every reference to a chunk that is already referenced elsewhere: two
    /// chapters that pick the same name by accident would otherwise silently share it.
    func repeatedUses() -> [Diagnostic] {
        var first: [String: SourcePosition] = [:]
        var found: [Diagnostic] = []
        let all = edges.values.joined().sorted { ($0.position.path, $0.position.line) < ($1.position.path, $1.position.line) }
        for edge in all {
            if let earlier = first[edge.name] {
                found.append(Diagnostic(.chunkUsedAgain(name: edge.name, first: earlier), at: edge.position))
            } else {
                first[edge.name] = edge.position
            }
        }
        return found
    }

    /// Every cycle, reported once, at the reference that closes it.
    func cycles() -> [Diagnostic] {
        enum Mark { case visiting, done }
        var marks: [String: Mark] = [:]
        var stack: [String] = []
        var found: [Diagnostic] = []

        func visit(_ key: String) {
            marks[key] = .visiting
            stack.append(key)
            for edge in edges[key] ?? [] where chunks[edge.name] != nil {
                switch marks[edge.name] {
                case .visiting:
                    let start = stack.firstIndex(of: edge.name)!
                    let cycle = (stack[start...] + [edge.name]).map(displayName)
                    found.append(Diagnostic(.cyclicReference(cycle: cycle), at: edge.position))
                case .done:
                    continue
                case nil:
                    visit(edge.name)
                }
            }
            stack.removeLast()
            marks[key] = .done
        }
        for key in chunks.keys.sorted() where marks[key] == nil { visit(key) }
        return found
    }

    /// Every chunk reachable from `starts` (themselves included), never entering `avoided`.
    func reachable(from starts: [String], avoiding avoided: String? = nil) -> Set<String> {
        var seen = Set<String>()
        var pending = starts.filter { $0 != avoided }
        while let key = pending.popLast() {
            guard seen.insert(key).inserted else { continue }
            for edge in edges[key] ?? [] where edge.name != avoided && !seen.contains(edge.name) { pending.append(edge.name) }
        }
        return seen
    }

    func displayName(_ key: String) -> String {
        key.hasPrefix("\u{0}file=") ? "file=" + key.dropFirst(6) : key
    }
}

/// Builds one file's text by expanding its root.
struct FileWriter {
    var style: CommentStyle
    var lines: [String] = []
    var chapters: [String] = []

    mutating func expand(_ key: String, chunks: [String: ChunkDefinition], indentation: String,
                         used: inout Set<String>) {
        guard let chunk = chunks[key] else { return }  // checked before expansion
        used.insert(key)
        if let exercise = chunk.exercise {
            lines.append(indentation + style.lineComment("workbook: begin exercise \(exercise)"))
        }
        for block in chunk.blocks {
            if !chapters.contains(block.fence.path) { chapters.append(block.fence.path) }
            directive(block.firstLine, indentation: indentation)
            for (offset, line) in block.lines.enumerated() {
                let position = SourcePosition(path: block.fence.path, line: block.firstLine.line + offset)
                if let found = reference(in: line, at: position) {
                    expand(found.name, chunks: chunks, indentation: indentation + found.indentation, used: &used)
                    if offset + 1 < block.lines.count {
                        directive(SourcePosition(path: position.path, line: position.line + 1), indentation: indentation)
                    }
                } else {
                    lines.append(line.isEmpty ? "" : indentation + line)
                }
            }
        }
        if let exercise = chunk.exercise {
            lines.append(indentation + style.lineComment("workbook: end exercise \(exercise)"))
        }
    }

    private mutating func directive(_ position: SourcePosition, indentation: String) {
        if let text = style.lineDirective(position) { lines.append(indentation + text) }
    }

    /// The finished text: header, body, the directive that ends the mapping, one final newline.
    func finish(path: String) -> String {
        var out = style.header(chapters: chapters)
        out.append("")
        out += lines
        if let reset = style.resetDirective { out.append(reset) }
        return out.joined(separator: "\n") + "\n"
    }
}

private extension Array where Element == Diagnostic {
    func sortedByPosition() -> [Diagnostic] {
        sorted { ($0.position.path, $0.position.line, $0.message) < ($1.position.path, $1.position.line, $1.message) }
    }
}

/// The defined name nearest to a misspelt one, if it is near enough to be a likely typo.
func closestName(to name: String, among candidates: [String]) -> String? {
    let target = Array(name.lowercased())
    var best: (String, Int)?
    for candidate in candidates {
        let distance = editDistance(target, Array(candidate.lowercased()))
        if distance <= max(2, target.count / 4), distance < (best?.1 ?? .max) { best = (candidate, distance) }
    }
    return best?.0
}

private func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in stride(from: 1, through: b.count, by: 1) {
            current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}
