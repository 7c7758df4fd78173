// `workbook mutants [exercise]`: testing the hidden tests. Each catalogued mistake is applied to
// the reference region in a scratch copy of the package, the runner is rebuilt there (only the
// Driver module and the runner change, so the build stays warm), and the exercise's hidden tests
// run against it. A table says which test killed each mutant, or that it survived.

import ArgumentParser
import ExerciseHarness
import Foundation

struct Mutants: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the hidden tests against every catalogued mistake (Exercises/mutants.json).",
        discussion: """
            Builds in one scratch folder (default .build-mutants/), so that later runs only rebuild the \
            Driver module. Exits with status 1 if a mutant survives or the reference fails a hidden test.
            """
    )

    @OptionGroup var book: BookLocation

    @Argument(help: "Only this exercise's mutants (init, alloc3_desc, rw, intr).")
    var exercise: String?

    @Option(help: "Only the mutant with this id.")
    var mutant: String?

    @Option(help: "The scratch folder holding the copy of the package and its build.")
    var scratch: String = ".build-mutants"

    @Option(help: "Tests run at once.")
    var jobs: Int = 2

    @Option(help: "Run the hidden tests this many times against the reference first (a flake check).")
    var referenceRuns: Int = 1

    @Flag(help: "Only run the hidden tests against the reference; apply no mutant.")
    var referenceOnly = false

    func run() throws {
        let root = URL(fileURLWithPath: book.root).standardizedFileURL
        let manifest = try Manifest.load(from: root.appendingPathComponent("Exercises/manifest.json"))
        var mutants = try MutantCatalogue.load(from: root.appendingPathComponent("Exercises/mutants.json")).mutants
        if let exercise {
            guard manifest.exercise(named: exercise) != nil else {
                throw ValidationError("no exercise called \(exercise); the exercises are \(manifest.exercises.map(\.name).joined(separator: ", "))")
            }
            mutants = mutants.filter { $0.exercise == exercise }
        }
        if let mutant { mutants = mutants.filter { $0.id == mutant } }
        guard !mutants.isEmpty else { throw ValidationError("no mutant matches") }

        let copy = URL(fileURLWithPath: scratch, relativeTo: root).standardizedFileURL.appendingPathComponent("package")
        let started = Date()
        try ScratchCopy.sync(from: root, to: copy)
        var originals: [String: String] = [:]      // file → reference text
        for mutant in mutants {
            guard let exercise = manifest.exercise(named: mutant.exercise) else {
                throw ValidationError("mutant \(mutant.id) names no exercise of the manifest: \(mutant.exercise)")
            }
            let text = try String(contentsOf: copy.appendingPathComponent(exercise.file), encoding: .utf8)
            originals[exercise.file] = text
            _ = try mutant.apply(to: text)          // every mutant applies before anything runs
        }

        let exercises = Set(mutants.map(\.exercise))
        report("Reference: building the runner in \(copy.path) …")
        let baseline = try RunnerBuild.build(package: copy)
        guard let baselineRunner = baseline.runner else {
            print(baseline.output)
            throw ExitCode.failure
        }
        print(String(format: "  built in %.1f s", baseline.seconds))
        let reference = ExerciseRunner(executable: baselineRunner, perTestSeconds: manifest.perTestSeconds, manifest: manifest)
        let hiddenIDs = manifest.exercises.filter { exercises.contains($0.name) }.flatMap { ($0.hiddenTests ?? []).map(\.id) }
        for run in 1...max(1, referenceRuns) {
            let suiteStarted = Date()
            let failures = reference.run(hiddenIDs, jobs: jobs).filter { !$0.passed }
            report(String(format: "  run %d: %d hidden tests against the reference in %.1f s: %@", run, hiddenIDs.count,
                          Date().timeIntervalSince(suiteStarted), failures.isEmpty ? "all pass" : "\(failures.count) fail"))
            for failure in failures { print("  " + failure.line) }
            guard failures.isEmpty else { throw ExitCode.failure }
        }
        if referenceOnly { return }

        var rows: [Row] = []
        defer { restore(originals, in: copy) }
        for mutant in mutants {
            let exercise = manifest.exercise(named: mutant.exercise)!
            try ScratchCopy.writeSource(mutant.apply(to: originals[exercise.file]!), to: exercise.file, in: copy)
            let build = try RunnerBuild.build(package: copy)
            try ScratchCopy.writeSource(originals[exercise.file]!, to: exercise.file, in: copy)
            guard let runnerPath = build.runner else {
                rows.append(Row(mutant: mutant, killer: nil, verdict: "does not compile", buildSeconds: build.seconds,
                                publicSeconds: 0, testSeconds: 0))
                print(rows.last!.line)
                continue
            }
            let runner = ExerciseRunner(executable: runnerPath, perTestSeconds: manifest.perTestSeconds, manifest: manifest)
            let publicStarted = Date()
            _ = runner.run(exercise.publicTests.map(\.id), jobs: jobs)     // what `workbook check` runs
            let publicSeconds = Date().timeIntervalSince(publicStarted)
            let testsStarted = Date()
            let killer = firstFailure(runner, (exercise.hiddenTests ?? []).map(\.id))
            rows.append(Row(mutant: mutant, killer: killer, verdict: killer == nil ? "SURVIVED" : "killed",
                            buildSeconds: build.seconds, publicSeconds: publicSeconds,
                            testSeconds: Date().timeIntervalSince(testsStarted)))
            report(rows.last!.line)
        }
        summarize(rows, seconds: Date().timeIntervalSince(started))
        if rows.contains(where: { $0.killer == nil }) { throw ExitCode.failure }
    }

    /// Prints `line` at once, even into a pipe: a run takes minutes.
    func report(_ line: String) {
        print(line)
        fflush(nil)
    }

    /// Runs `ids` `jobs` at a time and returns the first failure, or nil if all pass.
    func firstFailure(_ runner: ExerciseRunner, _ ids: [String]) -> TestResult? {
        var start = 0
        while start < ids.count {
            let batch = Array(ids[start..<min(start + jobs, ids.count)])
            if let failure = runner.run(batch, jobs: jobs).first(where: { !$0.passed }) { return failure }
            start += jobs
        }
        return nil
    }

    func restore(_ originals: [String: String], in copy: URL) {
        for (file, text) in originals {
            try? ScratchCopy.writeSource(text, to: file, in: copy)
        }
    }

    struct Row {
        var mutant: Mutant
        var killer: TestResult?
        var verdict: String
        var buildSeconds: Double
        /// The exercise's public tests, run after the build: with it, the `workbook check` loop.
        var publicSeconds: Double
        var testSeconds: Double

        var line: String {
            let by = killer.map { "\($0.id): \($0.message)" } ?? "—"
            let clipped = by.count > 110 ? String(by.prefix(109)) + "…" : by
            return mutant.id.padding(toLength: 36, withPad: " ", startingAt: 0)
                + verdict.padding(toLength: 17, withPad: " ", startingAt: 0)
                + String(format: "%5.1f s + %4.1f s  ", buildSeconds, testSeconds) + clipped
        }
    }

    func summarize(_ rows: [Row], seconds: Double) {
        let killed = rows.filter { $0.killer != nil }.count
        let builds = rows.map(\.buildSeconds).sorted()
        let tests = rows.map(\.testSeconds).sorted()
        let loops = rows.map { $0.buildSeconds + $0.publicSeconds }.sorted()
        print("")
        print("\(killed) of \(rows.count) mutants killed" + (killed == rows.count ? "." : "; survivors:"))
        for row in rows where row.killer == nil { print("  \(row.mutant.id): \(row.mutant.mistake) (\(row.mutant.section))") }
        print(String(format: "Per mutant: build median %.1f s (max %.1f s), hidden tests median %.1f s (max %.1f s); total %.0f s.",
                     builds[builds.count / 2], builds.last!, tests[tests.count / 2], tests.last!, seconds))
        print(String(format: "Check loop (one region edited, runner rebuilt, the exercise's public tests run): "
                     + "median %.1f s, max %.1f s over %d edits (target ≤ 5 s).", loops[loops.count / 2], loops.last!, loops.count))
    }
}
