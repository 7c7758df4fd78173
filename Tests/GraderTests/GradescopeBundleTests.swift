// The Gradescope bundle, run against a simulated /autograder root in a scratch folder.

import Foundation
import Testing
import TestSupport

@Suite struct GradescopeBundleTests {
    @Test func runAutograderGradesTheSubmissionIntoResultsJSON() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("grader-gradescope-\(getpid())")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let course = scratch.appendingPathComponent("course")
        try copyMiniCourse(to: course)
        let bundle = scratch.appendingPathComponent("bundle.zip")
        let made = try runTool(builtExecutable("workbook"), ["grade", "--root", course.path, "--gradescope-bundle", bundle.path])
        #expect(made.status == 0, "\(made.errorText)")

        let autograder = scratch.appendingPathComponent("autograder")
        let source = autograder.appendingPathComponent("source")
        try FileManager.default.createDirectory(at: source, withIntermediateDirectories: true)
        let unzip = try runTool(URL(fileURLWithPath: "/usr/bin/unzip"), ["-q", bundle.path, "-d", source.path])
        #expect(unzip.status == 0)
        for script in ["setup.sh", "run_autograder"] {
            #expect(FileManager.default.isExecutableFile(atPath: source.appendingPathComponent(script).path), "\(script) missing")
            let syntax = try runTool(URL(fileURLWithPath: "/bin/bash"), ["-n", source.appendingPathComponent(script).path])
            #expect(syntax.status == 0, "\(script): \(syntax.errorText)")
        }
        #expect(FileManager.default.fileExists(atPath: source.appendingPathComponent("Exercises/1-sum/Hidden/SumHiddenTests.swift").path))

        // A student uploads the folder; Gradescope puts it in /autograder/submission.
        let submission = autograder.appendingPathComponent("submission")
        try correct()(submission)
        var environment = ProcessInfo.processInfo.environment
        environment["AUTOGRADER_ROOT"] = autograder.path
        environment["WORKBOOK"] = builtExecutable("workbook").path
        let graded = try runTool(URL(fileURLWithPath: "/bin/bash"), [source.appendingPathComponent("run_autograder").path], environment: environment)
        #expect(graded.status == 0, "\(graded.errorText)")
        let results = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: autograder.appendingPathComponent("results/results.json"))) as? [String: Any])
        #expect(results["score"] as? Double == 50)
        #expect((results["tests"] as? [Any])?.count == 6)

        // A grader that cannot even start still leaves a results file.
        environment["WORKBOOK"] = "/bin/false"
        _ = try runTool(URL(fileURLWithPath: "/bin/bash"), [source.appendingPathComponent("run_autograder").path], environment: environment)
        let failed = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: autograder.appendingPathComponent("results/results.json"))) as? [String: Any])
        #expect(failed["score"] as? Double == 0)
        #expect((failed["output"] as? String)?.contains("autograder failed") == true)
    }
}
