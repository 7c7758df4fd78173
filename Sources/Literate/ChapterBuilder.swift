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
        regions = RegionCollector(path: path, lines: lines)
    }

    mutating func addCodeBlock(line: Int, column: Int, info: String, literal: String) {
        guard lines.isFenced(line: line, column: column, info: info, literal: literal) else { return }
        let position = SourcePosition(path: path, line: line)
        var body = splitLines(literal)
        if body.last == "" { body.removeLast() }
        if !lines.isClosed(fenceLine: line, column: column, codeLines: body.count) {
            problems.append(Diagnostic(.unclosedFence, at: position))
        }
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
                if attributes.chunk != nil || attributes.file != nil, let inner = body.firstIndex(where: looksLikeOpeningFence) {
                    problems.append(Diagnostic(.fenceInsideCode, at: SourcePosition(path: path, line: line + 1 + inner)))
                }
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

/// Whether a code line reads like an opening fence with an info string (```swift, ```diagram …):
/// inside tangled code that means a closing fence is missing above it.
private func looksLikeOpeningFence(_ line: String) -> Bool {
    let text = droppingContainerMarkers(Substring(line))
    guard let fence = text.first, fence == "`" || fence == "~" else { return false }
    let run = text.prefix { $0 == fence }
    return run.count >= 3 && text.dropFirst(run.count).first?.isLetter == true
}

/// A line without the block-quote markers, list markers and indentation before its content.
private func droppingContainerMarkers(_ line: Substring) -> Substring {
    var text = line
    while true {
        let before = text
        text = text.drop { $0 == " " || $0 == "\t" || $0 == ">" }
        if let first = text.first, "-+*".contains(first), text.dropFirst().first?.isWhitespace == true {
            text = text.dropFirst()
        }
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        if (1...9).contains(digits.count), let mark = text.dropFirst(digits.count).first, mark == "." || mark == ")",
           text.dropFirst(digits.count + 1).first?.isWhitespace == true {
            text = text.dropFirst(digits.count + 1)
        }
        if text == before { return text }
    }
}
