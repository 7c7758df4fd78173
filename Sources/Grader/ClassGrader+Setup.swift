// Getting a grading run ready: the reference files, the closed folders, one warm scratch
// package and test bench per job, and a check that the reference earns full marks (a hidden
// test that fails the reference would give false zeros to a whole class).

import ExerciseHarness
import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension ClassGrader {
    /// The instructor's text of each exercise file.
    func readReferenceFiles() throws -> [String: String] {
        var files: [String: String] = [:]
        for exercise in manifest.exercises {
            let url = course.root.appendingPathComponent(exercise.file)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                throw GradeError("\(url.path): cannot read the instructor's file of exercise \(exercise.name)")
            }
            files[exercise.file] = text
        }
        return files
    }

    /// As root: the hidden tests' sources are closed to every other user, for good.
    func closeHiddenFolders() {
        for exercise in manifest.exercises {
            chmod(course.root.appendingPathComponent(exercise.folder).appendingPathComponent("Hidden").path, 0o700)
        }
    }

    /// As root, result files go to a folder every test user may write into but nobody may list
    /// (mode 1733), so a test cannot find, let alone forge, another test's result.
    func prepareResultFolder(in runFolder: URL) throws {
        chmod(runFolder.path, 0o711)
        guard containment.asRoot else { return }
        let results = runFolder.appendingPathComponent("results")
        try FileManager.default.createDirectory(at: results, withIntermediateDirectories: true)
        chmod(results.path, 0o1733)
        setenv("TMPDIR", results.path, 1)
    }

    /// Job `slot`: its scratch package, synchronised and built with the reference, and its bench.
    func prepareJob(_ slot: Int, referenceFiles: [String: String], runFolder: URL) throws -> SubmissionGrader {
        let scratch = ScratchPackage(instructorRoot: course.root,
                                     folder: course.root.appendingPathComponent(".build/grader/slot-\(slot)"))
        say("preparing job \(slot): \(scratch.folder.path) (the first build is cold and takes a few minutes)")
        try scratch.synchronize()
        guard case .built = try scratch.build(referenceFiles) else {
            throw GradeError("the instructor edition does not build in \(scratch.folder.path):\n" + scratch.lastBuildOutput.suffix(3000))
        }
        let bench = TestBench(folder: runFolder.appendingPathComponent("job-\(slot)"), slot: slot,
                              containment: containment, cpuSeconds: Int(manifest.perTestSeconds * 2) + 1)
        try FileManager.default.createDirectory(at: bench.folder, withIntermediateDirectories: true)
        return SubmissionGrader(manifest: manifest, referenceFiles: referenceFiles, scratch: scratch, bench: bench)
    }

    /// The runner knows every hidden test of the manifest, and the reference passes them all.
    func checkReference(_ grader: SubmissionGrader) throws {
        guard case .built(let runner) = try grader.scratch.build(grader.referenceFiles) else {
            throw GradeError("the instructor edition does not build")
        }
        let known = Set(try ExerciseRunner(executable: runner.path).list())
        let unknown = manifest.exercises.flatMap(\.hidden).map(\.id).filter { !known.contains($0) }
        if !unknown.isEmpty {
            throw GradeError("Exercises/manifest.json lists hidden tests the runner does not have: \(unknown.joined(separator: ", "))")
        }
        say("checking that the reference earns full marks")
        let reference = grader.grade("reference", files: FolderSubmission(course.root, exerciseFiles: manifest.exercises.map(\.file)),
                                     log: grader.bench.folder.appendingPathComponent("reference-build.log"))
        let failures = reference.exercises.flatMap { exercise in
            exercise.tests.filter { !$0.passed }.map { "\(exercise.name) \($0.id): \($0.message ?? "")" }
        } + reference.exercises.compactMap { $0.problem ?? $0.buildProblem }
        if !failures.isEmpty {
            throw GradeError("the reference fails hidden tests, so grading would be unfair:\n  " + failures.joined(separator: "\n  "))
        }
        say(String(format: "reference: %@/%@ in %.1f s", formatScore(reference.total), formatScore(reference.maximum), reference.seconds))
    }

    /// Under sudo, the output folder goes to the instructor who ran it.
    func handOverOutput() {
        let environment = ProcessInfo.processInfo.environment
        guard containment.asRoot, let uid = environment["SUDO_UID"].flatMap(UInt32.init),
              let gid = environment["SUDO_GID"].flatMap(UInt32.init) else { return }
        chown(options.output.path, uid, gid)
        let walker = FileManager.default.enumerator(atPath: options.output.path)
        while let path = walker?.nextObject() as? String {
            lchown(options.output.appendingPathComponent(path).path, uid, gid)
        }
    }
}
