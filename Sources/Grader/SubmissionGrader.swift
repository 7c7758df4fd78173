// Grading one submission, exercise by exercise.
//
// For each exercise: take its region from the student's file, splice it into the instructor's
// file (the other three files stay the reference), build the runner, and run that exercise's
// hidden tests one by one. A problem with one exercise never costs another, and the
// submission's time budget is shared by all its tests.

import ExerciseHarness
import Foundation

public struct SubmissionGrader: Sendable {
    public var manifest: Manifest
    /// The instructor's text of each exercise file, by path.
    public var referenceFiles: [String: String]
    public var scratch: ScratchPackage
    public var bench: TestBench

    public init(manifest: Manifest, referenceFiles: [String: String], scratch: ScratchPackage, bench: TestBench) {
        self.manifest = manifest
        self.referenceFiles = referenceFiles
        self.scratch = scratch
        self.bench = bench
    }

    /// Grades `files` as student `student`; `log` receives the instructor-only build output.
    public func grade(_ student: String, files: any SubmissionFiles, log: URL) -> StudentGrade {
        let start = Date()
        var budget = manifest.perSubmissionSeconds
        var exercises: [ExerciseGrade] = []
        var buildLog = ""
        for exercise in manifest.exercises {
            var grade = ExerciseGrade.ungraded(exercise, problem: "")
            grade.problem = nil
            do {
                let data = try files.read(exercise.file).get()
                let region = try extractRegion(named: exercise.name, from: data, file: exercise.file)
                let spliced = try splice(region, named: exercise.name, into: referenceFiles[exercise.file] ?? "", file: exercise.file)
                var sources = referenceFiles
                sources[exercise.file] = spliced
                let outcome = try scratch.build(sources)
                buildLog += "== \(exercise.name)\n" + scratch.lastBuildOutput
                switch outcome {
                case .failed(let errors, let elsewhere):
                    grade.compileErrors = errors.map { withSourceLine($0, region: region) }
                    grade.buildProblem = elsewhere
                case .built(let runner):
                    let launcher = try bench.install(runner: runner)
                    for index in grade.tests.indices {
                        guard budget > 0.05 else {
                            grade.tests[index].message = "not run: the submission used up its \(formatSeconds(manifest.perSubmissionSeconds)) s"
                            continue
                        }
                        let limit = min(manifest.perTestSeconds, budget)
                        let (result, seconds) = bench.run(grade.tests[index].id, exercise: exercise, launcher: launcher, limit: limit)
                        budget -= seconds
                        grade.tests[index].passed = result.passed
                        grade.tests[index].message = result.passed ? nil : result.message
                        grade.tests[index].section = result.section
                        grade.tests[index].seconds = seconds
                    }
                }
            } catch let problem as RegionProblem {
                grade.problem = problem.description
            } catch {
                grade.problem = "the grader could not grade this exercise: \(error)"
            }
            exercises.append(grade)
        }
        try? writeAtomically(Data(buildLog.utf8), to: log)
        return StudentGrade(student: student, status: nil, exercises: exercises, notes: files.notes,
                            seconds: Date().timeIntervalSince(start))
    }
}

/// `file:line:col: error: message`, followed by the student's own line and a caret.
func withSourceLine(_ error: String, region: Region) -> String {
    let parts = error.split(separator: ":", maxSplits: 3).map(String.init)
    guard parts.count >= 3, let line = Int(parts[1]), let column = Int(parts[2]),
          line >= region.firstLine, line - region.firstLine < region.lines.count else { return error }
    let source = region.lines[line - region.firstLine]
    return error + "\n    " + source + "\n    " + String(repeating: " ", count: max(0, column - 1)) + "^"
}
