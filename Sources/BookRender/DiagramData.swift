// The state behind the diagrams: `book-diagrams` runs the scenarios on the emulator with the
// reference driver and prints JSON; these types read it. The renderer never looks inside the
// driver: the queue snapshot, guest RAM and the trace are all it sees.
import Foundation

struct DescriptorEntry: Decodable {
    var index: Int
    var address: UInt64
    var length: UInt32
    var flags: UInt16
    var next: UInt16
}

struct UsedEntry: Decodable {
    var id: UInt32
    var length: UInt32
}

/// The rings at one moment, as `book-diagrams` read them from guest RAM.
struct RingState: Decodable {
    var size: Int
    var ready: Bool
    var descriptors: [DescriptorEntry]
    var availableIndex: UInt16
    var available: [UInt16]
    var usedIndex: UInt16
    var used: [UsedEntry]
    var deviceLastAvailable: UInt16
    var deviceUsedIndex: UInt16
    var chains: [[Int]]
}

struct JourneyStep: Decodable {
    var lane: String
    var time: Double
    var text: String
}

struct ScenarioResult: Decodable {
    var moments: [String: RingState]
    var journey: [JourneyStep]?
}

/// The `book-diagrams` program and what it reported, per scenario.
public struct DiagramSource: Sendable {
    public var executable: URL
    public init(executable: URL) { self.executable = executable }

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

