// The package's manifest and built runner, found once per test process.
import ExerciseHarness
import Foundation

/// The package root: three folders above this file (Tests/ExerciseTests/Fixture.swift).
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

/// Exercises/manifest.json.
let manifest: Manifest? = try? Manifest.load(from: packageRoot.appendingPathComponent("Exercises/manifest.json"))

/// The built runner with the manifest's per-test limit.
let runner: ExerciseRunner? = ExerciseRunner.builtBesideThisProgram().map {
    ExerciseRunner(executable: $0, perTestSeconds: manifest?.perTestSeconds ?? 2, manifest: manifest)
}

/// The one line that sums up an exercise's results: nil when all passed.
func verdict(_ exercise: Manifest.Exercise, _ results: [TestResult]) -> String? {
    let failed = results.filter { !$0.passed }
    guard let first = failed.first else { return nil }
    let title = "exercise \(exercise.number) (\(exercise.name))"
    if let stub = failed.first(where: { $0.waitsFor == nil && NotImplemented(in: $0.message)?.name == exercise.name }) {
        return stub.message
    }
    if let waiting = failed.first(where: { $0.waitsFor != nil }), failed.allSatisfy({ $0.waitsFor != nil }) {
        let number = manifest?.exercise(named: waiting.waitsFor!)?.number ?? 0
        return "\(title) waits for exercise \(number) (\(waiting.waitsFor!)): solve that one first"
    }
    let real = failed.first { $0.waitsFor == nil } ?? first
    return "\(title): \(failed.count) of \(results.count) public tests fail; \(real.id): \(real.message)"
        + (real.section.isEmpty ? "" : " (see \(real.section))")
}
