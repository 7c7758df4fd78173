// Taking a region from a student's file: the markers, their damage, and the splice.

import Foundation
import Testing
@testable import Grader

@Suite struct RegionTests {
    let file = "Sources/Driver/VirtioDisk+RW.swift"

    func text(_ lines: [String]) -> Data { Data((lines.joined(separator: "\n") + "\n").utf8) }

    @Test func takesTheLinesBetweenTheMarkers() throws {
        let region = try extractRegion(named: "rw", from: text([
            "extension VirtioDisk {", "    // workbook: begin exercise rw", "    func rw() {", "    }",
            "    // workbook: end exercise rw", "}"]), file: file)
        #expect(region.lines == ["    func rw() {", "    }"])
        #expect(region.firstLine == 3)
    }

    @Test func namesMissingDuplicatedAndDamagedMarkers() {
        func problem(_ lines: [String]) -> String {
            do { _ = try extractRegion(named: "rw", from: text(lines), file: file); return "" } catch { return error.description }
        }
        #expect(problem(["func rw() {}"]).contains("are missing"))
        #expect(problem(["// workbook: begin exercise rw", "x"]).contains(":1: `// workbook: end exercise rw` is missing"))
        #expect(problem(["x", "// workbook: end exercise rw"]).contains("begin exercise rw` is missing"))
        #expect(problem(["// workbook: begin exercise rw", "// workbook: end exercise rw",
                         "// workbook: begin exercise rw", "// workbook: end exercise rw"]).contains("more than once (lines 1, 2, 3, 4)"))
        #expect(problem(["// workbook: begin exercize rw", "// workbook: end exercise rw"]).contains(":1: a damaged region marker"))
        #expect(problem(["// workbook: end exercise rw", "// workbook: begin exercise rw"]).contains("comes before"))
    }

    @Test func refusesNonUTF8NamingTheLine() {
        var data = Data("// workbook: begin exercise rw\nok\n".utf8)
        data.append(contentsOf: [0x62, 0xFF, 0x0A])
        #expect(throws: RegionProblem("\(file):3: the file is not valid UTF-8 (save it as UTF-8)")) {
            try extractRegion(named: "rw", from: data, file: file)
        }
    }

    @Test func spliceMapsTheStudentsLinesAndBlanksTheirDirectives() throws {
        let instructor = ["a", "    // workbook: begin exercise rw", "reference", "    // workbook: end exercise rw", "b"].joined(separator: "\n")
        let region = Region(lines: ["mine", "#sourceLocation(file: \"x\", line: 1)", "more"], firstLine: 7)
        let spliced = try splice(region, named: "rw", into: instructor, file: file)
        #expect(spliced == ["a", "    // workbook: begin exercise rw",
                            "#sourceLocation(file: \"submission/\(file)\", line: 7)", "mine", "", "more", "#sourceLocation()",
                            "    // workbook: end exercise rw", "b", ""].joined(separator: "\n"))
    }
}
