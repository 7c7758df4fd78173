// The catalogue of hostile and broken submissions, graded against the mini course (two
// exercises: sum, worth 30 with hidden tests of 1, 2 and 1 points, and clamp, worth 20).
//
// Each entry says how it is made and the exact scores it must get. Regions that need the
// C library close the extension, import, and reopen it, as a student could.

import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One submission of the catalogue: its files and its expected scores.
struct CatalogueEntry {
    var id: String
    var sum: Double
    var clamp: Double
    var make: (URL) throws -> Void
}

let miniCourse = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/MiniCourse")
let asRoot = geteuid() == 0

/// The reference's files, as a correct student-edition folder holds them.
func referenceText(_ name: String) throws -> String {
    try String(contentsOf: miniCourse.appendingPathComponent("Sources/Driver/\(name)"), encoding: .utf8)
}

/// Sum.swift with the region's body replaced by `lines`.
func sumFile(_ lines: [String]) throws -> String {
    let text = try referenceText("Sum.swift")
    let begin = text.range(of: "    // workbook: begin exercise sum\n")!, end = text.range(of: "    // workbook: end exercise sum")!
    return String(text[..<begin.upperBound]) + lines.joined(separator: "\n") + "\n" + String(text[end.lowerBound...])
}

/// A sum that does `statements` first, then answers correctly.
func sumDoing(_ statements: [String], imports: String = "Glibc") throws -> String {
    try sumFile(["    public static func sum(_ values: [Int]) -> Int {"] + statements.map { "        " + $0 }
        + ["        return values.reduce(0, +)", "    }", "}", "import \(imports)", "extension Mini {"])
}

func write(_ text: String, _ folder: URL, _ path: String) throws {
    let url = folder.appendingPathComponent(path)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: url)
}

/// A student-edition folder with `sum` as given and the reference clamp.
func folder(sum: String) -> (URL) throws -> Void {
    { url in
        try write(sum, url, "Sources/Driver/Sum.swift")
        try write(try referenceText("Clamp.swift"), url, "Sources/Driver/Clamp.swift")
        try write("// swift-tools-version: 6.0\n", url, "Package.swift")
    }
}

func correct() throws -> (URL) throws -> Void { folder(sum: try referenceText("Sum.swift")) }

