// `book-diagrams`: runs the scenarios the book's diagrams name and prints what they showed as
// JSON, for `workbook render` to draw. Usage: `book-diagrams [scenario …]` (all when none);
// `book-diagrams --list` prints the scenarios' names, one per line.
//
//     {"one-read": {"moments": {"initialized": {…}, …}, "journey": [{"lane": …}, …]}, …}
import DiagramFormat
import Foundation

let scenarios: [String: () throws -> ScenarioResult] = [
    "one-read": { ScenarioResult(moments: try oneRead(), journey: try oneReadJourney()) },
    "descriptors-run-out": { ScenarioResult(moments: try descriptorsRunOut(), journey: nil) },
]

let asked = CommandLine.arguments.dropFirst()
if asked == ["--list"] {
    print(scenarios.keys.sorted().joined(separator: "\n"))
    exit(0)
}
var results: [String: ScenarioResult] = [:]
for name in asked.isEmpty ? Array(scenarios.keys.sorted()) : Array(asked) {
    guard let run = scenarios[name] else {
        FileHandle.standardError.write(Data("book-diagrams: no scenario '\(name)'; there are \(scenarios.keys.sorted().joined(separator: ", "))\n".utf8))
        exit(2)
    }
    do {
        results[name] = try run()
    } catch {
        FileHandle.standardError.write(Data("book-diagrams: scenario '\(name)': \(error)\n".utf8))
        exit(1)
    }
}
let encoder = JSONEncoder()
encoder.outputFormatting = [.sortedKeys]
FileHandle.standardOutput.write(try encoder.encode(results))
