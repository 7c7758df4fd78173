// `workbook render`: the book as an offline HTML site.

import ArgumentParser
import BookRender
import Foundation

struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Render the book as a static HTML site (chapters, exercises, index, diagrams).",
        discussion: """
            Writes one folder of plain HTML and CSS that works offline and without JavaScript; open \
            its index.html in a browser. The first render builds the highlighter (Tools/highlight, \
            swift-syntax, release: a few minutes); later renders take well under a second. \
            With --runs N it renders N times and prints the fastest and median times.
            """
    )

    @OptionGroup var book: BookLocation

    @Option(help: "instructor (everything, solutions marked) or student (no solution text, stubs). Default: this checkout's edition.")
    var edition: BookRender.Edition?

    @Option(help: "The folder to write (refused if it holds anything but a rendered book). Default: .build/book/<edition>.")
    var out: String?

    @Flag(help: "Render code without colours, without building the highlighter.")
    var noHighlight = false

    @Option(help: "Render this many times and print the timings.")
    var runs: Int = 1

    func validate() throws {
        guard runs > 0 else { throw ValidationError("--runs must be at least 1") }
    }

    func run() throws {
        let root = URL(fileURLWithPath: book.root)
        let edition = try self.edition ?? BookRender.Edition(rawValue: Edition.of(root: root).rawValue) ?? .instructor
        let output = URL(fileURLWithPath: out ?? ".build/book/\(edition.rawValue)", relativeTo: root).standardizedFileURL
        do {
            let highlighter = noHighlight ? nil : try Highlighter.built(root: root, log: progress)
            let renderer = BookRenderer(root: root, edition: edition, output: output, highlighter: highlighter,
                                        diagrams: DiagramSource(executable: try diagramProgram(root: root)))
            var times: [Double] = []
            var summary: BookRenderer.Summary?
            for _ in 0..<runs {
                let start = DispatchTime.now().uptimeNanoseconds
                summary = try renderer.render()
                times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            }
            guard let summary else { return }
            print("render: \(edition.rawValue) edition, \(summary.chapters) chapters, \(summary.exercises) exercises, "
                  + "\(summary.diagrams) diagrams, \(summary.highlightedBlocks) highlighted blocks → \(output.path)/index.html")
            if runs > 1 {
                times.sort()
                print(String(format: "render: fastest %.3f s, median %.3f s over %d runs (target < 1 s)", times[0], times[times.count / 2], runs))
                print("render: last run by phase: " + summary.phases.map { String(format: "%@ %.3f s", $0.0, $0.1) }.joined(separator: ", "))
            }
        } catch let error as RenderError {
            FileHandle.standardError.write(Data("\(error.description)\n".utf8))
            throw ExitCode.failure
        }
    }

    private func progress(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// `book-diagrams`, built beside this program (same configuration) when it is missing or
    /// older than the code it runs, so the figures always show the current machine and driver.
    private func diagramProgram(root: URL) throws -> URL {
        let folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        let program = folder.appendingPathComponent("book-diagrams")
        let sources = ["Board", "Machine", "KernelSupport", "Driver", "Kernel", "BookDiagrams"].flatMap { target in
            let path = root.appendingPathComponent("Sources/\(target)")
            return ((try? FileManager.default.contentsOfDirectory(atPath: path.path)) ?? []).map { path.appendingPathComponent($0) }
        }
        if !isStale(program, sources: sources) { return program }
        let configuration = folder.path.contains("/release") ? "release" : "debug"
        progress("render: building book-diagrams (\(configuration))")
        let (status, output) = try runCapturingOutput(URL(fileURLWithPath: "/usr/bin/env"),
                                                      ["swift", "build", "-c", configuration, "--product", "book-diagrams"], in: root)
        guard status == 0, FileManager.default.isExecutableFile(atPath: program.path) else {
            throw RenderError("cannot build book-diagrams:\n" + String(decoding: output, as: UTF8.self))
        }
        return program
    }
}

extension BookRender.Edition: ExpressibleByArgument {}
