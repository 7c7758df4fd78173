// The parent's side of the runner contract, with programs that hang, trap or print too much.
@testable import ExerciseHarness
import Foundation
import Testing

@Suite("Exercise harness: children that misbehave")
struct HarnessTests {
    @Test("A child that hangs is killed with its whole process group at the limit")
    func hangIsKilled() throws {
        let marker = FileManager.default.temporaryDirectory.appendingPathComponent("harness-\(UUID().uuidString)").path
        // The grandchild would create the marker after 3 s if it survived its group's kill.
        let run = try runChild("/bin/sh", ["-c", "(sleep 3; touch \(marker)) & sleep 30"], limit: 0.5)
        #expect(run.exit == .timedOut)
        #expect(run.seconds < 2)
        Thread.sleep(forTimeInterval: 3.2)
        #expect(!FileManager.default.fileExists(atPath: marker), "a grandchild outlived the kill")
    }

    @Test("A trap becomes one line naming the signal, the runtime's message and the frame of the code under test")
    func trapIsExplained() throws {
        let runner = ExerciseRunner(executable: "/bin/sh", perTestSeconds: 2)
        let run = try runChild("/bin/sh", ["-c", "echo 'Swift/ContiguousArrayBuffer.swift:692: Fatal error: Index out of range' >&2; kill -ILL $$"], limit: 2)
        #expect(run.exit == .signalled(SIGILL))
        let result = runner.explainDeath(of: run, id: "rw.public.reads-block", exercise: "rw")
        #expect(!result.passed)
        #expect(result.message == "the test process died of SIGILL (a Swift runtime trap: arithmetic overflow, an index out "
                + "of range, or a force-unwrapped nil): Fatal error: Index out of range")
        let backtrace = """
            Swift/ContiguousArrayBuffer.swift:692: Fatal error: Index out of range
            Thread 3 crashed:

              0      0x00007f4b71d6df7f closure #1 in _assertionFailure(_:_:file:line:flags:) + 623 in libswiftCore.so
              1 [ra] 0x000055ae03be3182 closure #1 in Rig.run() + 193 in exercise-runner at /x/Exercises/Runner/Rig.swift:54:27
              3 [ra] 0x000055ae03b4f580 VirtioDisk.intr() + 351 in exercise-runner at /tmp/se/Sources/Driver/VirtioDisk+Intr.swift:40:19

            Thread 4:
            """
        #expect(runner.crashLine(backtrace) == "Fatal error: Index out of range in VirtioDisk.intr() at Sources/Driver/VirtioDisk+Intr.swift:40:19")
        let overflow = """
            Thread 3 crashed:

              0 [inlined] [system] 0x000055a183e56b0a Swift runtime failure: arithmetic overflow in exercise-runner at //<compiler-generated>
              1                    0x000055a183e56b0a VirtioDisk.intr() + 1466 in exercise-runner at /s/Sources/Driver/VirtioDisk+Intr.swift:41:21
            """
        #expect(runner.crashLine(overflow) == "Swift runtime failure: arithmetic overflow in VirtioDisk.intr() at Sources/Driver/VirtioDisk+Intr.swift:41:21")
    }

    @Test("A stub's sentence on standard error says which exercise the test waits for")
    func stubIsRecognised() throws {
        let runner = ExerciseRunner(executable: "/bin/sh", perTestSeconds: 2)
        let run = try runChild("/bin/sh", ["-c", "echo 'Fatal error: exercise 1 (init) is not implemented yet — read Chapters/13-init.md' >&2; exit 1"], limit: 2)
        let result = runner.explainDeath(of: run, id: "rw.public.reads-block", exercise: "rw")
        #expect(result.waitsFor == "init")
        let own = runner.explainDeath(of: run, id: "init.public.features", exercise: "init")
        #expect(own.waitsFor == nil)
        #expect(own.message.hasPrefix("exercise 1 (init) is not implemented yet"))
    }

    @Test("Output far larger than a pipe's buffer neither blocks the child nor the parent")
    func chattyChild() throws {
        let run = try runChild("/bin/sh", ["-c", "head -c 3000000 /dev/zero | tr '\\0' x; echo done >&2"], limit: 10)
        #expect(run.exit == .exited(0))
        #expect(run.stdout.count == 3_000_000)
        #expect(run.stderr == "done\n")
    }

    @Test("A manifest with a duplicate test id is refused, naming the file")
    func badManifest() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("manifest-\(UUID().uuidString).json")
        let text = """
            {"perTestSeconds": 2, "perSubmissionSeconds": 120, "exercises": [{"number": 1, "name": "init",
             "swift": "initialize()", "xv6": "virtio_disk_init", "file": "f", "chapter": "c", "weight": 1,
             "publicTests": [{"id": "a", "behaviour": "x"}], "hiddenTests": [{"id": "a", "points": 1, "behaviour": "y"}]}]}
            """
        try text.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: ManifestError.self) { try Manifest.load(from: url) }
        do { _ = try Manifest.load(from: url) } catch let error as ManifestError {
            #expect(error.description == "\(url.path): error: test id a appears twice")
        }
    }
}
