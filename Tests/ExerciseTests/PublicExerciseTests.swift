// Every exercise's public tests, each in its own child process through the harness. An unsolved
// exercise fails here once, with one line; a hang or a crash costs at most the per-test limit.
import ExerciseHarness
import Foundation
import Testing

@Suite("Exercises: the public tests")
struct PublicExerciseTests {
    @Test("Each exercise passes its public tests", arguments: ["init", "alloc3_desc", "rw", "intr"])
    func exercise(_ name: String) throws {
        let manifest = try #require(manifest, "Exercises/manifest.json is missing or invalid")
        let runner = try #require(runner, "exercise-runner was not built beside the tests")
        let exercise = try #require(manifest.exercise(named: name), "the manifest has no exercise \(name)")
        let results = runner.run(exercise.publicTests.map(\.id))
        if let line = verdict(exercise, results) {
            Issue.record(Comment(rawValue: line))
        }
    }

    @Test("The runner was compiled with exactly the manifest's tests")
    func manifestMatchesRunner() throws {
        let manifest = try #require(manifest, "Exercises/manifest.json is missing or invalid")
        let runner = try #require(runner, "exercise-runner was not built beside the tests")
        let listed = try runner.list()
        let expected = manifest.exercises.flatMap { $0.publicTests.map(\.id) + ($0.hiddenTests ?? []).map(\.id) }
        #expect(Set(listed) == Set(expected))
        #expect(listed.count == Set(listed).count, "a test id appears twice")
    }
}
