// Tests that run the student's whole driver (the hosted kernel, stress, the image on QEMU) wait
// for the four exercises instead of failing noisily: in the student edition they run once every
// exercise passes its public tests, and say which they wait for until then. The instructor
// edition holds the reference, so they always run there.

import ExerciseHarness
import Foundation
import Testing

public enum WholeDriver {
    /// The package root, three folders above this file (Tests/TestSupport/WholeDriver.swift).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The exercises that do not pass their public tests yet (none in the instructor edition).
    /// Found once per test process, by running those tests in child processes.
    public static let unsolved: [String] = {
        let url = root.appendingPathComponent("Exercises/manifest.json")
        guard let data = try? Data(contentsOf: url),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              object["edition"] as? String == "student" else { return [] }
        guard let manifest = try? Manifest.load(from: url), let executable = ExerciseRunner.builtBesideThisProgram() else {
            return ["init", "alloc3_desc", "rw", "intr"]
        }
        let runner = ExerciseRunner(executable: executable, perTestSeconds: manifest.perTestSeconds, manifest: manifest)
        return manifest.exercises.filter { exercise in
            !runner.run(exercise.publicTests.map(\.id)).allSatisfy(\.passed)
        }.map(\.name)
    }()
}

extension Trait where Self == ConditionTrait {
    /// Runs the test only once the driver is whole (see `WholeDriver`).
    public static var needsWholeDriver: Self {
        .enabled(if: WholeDriver.unsolved.isEmpty,
                 "waits for exercises 1 (init), 2 (alloc3_desc), 3 (rw) and 4 (intr) to pass their public tests: it runs your whole driver")
    }
}
