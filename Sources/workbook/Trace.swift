// `workbook trace EXERCISE`: run a small scenario against the student's own code and print
// what the device saw. The scenario runs in `exercise-runner trace`, a child process in its own
// process group under a time limit, so a hang or a crash in the student's code ends it cleanly.

import ArgumentParser
import ExerciseHarness
import Foundation

struct Trace: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a small scenario against your code and print the device's timeline and the rings.",
        discussion: """
            init: initialize() alone. alloc3_desc, rw, intr: initialize(), then one read and one \
            write through rw(), whose completions intr() handles. The timeline decodes every register \
            access, chain and completion; then the descriptor table, available and used rings are \
            read from guest memory at the addresses the driver gave the device.
            """
    )

    @OptionGroup var book: BookLocation

    @Argument(help: "The exercise: its name (rw), number (3) or folder (3-rw).")
    var exercise: String

    @Option(help: "Seconds before the scenario is stopped.")
    var timeout: Double = 10

    func run() throws {
        let workspace = try Workspace(root: URL(fileURLWithPath: book.root))
        let exercise = try workspace.exercise(self.exercise)
        guard let runner = try CheckSession(workspace: workspace).buildRunner() else { throw ExitCode.failure }
        let child = try runChild(runner.executable, ["trace", exercise.name], limit: timeout)
        print(child.stdout, terminator: "")
        switch child.exit {
        case .exited(0): return
        case .timedOut:
            printError("the scenario did not finish within \(Int(timeout)) s and was stopped (a hang in the code under test)")
        case .exited(let status):
            printError("the scenario exited with status \(status)\n\(child.stderr)")
        case .signalled(let signal):
            printError("the scenario died of signal \(signal) (a Swift runtime trap?)\n\(child.stderr)")
        }
        throw ExitCode.failure
    }
}
