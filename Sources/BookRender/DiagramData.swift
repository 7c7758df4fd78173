// The state behind the diagrams: `book-diagrams` runs the scenarios on the emulator with the
// reference driver and prints them as JSON (the types of DiagramFormat). The renderer never
// looks inside the driver: the queue snapshot, guest RAM and the trace are all it sees.
import DiagramFormat
import Foundation

/// The `book-diagrams` program and what it reported, per scenario.
public struct DiagramSource: Sendable {
    public var executable: URL
    public init(executable: URL) { self.executable = executable }

    /// The scenarios the program knows.
    func names() throws -> [String] {
        let run = try runTool(executable, ["--list"])
        guard run.status == 0 else { throw RenderError("book-diagrams --list failed: \(run.errorText)") }
        return run.outputText.split(separator: "\n").map(String.init)
    }

    /// Runs the named scenarios in one process.
    func run(_ scenarios: [String]) throws -> [String: ScenarioResult] {
        guard !scenarios.isEmpty else { return [:] }
        let run = try runTool(executable, scenarios)
        guard run.status == 0 else {
            throw RenderError(run.errorText.isEmpty ? "book-diagrams failed (status \(run.status))" : run.errorText)
        }
        do {
            return try JSONDecoder().decode([String: ScenarioResult].self, from: run.stdout)
        } catch {
            throw RenderError("book-diagrams printed output the renderer cannot read: \(error)")
        }
    }
}

