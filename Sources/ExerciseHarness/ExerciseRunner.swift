// The parent's side of the runner contract: run each exercise test as its own child process and
// turn whatever happened (a result, a death, a hang) into one readable `TestResult`.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A built `exercise-runner` and the limits to run its tests under.
public struct ExerciseRunner: Sendable {
    /// Path of the executable.
    public var executable: String
    /// Seconds one test may take before its process group is killed.
    public var perTestSeconds: Double
    /// The exercise of each test id, for results the child could not write.
    public var exerciseOfTest: [String: String]

    public init(executable: String, perTestSeconds: Double = 2, manifest: Manifest? = nil) {
        self.executable = executable
        self.perTestSeconds = perTestSeconds
        var owners: [String: String] = [:]
        for exercise in manifest?.exercises ?? [] {
            for id in exercise.publicTests.map(\.id) + (exercise.hiddenTests ?? []).map(\.id) {
                owners[id] = exercise.name
            }
        }
        exerciseOfTest = owners
    }

    /// How long after the per-test limit the parent kills a child that has not reported. The
    /// child times itself from its own start and reports a hang at the limit; the grace covers
    /// starting and ending the process on a busy machine.
    public static let graceSeconds = 1.0

    /// The test ids the runner was compiled with (`exercise-runner list`).
    public func list() throws -> [String] {
        let run = try runChild(executable, ["list"], limit: 30)
        guard run.exit == .exited(0) else {
            throw ChildProcessError(executable: executable, errno: EINVAL)
        }
        return run.stdout.split(separator: "\n").map(String.init)
    }

    /// Runs test `id` in a child process and reports it. Never throws and never hangs.
    public func run(_ id: String) -> TestResult {
        let resultPath = FileManager.default.temporaryDirectory
            .appendingPathComponent("exercise-result-\(getpid())-\(UUID().uuidString).json").path
        defer { unlink(resultPath) }
        let exercise = exerciseOfTest[id] ?? id.split(separator: ".").first.map(String.init) ?? id
        let child: ChildRun
        do {
            child = try runChild(executable, ["run", id, "--result", resultPath, "--limit", String(perTestSeconds)],
                                 limit: perTestSeconds + ExerciseRunner.graceSeconds)
        } catch {
            return TestResult(id: id, exercise: exercise, passed: false, message: "\(error)", section: "")
        }
        if let data = FileManager.default.contents(atPath: resultPath),
           let result = try? JSONDecoder().decode(TestResult.self, from: data) {
            return result
        }
        return explainDeath(of: child, id: id, exercise: exercise)
    }

    /// Runs `ids` with up to `jobs` children at a time; results come back in the order of `ids`.
    public func run(_ ids: [String], jobs: Int = 2) -> [TestResult] {
        let results = ResultSlots(count: ids.count)
        DispatchQueue.concurrentPerform(iterations: max(1, min(jobs, ids.count))) { worker in
            var index = worker
            while index < ids.count {
                results.set(index, run(ids[index]))
                index += max(1, min(jobs, ids.count))
            }
        }
        return results.all
    }

    /// The one line for a child that wrote no result: killed at the limit, trapped, or exited.
    func explainDeath(of child: ChildRun, id: String, exercise: String) -> TestResult {
        let seconds = String(format: "%g", perTestSeconds)
        var message: String
        if let stub = NotImplemented(in: child.stderr + child.stdout) {
            let mine = stub.name == exercise
            return TestResult(id: id, exercise: exercise, passed: false, message: stub.sentence, section: "",
                              waitsFor: mine ? nil : stub.name)
        }
        switch child.exit {
        case .timedOut:
            message = "did not finish within \(seconds) s and was stopped: an infinite loop or a deadlock "
                + "(a lock taken twice, a sleep nobody wakes)"
        case .signalled(let signal):
            message = "the test process died of \(signalName(signal))"
            if signal == SIGILL || signal == SIGTRAP {
                message += " (a Swift runtime trap: arithmetic overflow, an index out of range, or a force-unwrapped nil)"
            }
            if let crash = crashLine(child.stderr) { message += ": \(crash)" }
        case .exited(let code):
            message = "the test process exited with status \(code) before writing its result"
            if let crash = crashLine(child.stderr) { message += ": \(crash)" }
            else if child.stdout.contains("exit(") || code != 0 { message += " (did the code call exit?)" }
        }
        return TestResult(id: id, exercise: exercise, passed: false, message: message, section: "")
    }

    /// The Swift runtime's "Fatal error: …" message, and the frame of the crashed thread that is
    /// the code under test (its function, file and line), from the child's standard error.
    func crashLine(_ stderr: String) -> String? {
        let lines = stderr.split(separator: "\n", omittingEmptySubsequences: false)
        var parts: [String] = []
        if let fatal = lines.first(where: { $0.contains("Fatal error") }), let range = fatal.range(of: "Fatal error") {
            parts.append(String(fatal[range.lowerBound...]))
        }
        if let crashed = lines.firstIndex(where: { $0.hasPrefix("Thread ") && $0.hasSuffix(" crashed:") }) {
            for line in lines[(crashed + 1)...].prefix(40) {
                if line.hasPrefix("Thread ") { break }
                if parts.isEmpty, let failure = line.range(of: #"Swift runtime failure: [^\n]*? in "#, options: .regularExpression) {
                    parts.append(String(line[failure].dropLast(4)))
                    continue
                }
                guard let frame = line.range(of: #"0x[0-9a-f]+ (.+) \+ [0-9]+ in \S+ at (\S+)"#, options: .regularExpression) else { continue }
                let text = line[frame]
                guard let inRange = text.range(of: " + "), let atRange = text.range(of: " at ", options: .backwards) else { continue }
                let function = text[text.index(after: text.firstIndex(of: " ")!)..<inRange.lowerBound]
                var place = String(text[atRange.upperBound...])
                if place.contains("/Exercises/") || place.hasPrefix("Swift/") { continue }
                for root in ["Sources/", "Chapters/"] {
                    if let found = place.range(of: "/" + root) { place = String(place[place.index(after: found.lowerBound)...]) }
                }
                parts.append("in \(function) at \(place)")
                break
            }
        }
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }
}

/// Results filled in by several workers, each into its own slot.
private final class ResultSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [TestResult?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ result: TestResult) { lock.withLock { slots[index] = result } }
    var all: [TestResult] { lock.withLock { slots.map { $0! } } }
}

extension ExerciseRunner {
    /// The `exercise-runner` SwiftPM built beside the running program (a test bundle or the
    /// `workbook` tool), or nil if there is none.
    public static func builtBesideThisProgram() -> String? {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        while folder.pathComponents.count > 1 {
            let candidate = folder.appendingPathComponent("exercise-runner").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return nil
    }
}
