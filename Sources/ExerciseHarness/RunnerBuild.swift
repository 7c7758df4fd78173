// Building `exercise-runner` in a package folder with SwiftPM, for commands that run exercise
// tests outside `swift test` (`workbook check`, `workbook mutants`, the grader).
import Foundation

/// The result of `swift build --product exercise-runner` in one package folder.
public struct RunnerBuild: Sendable {
    /// Path of the built runner; nil when the build failed.
    public var runner: String?
    /// What the compiler printed (the errors, when it failed).
    public var output: String
    public var seconds: Double

    /// Builds the runner of the package at `package` (incrementally, in its own .build).
    public static func build(package: URL, limit: Double = 900) throws -> RunnerBuild {
        let build = try runChild("/usr/bin/env", ["swift", "build", "--package-path", package.path,
                                                  "--product", "exercise-runner"], limit: limit)
        let output = build.stdout + build.stderr
        guard build.exit == .exited(0) else { return RunnerBuild(runner: nil, output: output, seconds: build.seconds) }
        let usual = package.appendingPathComponent(".build/debug/exercise-runner").path
        if FileManager.default.isExecutableFile(atPath: usual) {
            return RunnerBuild(runner: usual, output: output, seconds: build.seconds)
        }
        let binPath = try runChild("/usr/bin/env", ["swift", "build", "--package-path", package.path, "--show-bin-path"], limit: 120)
        let folder = binPath.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        return RunnerBuild(runner: folder + "/exercise-runner", output: output, seconds: build.seconds)
    }
}
