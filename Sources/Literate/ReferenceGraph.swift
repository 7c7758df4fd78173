// The chunk reference graph, and every walk over it.
//
// Every walk keeps its own stack instead of recursing, so no chain of references, however
// long, can overflow the thread's stack. Expansion is still limited to `maxNesting` levels,
// and a file to `maxGeneratedLines` lines, so that a book cannot ask for a file that is
// nonsense (a chain of thousands of chunks, or a chunk used twice by a chunk used twice, …).

/// A reference `<<name>>` found on a code line.
struct ChunkReference {
    var name: String
    var indentation: String
    var position: SourcePosition
}

/// What a code line is to the tangler.
enum ReferenceScan {
    case code
    case reference(ChunkReference)
    /// A line that starts like a reference but is not one; the detail says why.
    case malformed(String)
}

/// Reads a code line: a reference is `<<name>>` alone on its line (indentation allowed).
/// A line that starts with `<<name>>` and goes on is refused, since it would be neither
/// expanded nor plainly code. Scans UTF-8 bytes, since every line of the book passes here.
func scanReference(_ line: String, at position: SourcePosition) -> ReferenceScan {
    let isBlank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
    let open = UInt8(ascii: "<"), close = UInt8(ascii: ">")
    // Most lines are code: decide that before copying anything.
    guard let first = line.utf8.first(where: { !isBlank($0) }), first == open else { return .code }
    let bytes = Array(line.utf8)
    guard let start = bytes.firstIndex(where: { !isBlank($0) }), start + 1 < bytes.count,
          bytes[start + 1] == open else { return .code }
    let last = bytes.lastIndex(where: { !isBlank($0) })!
    var closing: Int?
    var index = start + 2
    while index + 1 <= last {
        if bytes[index] == close && bytes[index + 1] == close { closing = index; break }
        index += 1
    }
    guard let closing, closing > start + 2 else { return .code }
    let name = String(decoding: bytes[(start + 2)..<closing], as: UTF8.self)
    if name.contains("<<") { return .malformed("'<<\(name)>>': a chunk name cannot contain '<<' or '>>'") }
    if closing + 1 < last {
        let rest = String(decoding: bytes[(closing + 2)...last].drop(while: isBlank), as: UTF8.self)
        return .malformed("'<<\(name)>>' is followed by '\(rest)'; a reference stands alone on its line, so put that on a line of its own")
    }
    return .reference(ChunkReference(name: name, indentation: String(decoding: bytes[..<start], as: UTF8.self), position: position))
}

struct ReferenceGraph {
    /// How deep references may nest below a file's root.
    static let maxNesting = 100
    /// How many lines one generated file may have.
    static let maxGeneratedLines = 1_000_000

    var chunks: [String: ChunkDefinition]
    /// References made by each chunk, in the order they appear.
    var edges: [String: [ChunkReference]] = [:]
    /// Lines that start like a reference but are not one.
    var malformed: [Diagnostic] = []

    init(chunks: [String: ChunkDefinition]) {
        self.chunks = chunks
        for (key, chunk) in chunks {
            var references: [ChunkReference] = []
            for block in chunk.blocks {
                for (offset, line) in block.lines.enumerated() {
                    let position = SourcePosition(path: block.fence.path, line: block.firstLine.line + offset)
                    switch scanReference(line, at: position) {
                    case .code: break
                    case .reference(let found): references.append(found)
                    case .malformed(let detail): malformed.append(Diagnostic(.malformedReference(detail: detail), at: position))
                    }
                }
            }
            edges[key] = references
        }
    }

    func undefinedReferences() -> [Diagnostic] {
        let undefined = edges.values.joined().filter { chunks[$0.name] == nil }.sorted { $0.position.isBefore($1.position) }
        let suggest = NameSuggester(names: chunks.keys.filter { !$0.hasPrefix("\u{0}") }, misspelt: undefined.map(\.name))
        return undefined.map {
            Diagnostic(.undefinedReference(name: $0.name, suggestion: suggest.closest(to: $0.name)), at: $0.position)
        }
    }

