// `workbook check [EXERCISE]` and `workbook status`: the student's loop.
//
// Both build only the `exercise-runner` product (the driver, the machine and the exercises'
// tests: nothing else the package holds), then run the public tests through the harness, each
// in its own child process under the manifest's per-test limit. A stub, a panic, a trap or a
// hang in the student's code costs only that test, with one readable line.

import ArgumentParser
import ExerciseHarness
import Foundation
import Literate

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build and run one exercise's public tests (all exercises without an argument).",
        discussion: """
            Builds only the exercise runner, so a check after editing one region takes seconds. \
            Prints a verdict per exercise and, for each failing test, what the device saw and the \
            section to read. --watch checks again whenever a file under Sources/Driver changes.
            """
    )

    @OptionGroup var book: BookLocation

    @Argument(help: "The exercise: its name (rw), number (3) or folder (3-rw).")
    var exercise: String?

    @Flag(help: "Check again on every save, until interrupted.")
    var watch = false

    func run() throws {
        let workspace = try Workspace(root: URL(fileURLWithPath: book.root))
        let chosen = try exercise.map { [try workspace.exercise($0)] } ?? workspace.exercises
        let session = try CheckSession(workspace: workspace)
        var passed = session.check(chosen)
        guard watch else {
            if !passed { throw ExitCode.failure }
            return
        }
        var seen = session.driverFilesChanged()
        while true {
            Thread.sleep(forTimeInterval: 0.3)
            let now = session.driverFilesChanged()
            guard now != seen else { continue }
            seen = now
            print("\n--- \(DateFormatter.localizedString(from: Date(), dateStyle: .none, timeStyle: .medium)): checking again")
            passed = session.check(chosen)
        }
    }
}

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show every exercise: public tests passing and state.",
        discussion: "States: not started (the region holds its stub), in progress, passing, waiting (for an earlier exercise)."
    )

    @OptionGroup var book: BookLocation

    func run() throws {
        let workspace = try Workspace(root: URL(fileURLWithPath: book.root))
        let session = try CheckSession(workspace: workspace)
        guard let runner = session.buildRunner() else { throw ExitCode.failure }
        print("exercise            public tests  state")
        for exercise in workspace.exercises {
            let results = runner.run(session.publicTests(of: exercise))
            let passing = results.filter(\.passed).count
            let title = "\(exercise.number) \(exercise.name)".padding(toLength: 20, withPad: " ", startingAt: 0)
            let count = "\(passing)/\(results.count)".padding(toLength: 14, withPad: " ", startingAt: 0)
            print(title + count + session.state(of: exercise, results))
        }
    }
}

/// One package's runner: built on demand, run against the manifest's public tests.
struct CheckSession {
    let workspace: Workspace
    let manifest: Manifest

    init(workspace: Workspace) throws {
        self.workspace = workspace
        let url = workspace.root.appendingPathComponent(Edition.manifestPath)
        do {
            manifest = try Manifest.load(from: url)
        } catch {
            printError("error: \(error)")
            throw ExitCode.failure
        }
    }

    func publicTests(of exercise: Exercise) -> [String] {
        manifest.exercise(named: exercise.name)?.publicTests.map(\.id) ?? []
    }

    /// Builds the runner; on a compile error prints the compiler's lines (which name the Swift
    /// file and line of the region) and returns nil.
    func buildRunner() -> ExerciseRunner? {
        let build: RunnerBuild
        do {
            build = try RunnerBuild.build(package: workspace.root)
        } catch {
            printError("error: cannot run swift build: \(error)")
            return nil
        }
        guard let executable = build.runner else {
            let lines = build.output.split(separator: "\n")
            print(lines.filter { !$0.hasPrefix("[") && !$0.hasPrefix("Building") }.joined(separator: "\n"))
            print("does not compile: fix the first error above (its file and line are the ones you edit)")
            return nil
        }
        return ExerciseRunner(executable: executable, perTestSeconds: manifest.perTestSeconds, manifest: manifest)
    }

    /// Builds and runs the exercises' public tests, printing a verdict each. Returns whether all passed.
    func check(_ exercises: [Exercise]) -> Bool {
        let start = Date()
        guard let runner = buildRunner() else { return false }
        var allPassed = true
        for exercise in exercises {
            let results = runner.run(publicTests(of: exercise))
            allPassed = allPassed && results.allSatisfy(\.passed)
            print(report(exercise, results))
        }
        print(String(format: "(built and checked in %.1f s)", Date().timeIntervalSince(start)))
        return allPassed
    }

    /// A verdict line, then one line per failing test; an untouched stub is one line only.
    func report(_ exercise: Exercise, _ results: [TestResult]) -> String {
        let title = "exercise \(exercise.number) (\(exercise.name))"
        let failed = results.filter { !$0.passed }
        if failed.isEmpty { return "PASS \(title): all \(results.count) public tests pass" }
        if let stub = failed.first(where: { NotImplemented(in: $0.message)?.name == exercise.name }) {
            return "TODO \(stub.message)"
        }
        var lines = ["FAIL \(title): \(results.count - failed.count) of \(results.count) public tests pass"]
        for result in failed {
            lines.append("  " + result.line)
        }
        return lines.joined(separator: "\n")
    }

    func state(of exercise: Exercise, _ results: [TestResult]) -> String {
        if results.allSatisfy(\.passed) { return "passing" }
        if workspace.isStub(exercise) { return "not started" }
        let waits = Set(results.compactMap(\.waitsFor))
        if !waits.isEmpty && results.allSatisfy({ $0.passed || $0.waitsFor != nil }) {
            return "waiting for " + waits.sorted().joined(separator: ", ")
        }
        return "in progress"
    }

    /// The modification times of the driver's files, to notice a save.
    func driverFilesChanged() -> [Date] {
        let folder = workspace.root.appendingPathComponent("Sources/Driver")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
        return names.map {
            (try? FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent($0).path)[.modificationDate] as? Date) ?? .distantPast
        }
    }
}