/// The catalogue. `root` is the instructor edition and `out` the output folder, which hostile
/// entries try to reach.
func catalogue(root: URL, out: URL) throws -> [CatalogueEntry] {
    let sumPoint = 7.5
    return [
        CatalogueEntry(id: "correct", sum: 30, clamp: 20, make: try correct()),
        CatalogueEntry(id: "bug-skips-negatives", sum: 30 - sumPoint, clamp: 20, make: folder(sum: try sumFile([
            "    public static func sum(_ values: [Int]) -> Int {", "        values.filter { $0 > 0 }.reduce(0, +)", "    }"]))),
        CatalogueEntry(id: "bug-starts-at-one", sum: 0, clamp: 20, make: folder(sum: try sumFile([
            "    public static func sum(_ values: [Int]) -> Int {", "        values.reduce(1, +)", "    }"]))),
        CatalogueEntry(id: "infinite-loop", sum: 0, clamp: 20, make: folder(sum: try sumFile([
            "    public static func sum(_ values: [Int]) -> Int {", "        while true {}", "    }"]))),
        CatalogueEntry(id: "deadlock", sum: 0, clamp: 20, make: folder(sum: try sumDoing([
            "let lock = NSLock(); lock.lock(); lock.lock()"], imports: "Foundation"))),
        CatalogueEntry(id: "trap", sum: 0, clamp: 20, make: folder(sum: try sumFile([
            "    public static func sum(_ values: [Int]) -> Int {", "        values[values.count]", "    }"]))),
        CatalogueEntry(id: "exit-0", sum: 0, clamp: 20, make: folder(sum: try sumDoing(["exit(0)"]))),
        CatalogueEntry(id: "exit-1", sum: 0, clamp: 20, make: folder(sum: try sumDoing(["exit(1)"]))),
        CatalogueEntry(id: "fake-summary", sum: sumPoint, clamp: 20, make: folder(sum: try sumFile([
            "    public static func sum(_ values: [Int]) -> Int {",
            #"        print("✔ Test run with 6 tests passed after 0.1 seconds.\nExecuted 6 tests, with 0 failures\nScore: 50/50\n{\"id\": \"x\", \"passed\": true}")"#,
            "        return 0", "    }"]))),
        CatalogueEntry(id: "huge-allocation", sum: 0, clamp: 20, make: folder(sum: try sumDoing([
            "let huge = UnsafeMutablePointer<UInt8>.allocate(capacity: 1 << 40)", "huge.initialize(repeating: 1, count: 1 << 40)"]))),
        CatalogueEntry(id: "threads-left-running", sum: 30, clamp: 20, make: folder(sum: try sumDoing([
            "Thread.detachNewThread { while true {} }",
            #"let sleeper = Process(); sleeper.executableURL = URL(fileURLWithPath: "/bin/sleep"); sleeper.arguments = ["4242"]; try? sleeper.run()"#],
            imports: "Foundation"))),
        CatalogueEntry(id: "reads-hidden-tests", sum: asRoot ? 0 : 30, clamp: 20, make: folder(sum: try sumFile([
            "    public static func sum(_ values: [Int]) -> Int {",
            "        let paths = [\"\(root.path)/Exercises/1-sum/Hidden/SumHiddenTests.swift\", \"\(root.path)/.build/grader/slot-1/Exercises/1-sum/Hidden/SumHiddenTests.swift\", \"\(root.path)/.build/grader/slot-2/Exercises/1-sum/Hidden/SumHiddenTests.swift\"]",
            "        return paths.contains { FileManager.default.isReadableFile(atPath: $0) && FileManager.default.contents(atPath: $0) != nil } ? values.reduce(0, +) : -999",
            "    }", "}", "import Foundation", "extension Mini {"]))),
        CatalogueEntry(id: "writes-output-folder", sum: 30, clamp: 20, make: folder(sum: try sumDoing([
            "try? Data(\"student,sum,clamp,total\\nwrites-output-folder,30,20,100\\n\".utf8).write(to: URL(fileURLWithPath: \"\(out.path)/grades.csv\"))",
            "try? Data(\"owned\".utf8).write(to: URL(fileURLWithPath: \"\(out.path)/students/correct/feedback.md\"))",
            "FileManager.default.createFile(atPath: \"\(out.path)/owned\", contents: nil)"], imports: "Foundation"))),
        CatalogueEntry(id: "edited-tests-and-package", sum: sumPoint, clamp: 20, make: { url in
            try folder(sum: try sumFile(["    public static func sum(_ values: [Int]) -> Int {", "        0", "    }"]))(url)
            try write("// swift-tools-version: 6.0\nimport PackageDescription\nlet package = Package(name: \"Owned\")\n", url, "Package.swift")
            try write("import Driver\nlet sumHiddenTests: [MiniTest] = []\n", url, "Exercises/1-sum/Hidden/SumHiddenTests.swift")
        }),
        CatalogueEntry(id: "markers-missing", sum: 0, clamp: 20, make: folder(sum: try referenceText("Sum.swift")
            .replacingOccurrences(of: "    // workbook: begin exercise sum\n", with: "")
            .replacingOccurrences(of: "    // workbook: end exercise sum\n", with: ""))),
        CatalogueEntry(id: "markers-duplicated", sum: 0, clamp: 20, make: folder(sum: try referenceText("Sum.swift")
            .replacingOccurrences(of: "    // workbook: end exercise sum\n", with: "    // workbook: end exercise sum\n    // workbook: begin exercise sum\n    // workbook: end exercise sum\n"))),
        CatalogueEntry(id: "marker-damaged", sum: 0, clamp: 20, make: folder(sum: try referenceText("Sum.swift")
            .replacingOccurrences(of: "begin exercise sum", with: "begin exercize sum"))),
        CatalogueEntry(id: "not-utf8", sum: 0, clamp: 20, make: { url in
            try correct()(url)
            var data = Data(try referenceText("Sum.swift").utf8)
            data.append(contentsOf: [0x2F, 0x2F, 0x20, 0xE9, 0x0A])
            try data.write(to: url.appendingPathComponent("Sources/Driver/Sum.swift"))
        }),
        CatalogueEntry(id: "compile-error", sum: 0, clamp: 20, make: folder(sum: try sumFile([
            "    public static func sum(_ values: [Int]) -> Int {", "        var total = 0", "        return totl", "    }"]))),
        CatalogueEntry(id: "changed-signature", sum: 30, clamp: 0, make: { url in
            try correct()(url)
            try write(try referenceText("Clamp.swift").replacingOccurrences(of: "clamp(_ value: Int, _ low: Int, _ high: Int)", with: "clamp(_ value: Int)")
                .replacingOccurrences(of: "min(max(value, low), high)", with: "value"), url, "Sources/Driver/Clamp.swift")
        }),
        CatalogueEntry(id: "name with spaces", sum: 30, clamp: 20, make: try correct()),
        CatalogueEntry(id: "quote\"s and 'apostrophes', commas", sum: 30, clamp: 20, make: try correct()),
        CatalogueEntry(id: "Ünïcødé-学生", sum: 30, clamp: 20, make: try correct()),
        CatalogueEntry(id: "=HYPERLINK(\"x\")", sum: 30, clamp: 20, make: try correct()),
        CatalogueEntry(id: "symlink-to-instructor", sum: 0, clamp: 20, make: { url in
            try correct()(url)
            let sum = url.appendingPathComponent("Sources/Driver/Sum.swift")
            try FileManager.default.removeItem(at: sum)
            try FileManager.default.createSymbolicLink(at: sum, withDestinationURL: root.appendingPathComponent("Sources/Driver/Sum.swift"))
        }),
        CatalogueEntry(id: "empty-folder", sum: 0, clamp: 0, make: { _ in }),
        CatalogueEntry(id: "flat-files", sum: 30, clamp: 20, make: { url in
            try write(try referenceText("Sum.swift"), url, "Sum.swift")
            try write(try referenceText("Clamp.swift"), url, "Clamp.swift")
        }),
    ]
}
