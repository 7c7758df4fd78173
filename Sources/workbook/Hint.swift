// `workbook hint EXERCISE`: the next `## Hint N` section of the exercise's README, one at a
// time. Which hints were shown is remembered in .workbook/hints-shown in the package folder.

import ArgumentParser
import Foundation
import Literate

struct Hint: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the next hint for an exercise.",
        discussion: "Hints go from where to read to which field is usually wrong. --again shows the last one again; --reset starts over."
    )

    @OptionGroup var book: BookLocation

    @Argument(help: "The exercise: its name (rw), number (3) or folder (3-rw).")
    var exercise: String

    @Flag(help: "Show the last hint shown again instead of the next one.")
    var again = false

    @Flag(help: "Forget which hints were shown for this exercise.")
    var reset = false

    func run() throws {
        let workspace = try Workspace(root: URL(fileURLWithPath: book.root))
        let exercise = try workspace.exercise(self.exercise)
        let readme = exercise.folder + "/README.md"
        guard let text = try? String(contentsOf: workspace.root.appendingPathComponent(readme), encoding: .utf8) else {
            printError("error: \(readme) is missing")
            throw ExitCode.failure
        }
        let hints = Self.hints(in: text)
        guard !hints.isEmpty else {
            printError("\(readme): error: no `## Hint 1` section")
            throw ExitCode.failure
        }
        var memory = HintMemory(root: workspace.root)
        if reset {
            memory.shown[exercise.name] = 0
            try memory.save()
            print("\(exercise.name): the next hint is hint 1 again")
            return
        }
        let shown = memory.shown[exercise.name] ?? 0
        let index = again ? max(shown, 1) : min(shown + 1, hints.count)
        print(hints[index - 1].trimmingCharacters(in: .newlines))
        print("")
        if index < hints.count {
            print("(hint \(index) of \(hints.count); `workbook hint \(exercise.name)` shows the next)")
        } else {
            print("(hint \(index) of \(hints.count), the last one; the chapter is \(exercise.chapter))")
        }
        memory.shown[exercise.name] = max(shown, index)
        try memory.save()
    }

    /// The `## Hint N` sections, each with its heading, in order.
    static func hints(in readme: String) -> [String] {
        var sections: [String] = []
        var current: [String]?
        var inFence = false
        for line in readme.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("```") { inFence.toggle() }
            if !inFence && line.hasPrefix("#") {
                if let current { sections.append(current.joined(separator: "\n")) }
                current = line.lowercased().hasPrefix("## hint") ? [line] : nil
                continue
            }
            current?.append(line)
        }
        if let current { sections.append(current.joined(separator: "\n")) }
        return sections
    }
}

/// How many hints of each exercise were shown, one `name count` line each.
struct HintMemory {
    let file: URL
    var shown: [String: Int] = [:]

    init(root: URL) {
        file = root.appendingPathComponent(".workbook/hints-shown")
        let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        for line in text.split(separator: "\n") {
            let words = line.split(separator: " ")
            if words.count == 2, let count = Int(words[1]) { shown[String(words[0])] = count }
        }
    }

    func save() throws {
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        let text = shown.keys.sorted().map { "\($0) \(shown[$0]!)" }.joined(separator: "\n") + "\n"
        try Data(text.utf8).write(to: file, options: .atomic)
    }
}
