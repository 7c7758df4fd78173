// A warm copy of the instructor edition in which one exercise's region is a student's.
//
// Each grading job owns one scratch package, kept between submissions and between runs
// (under .build/grader/ of the instructor edition), so a build recompiles only the Driver
// module and relinks the runner. Files are written only when their content changes.

import ExerciseHarness
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// How building the runner with one student region went.
public enum BuildOutcome: Sendable {
    case built(runner: URL)
    /// Errors in the student's lines (already mapped to the student's file), and whether the
    /// build also failed elsewhere.
    case failed(studentErrors: [String], elsewhere: String?)
}

public final class ScratchPackage: @unchecked Sendable {
    public let folder: URL
    let instructorRoot: URL
    let buildTimeLimit: Double = 900

    public init(instructorRoot: URL, folder: URL) {
        self.instructorRoot = instructorRoot
        self.folder = folder
    }

    /// Brings the copy up to date with the instructor edition, closed to everyone but the grader.
    public func synchronize() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        chmod(folder.path, 0o700)
        try ScratchCopy.sync(from: instructorRoot, to: folder)
    }

    /// Writes `files` (paths relative to the package) and builds `exercise-runner`.
    public func build(_ files: [String: String]) throws -> BuildOutcome {
        for (path, text) in files {
            try ScratchCopy.writeSource(text, to: path, in: folder)
        }
        let build = try RunnerBuild.build(package: folder, limit: buildTimeLimit)
        lastBuildOutput = build.output
        if let runner = build.runner { return .built(runner: URL(fileURLWithPath: runner)) }
        if build.seconds >= buildTimeLimit {
            return .failed(studentErrors: [], elsewhere: "the build took longer than \(Int(buildTimeLimit)) s and was stopped")
        }
        let output = build.output
        return classifyBuildErrors(output)
    }

    /// The full output of the last build, for the instructor's log.
    public private(set) var lastBuildOutput = ""
}

/// Sorts compiler errors into the student's (shown with their line) and the rest (summarised
/// without paths: they may be in hidden tests).
func classifyBuildErrors(_ output: String) -> BuildOutcome {
    var studentErrors: [String] = []
    var elsewhere = 0
    for line in splitLines(output) {
        guard let range = line.range(of: ": error: ") else { continue }
        let location = line[..<range.lowerBound]
        if let start = location.range(of: submissionPrefix) {
            let path = location[start.upperBound...]
            studentErrors.append("\(path)\(line[range.lowerBound...])")
        } else {
            elsewhere += 1
        }
    }
    if studentErrors.isEmpty && elsewhere == 0 { elsewhere = 1 }
    let problem = elsewhere == 0 ? nil : studentErrors.isEmpty
        ? "the build failed outside your region: keep the function's signature, and close every brace you open inside the region"
        : nil
    // Each compile job that reads the file reports the same error: show it once.
    var shown = Set<String>()
    return .failed(studentErrors: studentErrors.filter { shown.insert($0).inserted }, elsewhere: problem)
}
