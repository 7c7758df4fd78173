#if HIDDEN_TESTS
// Instructor edition only: Package.swift defines HIDDEN_TESTS when the Hidden folders exist,
// and the student edition's export drops this whole block. The hidden suite passes against the
// reference, and every catalogued mutant still applies to the reference regions.
@testable import ExerciseHarness
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

    @Test("Every catalogued mutant applies to the reference region it names and changes it")
    func mutantsApply() throws {
        let manifest = try #require(manifest, "Exercises/manifest.json is missing or invalid")
        let catalogue = try MutantCatalogue.load(from: packageRoot.appendingPathComponent("Exercises/mutants.json"))
        #expect(catalogue.mutants.count >= 40)
        for exercise in manifest.exercises {
            let mutants = catalogue.mutants.filter { $0.exercise == exercise.name }
            #expect(!mutants.isEmpty, "no mutant of \(exercise.name)")
            let reference = try String(contentsOf: packageRoot.appendingPathComponent(exercise.file), encoding: .utf8)
            for mutant in mutants {
                #expect(throws: Never.self) {
                    let mutated = try mutant.apply(to: reference)
                    let unchanged = try Mutant(id: "none", exercise: mutant.exercise, mistake: "", section: "", edits: []).apply(to: reference)
                    #expect(mutated != unchanged, "mutant \(mutant.id) changes nothing")
                }
            }
        }
        #expect(Set(catalogue.mutants.map(\.exercise)).isSubset(of: Set(manifest.exercises.map(\.name))))
    }

    @Test("A mutant whose text is no longer in the region is refused, naming the mutant")
    func staleMutant() throws {
        let text = "// workbook: begin exercise rw\n    x = 1\n// workbook: end exercise rw\n"
        let mutant = Mutant(id: "rw-stale", exercise: "rw", mistake: "", section: "",
                            edits: [Mutant.Edit(find: "y = 1", replace: "y = 2")])
        #expect(throws: MutantError.self) { try mutant.apply(to: text) }
        let fine = Mutant(id: "rw-ok", exercise: "rw", mistake: "", section: "", edits: [Mutant.Edit(find: "x = 1", replace: "x = 2")])
        #expect(try fine.apply(to: text) == "// workbook: begin exercise rw\n    x = 2\n// workbook: end exercise rw\n")
    }
}
#endif
