// The grader needs the hidden tests: the student edition says so instead of grading.

import Foundation
import Testing
import TestSupport

@Suite struct EditionTests {
    @Test func theStudentEditionRefusesToGrade() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("grader-edition-\(getpid())")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let root = scratch.appendingPathComponent("course")
        try copyMiniCourse(to: root)
        let manifest = root.appendingPathComponent("Exercises/manifest.json")
        let text = try String(contentsOf: manifest, encoding: .utf8).replacingOccurrences(of: "{\n  \"perTestSeconds\"", with: "{\n  \"edition\": \"student\",\n  \"perTestSeconds\"")
        try Data(text.utf8).write(to: manifest)
        let run = try runTool(builtExecutable("workbook"), ["grade", "--root", root.path, scratch.path, "--out", scratch.appendingPathComponent("out").path])
        #expect(run.status != 0)
        #expect(run.errorText.contains("grading needs the instructor edition"))
        #expect(!FileManager.default.fileExists(atPath: scratch.appendingPathComponent("out").path))
    }
}
