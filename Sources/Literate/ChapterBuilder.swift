// Turns the blocks cmark reports into the chapter model, one at a time, in document order.
//
// A code block is fenced or indented (see `SourceLines.isFenced`). An indented block is always
// an illustration. A fenced block is an exercise callout, a diagram, or code (tangled when it
// names a chunk or file, an illustration otherwise); a fence without a language is refused.

struct ChapterBuilder {
    let path: String
    let source: String
    let lines: SourceLines
    private var blocks: [CodeBlock] = []
    private var callouts: [ExerciseCallout] = []
    private var diagrams: [Diagram] = []
    private var regions: RegionCollector
    private var problems: [Diagnostic] = []

    init(path: String, source: String, lines: SourceLines) {
        self.path = path
        self.source = source
        self.lines = lines
        regions = RegionCollector(path: path, lines: splitLines(source))
    }

    mutating func addCodeBlock(line: Int, column: Int, info: String, literal: String) {
        guard lines.isFenced(line: line, column: column, info: info, literal: literal) else { return }
        let position = SourcePosition(path: path, line: line)
        var body = splitLines(literal)
        if body.last == "" { body.removeLast() }
        do {
            let parsed = try InfoString(info) { language in
                switch language {
                case ExerciseCallout.language: return ExerciseCallout.keys
                case Diagram.language: return Diagram.keys
                default: return BlockAttributes.keys
                }
            }
            switch parsed.language {
            case "":
                problems.append(Diagnostic(.missingLanguage, at: position))
            case ExerciseCallout.language:
                guard let name = parsed.values["name"] else {
                    problems.append(Diagnostic(.missingAttribute(language: parsed.language, key: "name"), at: position))
                    return
                }
                callouts.append(ExerciseCallout(fence: position, exercise: name, lines: body))
            case Diagram.language:
                addDiagram(parsed.values, at: position, lines: body)
            default:
                let (language, attributes) = try parseInfoString(info)
                blocks.append(CodeBlock(fence: position, language: language, attributes: attributes, lines: body))
            }
        } catch {
            problems.append(Diagnostic(.malformedAttribute(detail: error.detail), at: position))
        }
    }

    private mutating func addDiagram(_ values: [String: String], at position: SourcePosition, lines body: [String]) {
        let missing = Diagram.requiredKeys.filter { values[$0] == nil }
        guard missing.isEmpty else {
            for key in missing { problems.append(Diagnostic(.missingAttribute(language: Diagram.language, key: key), at: position)) }
            return
        }
        guard let view = Diagram.View(rawValue: values["view"]!) else {
            problems.append(Diagnostic(.unknownDiagramView(view: values["view"]!), at: position))
            return
        }
        diagrams.append(Diagram(fence: position, view: view, scenario: values["scenario"]!, moment: values["moment"],
                                caption: values["caption"]!, lines: body))
    }

    /// An HTML block or inline HTML: a solution-region marker, or nothing to the tool.
    mutating func addHTML(_ text: String, line: Int, isTopLevelBlock: Bool) {
        guard let reading = RegionMarker.read(text) else { return }
        let position = SourcePosition(path: path, line: line)
        switch reading {
        case .problem(let kind):
            problems.append(Diagnostic(kind, at: position))
        case .marker where !isTopLevelBlock:
            problems.append(Diagnostic(.workbookCommentNotAlone, at: position))
        case .marker(let marker):
            regions.add(marker, line: line)
        }
    }

    mutating func finish() throws(DiagnosticList) -> Chapter {
        regions.finish()
        let all = problems + regions.problems
        if !all.isEmpty {
            throw DiagnosticList(all.sorted { ($0.position.line, $0.message) < ($1.position.line, $1.message) })
        }
        return Chapter(path: path, source: source, blocks: blocks, callouts: callouts, diagrams: diagrams,
                       solutionRegions: regions.regions)
    }
}
