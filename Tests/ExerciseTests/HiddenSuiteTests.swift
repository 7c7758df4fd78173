// Instructor edition only (the student edition has no hidden tests, and drops this file): the
// hidden suite passes against the reference driver, every test in its own child process.
import ExerciseHarness
import Foundation
import Testing

@Suite("Exercises: the hidden suite against the reference")
struct HiddenSuiteTests {
    @Test("Every hidden test passes against the reference", arguments: ["init", "alloc3_desc", "rw", "intr"])
    func referencePasses(_ name: String) throws {
        let manifest = try #require(manifest, "Exercises/manifest.json is missing or invalid")
        let runner = try #require(runner, "exercise-runner was not built beside the tests")
        let exercise = try #require(manifest.exercise(named: name))
        let tests = try #require(exercise.hiddenTests, "the manifest lists no hidden tests for \(name)")
        for result in runner.run(tests.map(\.id)) where !result.passed {
            Issue.record(Comment(rawValue: result.line))
        }
    }
}
