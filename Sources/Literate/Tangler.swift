// Tangling: from the chapters' code blocks to the text of each generated source file.
//
// Chunks are collected in document order across chapters (a repeated name appends), then
// everything is checked before anything is expanded: target paths, references (malformed,
// undefined, cycles, nesting and size limits) and the exercises (`ExerciseChecks`). Then each
// file's root is expanded with every reference re-indented to where it stands (`FileWriter`).

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
        collector.checkTargetPaths()
        var errors = collector.errors
        let graph = ReferenceGraph(chunks: collector.chunks)
        errors += graph.malformed
        errors += graph.undefinedReferences()
        let cycles = graph.cycles()
        errors += cycles
        let roots = collector.roots.map { (key: $0.value.key, path: $0.key, position: $0.value.position) }
        if cycles.isEmpty { errors += graph.sizeLimits(roots: roots) }
        let exerciseProblems = ExerciseChecks(
            chapters: Dictionary(chapters.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first }),
            chunks: collector.chunks, graph: graph, rootKeys: collector.roots.values.map(\.key)).run()
        errors += exerciseProblems.filter { $0.severity == .error }
        if !errors.isEmpty { throw DiagnosticList(errors.sortedByPosition()) }

        var files: [GeneratedFile] = []
        for (path, root) in collector.roots.sorted(by: { Array($0.key.utf8).lexicographicallyPrecedes($1.key.utf8) }) {
            var writer = FileWriter(style: CommentStyle(forPath: path))
            writer.expand(root.key, chunks: collector.chunks)
            let contents = writer.finish()
            files.append(GeneratedFile(path: path, contents: contents, chapters: writer.chapters,
                                       origin: root.position))
        }
        let reachable = graph.reachable(from: roots.map(\.key))
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
    struct Root { var key: String; var path: String; var position: SourcePosition; var label: String }

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
            if !existing.path.utf8.elementsEqual(path.utf8) {
                // Swift's String equality is canonical equivalence; file systems compare bytes.
                errors.append(Diagnostic(.targetsDifferOnlyIn(path: path, other: existing.path, otherPosition: existing.position,
                                                              how: "Unicode normalisation"), at: block.fence))
            } else if existing.key != key {
                errors.append(Diagnostic(.conflictingRoots(path: path, first: existing.label,
                                                           firstPosition: existing.position, second: label),
                                         at: block.fence))
            }
            return
        }
        roots[path] = Root(key: key, path: path, position: block.fence, label: label)
    }

    /// Targets that cannot all be files: one names a folder of another, or two differ only in
    /// case (one file on the case-insensitive file systems of macOS and Windows).
    mutating func checkTargetPaths() {
        var byLowercase: [String: Root] = [:]
        for root in roots.values.sorted(by: { $0.position.isBefore($1.position) }) {
            let lowercase = root.path.lowercased()
            if let other = byLowercase[lowercase] {
                errors.append(Diagnostic(.targetsDifferOnlyIn(path: root.path, other: other.path, otherPosition: other.position,
                                                              how: "case"), at: root.position))
            } else {
                byLowercase[lowercase] = root
            }
            var folder = Substring(root.path)
            while let slash = folder.lastIndex(of: "/") {
                folder = folder[..<slash]
                if let file = roots[String(folder)] {
                    errors.append(Diagnostic(.targetInsideTarget(path: root.path, file: file.path, filePosition: file.position),
                                             at: root.position))
                }
            }
        }
    }

    /// Why a target path may not be written, or nil when it is a plain path inside Sources/.
    private func unsafeReason(_ path: String) -> String? {
        if path.hasPrefix("/") || path.hasPrefix("~") { return "is absolute" }
        if path.contains("\\") { return "contains a backslash" }
        if path.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) { return "contains a control character" }
        if path.hasSuffix("/") { return "names a folder, not a file" }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        if parts.contains("..") { return "escapes Sources/ with '..'" }
        if parts.contains(where: { $0.isEmpty || $0 == "." }) { return "has an empty or '.' component" }
        if parts.contains(where: { $0.hasPrefix(".") }) { return "names a hidden file or folder" }
        return nil
    }
}