    /// A warning at every reference to a chunk that is already referenced elsewhere: two
    /// chapters that pick the same name by accident would otherwise silently share it.
    func repeatedUses() -> [Diagnostic] {
        var first: [String: SourcePosition] = [:]
        var found: [Diagnostic] = []
        for edge in edges.values.joined().sorted(by: { $0.position.isBefore($1.position) }) {
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
        enum Mark { case onPath(Int), done }
        var marks: [String: Mark] = [:]
        var found: [Diagnostic] = []
        for start in chunks.keys.sorted() where marks[start] == nil {
            var path: [(key: String, next: Int)] = [(start, 0)]
            marks[start] = .onPath(0)
            while let top = path.last {
                let references = edges[top.key] ?? []
                guard top.next < references.count else {
                    marks[top.key] = .done
                    path.removeLast()
                    continue
                }
                path[path.count - 1].next += 1
                let edge = references[top.next]
                guard chunks[edge.name] != nil else { continue }
                switch marks[edge.name] {
                case .onPath(let depth):
                    let cycle = (path[depth...].map(\.key) + [edge.name]).map(displayName)
                    found.append(Diagnostic(.cyclicReference(cycle: cycle), at: edge.position))
                case .done:
                    continue
                case nil:
                    marks[edge.name] = .onPath(path.count)
                    path.append((edge.name, 0))
                }
            }
        }
        return found
    }

    /// For a graph without cycles: an error at each root that nests deeper than `maxNesting`
    /// (at the reference that goes one level too deep) or expands to more than
    /// `maxGeneratedLines` lines.
    func sizeLimits(roots: [(key: String, path: String, position: SourcePosition)]) -> [Diagnostic] {
        var depth: [String: Int] = [:]  // levels of references below each chunk
        var lines: [String: Int] = [:]  // lines each chunk expands to (saturating)
        for root in roots where depth[root.key] == nil {
            var stack: [(key: String, expanded: Bool)] = [(root.key, false)]
            while let (key, expanded) = stack.popLast() {
                guard depth[key] == nil else { continue }
                let references = (edges[key] ?? []).filter { chunks[$0.name] != nil }
                if !expanded {
                    stack.append((key, true))
                    for edge in references where depth[edge.name] == nil { stack.append((edge.name, false)) }
                    continue
                }
                depth[key] = 1 + (references.map { depth[$0.name]! }.max() ?? -1)
                let own = chunks[key]!.blocks.reduce(0) { $0 + $1.lines.count + 1 } - references.count
                lines[key] = references.reduce(own) { saturatingSum($0, saturatingSum(lines[$1.name]!, 1)) }
            }
        }
        var found: [Diagnostic] = []
        for root in roots {
            if depth[root.key]! > Self.maxNesting {
                // Follow the deepest chain down to the reference one level past the limit.
                var key = root.key, chain = [displayName(root.key)]
                var tooDeep = root.position
                for _ in 0...Self.maxNesting {
                    let edge = (edges[key] ?? []).filter { chunks[$0.name] != nil }.max { depth[$0.name]! < depth[$1.name]! }!
                    key = edge.name
                    chain.append(displayName(key))
                    tooDeep = edge.position
                }
                found.append(Diagnostic(.nestedTooDeep(root: chain[0], limit: Self.maxNesting, chunk: chain.last!), at: tooDeep))
            } else if lines[root.key]! > Self.maxGeneratedLines {
                found.append(Diagnostic(.fileTooLarge(path: root.path, limit: Self.maxGeneratedLines), at: root.position))
            }
        }
        return found
    }

    /// Every defined chunk reachable from `starts` (themselves included), never entering `avoided`.
    func reachable(from starts: [String], avoiding avoided: String? = nil) -> Set<String> {
        var seen = Set<String>()
        var pending = starts.filter { $0 != avoided }
        while let key = pending.popLast() {
            guard seen.insert(key).inserted else { continue }
            for edge in edges[key] ?? [] where edge.name != avoided && chunks[edge.name] != nil && !seen.contains(edge.name) {
                pending.append(edge.name)
            }
        }
        return seen
    }

    func displayName(_ key: String) -> String {
        key.hasPrefix("\u{0}file=") ? "file=" + key.dropFirst(6) : key
    }
}

private func saturatingSum(_ a: Int, _ b: Int) -> Int {
    let (sum, overflow) = a.addingReportingOverflow(b)
    return overflow ? Int.max : sum
}
