// `workbook benchmark`: how long the book tool takes on this book.

import ArgumentParser
import Foundation
import Literate

struct Benchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Time tangling the whole book (read, parse, tangle, compare with Sources/).",
        discussion: "Prints the fastest and the median of several runs; the target is under 0.3 s."
    )

    @OptionGroup var book: BookLocation

    @Option(help: "How many times to tangle.")
    var runs: Int = 20

    func validate() throws {
        guard runs > 0 else { throw ValidationError("--runs must be at least 1") }
    }

    func run() throws {
        let root = URL(fileURLWithPath: book.root)
        var times: [Double] = []
        var files = 0, chapters = 0, lines = 0
        for _ in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            let loaded = try Book.load(root: root)
            let result = try Tangler.tangle(loaded.chapters)
            _ = SourceTree(root: root).drift(from: result.files)
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            files = result.files.count
            chapters = loaded.chapters.count
            lines = loaded.chapters.reduce(0) { $0 + $1.source.split(separator: "\n", omittingEmptySubsequences: false).count }
        }
        times.sort()
        print("tangle: \(chapters) chapters, \(lines) lines → \(files) files")
        print(String(format: "tangle: fastest %.3f s, median %.3f s over %d runs (target < 0.3 s)",
                     times[0], times[times.count / 2], runs))
    }
}
