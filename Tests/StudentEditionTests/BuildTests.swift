// The student edition as a student receives it: a cold build, `swift test` failing exactly the
// four exercises, and, with the reference spliced back into the regions, every test passing,
// the kernel image on QEMU included. Slow (a cold build of a whole package, then two test
// runs), so it runs when WORKBOOK_STUDENT_EDITION_BUILD=1 is set, as CI does.

import Foundation
import Testing
import TestSupport

@Suite("The student edition on its own", .serialized,
       .enabled(if: ProcessInfo.processInfo.environment["WORKBOOK_STUDENT_EDITION_BUILD"] == "1",
                "slow: a cold build of the exported package; set WORKBOOK_STUDENT_EDITION_BUILD=1 (CI does)"))
struct BuildTests {
    static let exercises = [
        ("init", "Sources/Driver/VirtioDisk+Init.swift"), ("alloc3_desc", "Sources/Driver/VirtioDisk+Alloc3.swift"),
        ("rw", "Sources/Driver/VirtioDisk+RW.swift"), ("intr", "Sources/Driver/VirtioDisk+Intr.swift"),
    ]

    @Test("It builds from a clean copy; swift test fails exactly the four exercises, each with its one line; with the reference spliced back, everything passes")
    func buildTestAndSplice() throws {
        let swift = try #require(findOnPath("swift"), "swift is not on PATH")
        let folder = try exportStudentEdition()
        defer { try? FileManager.default.removeItem(at: folder) }

        let start = Date()
        let build = try runTool(swift, ["build"], in: folder)
        try #require(build.status == 0, "the student edition does not build:\n\(build.outputText)\(build.errorText)")
        print(String(format: "student edition: cold swift build %.1f s (target 90 s)", Date().timeIntervalSince(start)))

        let unsolved = try runTool(swift, ["test"], in: folder)
        let text = unsolved.outputText + unsolved.errorText
        #expect(unsolved.status != 0)
        for (number, (name, _)) in Self.exercises.enumerated() {
            let line = "exercise \(number + 1) (\(name)) is not implemented yet — read "
            #expect(text.components(separatedBy: "recorded an issue").filter { $0.contains(line) }.count == 1,
                    "exercise \(name) must fail once with its one line")
        }
        #expect(issueCount(text) == 4, "exactly four failures expected:\n\(tail(text))")
        #expect(text.contains("waits for exercises 1 (init), 2 (alloc3_desc), 3 (rw) and 4 (intr)"))

        let workbook = folder.appendingPathComponent(".build/debug/workbook")
        let status = try runTool(workbook, ["status"], in: folder)
        #expect(status.outputText.contains("3 rw") && status.outputText.contains("not started"), "\(status.outputText)")
        let check = try runTool(workbook, ["check", "init"], in: folder)
        #expect(check.status != 0)
        #expect(check.outputText.hasPrefix("TODO exercise 1 (init) is not implemented yet"), "\(check.outputText)")

        // A compile error in a region names the Swift file and the line the student edits.
        let rw = folder.appendingPathComponent("Sources/Driver/VirtioDisk+RW.swift")
        let stub = try String(contentsOf: rw, encoding: .utf8)
        var lines = stub.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let kick = try #require(lines.firstIndex { $0.hasSuffix("// TODO: Kick the device") })
        lines.insert("        let oops: Int = \"not a number\"", at: kick + 1)
        try Data(lines.joined(separator: "\n").utf8).write(to: rw)
        let broken = try runTool(workbook, ["check", "rw"], in: folder)
        #expect(broken.status != 0)
        #expect(broken.outputText.contains("Sources/Driver/VirtioDisk+RW.swift:\(kick + 2):"), "\(broken.outputText)")
        #expect(!broken.outputText.contains("Chapters/16-rw.md:"))

        try spliceReference(into: folder)
        let solvedCheck = try runTool(workbook, ["check", "rw"], in: folder)
        #expect(solvedCheck.status == 0 && solvedCheck.outputText.contains("PASS exercise 3 (rw)"), "\(solvedCheck.outputText)")
        print("student edition: workbook check rw after splicing four regions: \(solvedCheck.outputText.split(separator: "\n").last ?? "")")
        let alloc3 = folder.appendingPathComponent("Sources/Driver/VirtioDisk+Alloc3.swift")
        let edited = try String(contentsOf: alloc3, encoding: .utf8)
            .replacingOccurrences(of: "    // workbook: end exercise alloc3_desc", with: "    // edited\n    // workbook: end exercise alloc3_desc")
        try Data(edited.utf8).write(to: alloc3)
        let warm = try runTool(workbook, ["check", "alloc3_desc"], in: folder)
        #expect(warm.status == 0)
        print("student edition: workbook check alloc3_desc after editing its region: \(warm.outputText.split(separator: "\n").last ?? "")")
        let trace = try runTool(workbook, ["trace", "rw"], in: folder)
        #expect(trace.status == 0)
        #expect(trace.outputText.contains("QueueNotify") && trace.outputText.contains("used ring at"), "\(trace.outputText)")
        let solved = try runTool(swift, ["test"], in: folder)
        let solvedText = solved.outputText + solved.errorText
        #expect(solved.status == 0, "with the reference spliced back:\n\(tail(solvedText))")
        #expect(!solvedText.contains("waits for exercises"), "tests still wait for exercises")
        if findOnPath("qemu-system-riscv64") != nil {
            #expect(solvedText.contains("Suite \"The bare-metal kernel on QEMU\" passed"), "the image did not boot on QEMU")
        }
    }

    /// Puts the instructor edition's region bodies (without their directives) into the export.
    func spliceReference(into folder: URL) throws {
        for (name, path) in Self.exercises {
            let reference = try String(contentsOf: Repository.root.appendingPathComponent(path), encoding: .utf8)
            let body = regionBody(name, reference).filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("#sourceLocation") }
            let url = folder.appendingPathComponent(path)
            var lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let begin = try #require(lines.firstIndex { $0.hasSuffix("// workbook: begin exercise \(name)") })
            let end = try #require(lines.firstIndex { $0.hasSuffix("// workbook: end exercise \(name)") })
            lines.replaceSubrange((begin + 2)..<end, with: body)  // keep the region's #sourceLocation()
            try Data(lines.joined(separator: "\n").utf8).write(to: url)
        }
    }

    func regionBody(_ name: String, _ text: String) -> [String] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let begin = lines.firstIndex(where: { $0.hasSuffix("// workbook: begin exercise \(name)") }),
              let end = lines.firstIndex(where: { $0.hasSuffix("// workbook: end exercise \(name)") }) else { return [] }
        return Array(lines[(begin + 1)..<end])
    }

    /// The number of issues in Swift Testing's closing line (`... failed after T seconds with K issues.`).
    func issueCount(_ text: String) -> Int? {
        guard let line = text.split(separator: "\n").last(where: { $0.contains("Test run with") }),
              let match = line.firstMatch(of: /with (\d+) issues?\./) else { return 0 }
        return Int(match.1)
    }

    /// The issues the run recorded, then its last lines.
    func tail(_ text: String) -> String {
        let lines = text.split(separator: "\n")
        return (lines.filter { $0.contains("recorded an issue") || $0.contains("error:") } + ["..."] + lines.suffix(15)).joined(separator: "\n")
    }

    func findOnPath(_ name: String) -> URL? {
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }
}
