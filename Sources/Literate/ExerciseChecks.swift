// Checks across the book that keep the student edition honest.
//
// An exercise is the chunk marked `exercise=NAME`; the student edition replaces its code with
// a stub and drops every solution region's solution part. So:
// - every name a callout or a region uses must be an exercise, and each exercise one chunk;
// - every block of a chunk used only by exercise NAME (the reference's sub-chunks) must stand
//   in the solution part of a region of NAME, or the student edition would show it. While an
//   exercise has no region at all this is a warning (the chapters are being converted);
// - a solution part may hold no other tangled block (the exercise's own chunk, or code used
//   elsewhere), or the student edition would lose code it needs.

struct ExerciseChecks {
    let chapters: [String: Chapter]
    let chunks: [String: ChunkDefinition]
    let graph: ReferenceGraph
    let rootKeys: [String]

    func run() -> [Diagnostic] {
        var problems: [Diagnostic] = []
        var exercises: [String: String] = [:]  // exercise name → its chunk's key
        for chunk in chunks.values.sorted(by: { $0.blocks[0].fence.isBefore($1.blocks[0].fence) }) {
            guard let exercise = chunk.exercise else { continue }
            if let earlier = exercises[exercise] {
                let marked = chunk.blocks.first { $0.attributes.exercise != nil } ?? chunk.blocks[0]
                let first = chunks[earlier]!.blocks.first { $0.attributes.exercise != nil }!.fence
                problems.append(Diagnostic(.exerciseOnTwoChunks(exercise: exercise, first: earlier, firstPosition: first), at: marked.fence))
            } else {
                exercises[exercise] = chunk.name
            }
        }
        problems += unknownNames(known: Array(exercises.keys))

        var regionsExist = Set<String>()
        for chapter in chapters.values { for region in chapter.solutionRegions { regionsExist.insert(region.exercise) } }
        for (exercise, key) in exercises.sorted(by: { $0.key < $1.key }) {
            let own = usedOnlyBy(key)
            for name in own.sorted() {
                for block in chunks[name]!.blocks where region(holding: block)?.exercise != exercise {
                    problems.append(Diagnostic(.referenceCodeOutsideSolution(exercise: exercise, chunk: name,
                                                                             regionsExist: regionsExist.contains(exercise)),
                                               at: block.fence))
                }
            }
            problems += misplacedBlocks(exercise: exercise, key: key, own: own)
        }
        return problems
    }

    /// Callouts and regions naming an exercise that no chunk defines.
    private func unknownNames(known: [String]) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        let used = chapters.values.flatMap { $0.callouts.map(\.exercise) + $0.solutionRegions.map(\.exercise) }
        let suggest = NameSuggester(names: known, misspelt: used.filter { !known.contains($0) }.sorted())
        func check(_ name: String, _ usedBy: String, _ position: SourcePosition) {
            guard !known.contains(name) else { return }
            problems.append(Diagnostic(.unknownExercise(name: name, usedBy: usedBy, suggestion: suggest.closest(to: name)),
                                       at: position))
        }
        for chapter in chapters.values {
            for callout in chapter.callouts { check(callout.exercise, "exercise callout", callout.fence) }
            for region in chapter.solutionRegions {
                check(region.exercise, "solution region", SourcePosition(path: chapter.path, line: region.solutionMarker))
            }
        }
        return problems
    }

    /// Tangled blocks in a solution part of `exercise` that the student edition still needs.
    private func misplacedBlocks(exercise: String, key: String, own: Set<String>) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        for chapter in chapters.values {
            for block in chapter.blocks where block.isTangled && chapter.solutionRegion(holding: block.fence.line)?.exercise == exercise {
                let blockKey = block.attributes.chunk ?? ChunkCollector.anonymousKey(block.attributes.file!)
                if blockKey == key {
                    problems.append(Diagnostic(.exerciseChunkInsideSolution(exercise: exercise), at: block.fence))
                } else if !own.contains(blockKey) {
                    problems.append(Diagnostic(.sharedCodeInsideSolution(exercise: exercise, chunk: graph.displayName(blockKey)),
                                               at: block.fence))
                }
            }
        }
        return problems
    }

    /// The chunks reachable from the exercise's chunk `key` and from nothing else.
    private func usedOnlyBy(_ key: String) -> Set<String> {
        let inside = graph.reachable(from: [key])
        let outside = graph.reachable(from: rootKeys.filter { $0 != key }, avoiding: key)
        return inside.subtracting(outside).subtracting([key])
    }

    private func region(holding block: CodeBlock) -> SolutionRegion? {
        chapters[block.fence.path]?.solutionRegion(holding: block.fence.line)
    }
}

extension SourcePosition {
    func isBefore(_ other: SourcePosition) -> Bool { (path, line) < (other.path, other.line) }
}
