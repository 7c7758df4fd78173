// Running hidden tests through the exercises harness, contained, and keeping what a student
// may see: the behaviour, the runner's message in the book's terms, and the student's own
// file and line when their code trapped, never a test's name, file or code.

import ExerciseHarness
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where one grading job runs tests: a folder the job's unprivileged user can reach, holding a
/// copy of the freshly built runner (the scratch package itself stays closed), the launcher that
/// contains it, and the private folder each test starts in.
public struct TestBench: Sendable {
    public var folder: URL
    public var slot: Int
    public var containment: Containment
    public var cpuSeconds: Int

    var runner: URL { folder.appendingPathComponent("bin/exercise-runner") }
    var privateFolder: URL { folder.appendingPathComponent("private") }

    /// Installs the freshly built runner where the test user can execute it, and its launcher.
    public func install(runner built: URL) throws -> URL {
        let bin = runner.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        chmod(folder.path, 0o711)
        chmod(bin.path, 0o711)
        try writeExecutable(try Data(contentsOf: built), to: runner, mode: 0o711)
        return try containment.writeLauncher(in: folder, runner: runner, privateFolder: privateFolder,
                                             slot: slot, cpuSeconds: cpuSeconds)
    }

    /// Runs hidden test `id` through `launcher` with at most `limit` seconds.
    func run(_ id: String, exercise: Manifest.Exercise, launcher: URL, limit: Double) -> (result: TestResult, seconds: Double) {
        let start = Date()
        do {
            try containment.resetPrivateFolder(privateFolder, slot: slot)
        } catch {
            return (TestResult(id: id, exercise: exercise.name, passed: false,
                               message: "could not be run: \(error)", section: exercise.chapter), 0)
        }
        var harness = ExerciseRunner(executable: launcher.path, perTestSeconds: limit)
        harness.exerciseOfTest = [id: exercise.name]
        var result = harness.run(id)
        if result.id != id || result.exercise != exercise.name {
            result = TestResult(id: id, exercise: exercise.name, passed: false,
                                message: "the test's result was not its own (did the code write files it should not?)", section: "")
        }
        result.message = forStudent(result.message)
        if result.section.isEmpty { result.section = exercise.chapter }
        return (result, Date().timeIntervalSince(start))
    }
}

/// A message as a student may see it: a crash location is kept only when it is the student's
/// own file (the `submission/` prefix the splice gives it), with that prefix removed.
func forStudent(_ message: String) -> String {
    var text = message
    while let at = text.range(of: " (at "), let close = text[at.upperBound...].firstIndex(of: ")") {
        let location = text[at.upperBound..<close]
        let replacement = location.contains(submissionPrefix) ? " (at \(location.replacingOccurrences(of: submissionPrefix, with: "")))" : ""
        text.replaceSubrange(at.lowerBound...close, with: replacement)
        if !replacement.isEmpty { break }
    }
    if text.contains("Hidden/") {
        text = text.components(separatedBy: "Fatal error").first ?? ""
        text = text.trimmingCharacters(in: CharacterSet(charactersIn: ": ")) + " (a trap inside the test harness)"
    }
    return text.replacingOccurrences(of: submissionPrefix, with: "")
}

/// Writes an executable through a file descriptor that no concurrently started child can
/// inherit (O_CLOEXEC), then renames it into place. A descriptor left open for writing in
/// another job's child (a compiler running for minutes) would make every exec of the file
/// fail with "Text file busy".
func writeExecutable(_ data: Data, to url: URL, mode: mode_t) throws {
    let temporary = url.path + ".new"
    unlink(temporary)
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
    guard descriptor >= 0 else { throw GradeError("cannot write \(temporary): \(String(cString: strerror(errno)))") }
    var written = 0
    data.withUnsafeBytes { bytes in
        while written < bytes.count {
            let count = write(descriptor, bytes.baseAddress! + written, bytes.count - written)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            written += count
        }
    }
    close(descriptor)
    guard written == data.count, rename(temporary, url.path) == 0 else {
        throw GradeError("cannot write \(url.path): \(String(cString: strerror(errno)))")
    }
    chmod(url.path, mode)
}
