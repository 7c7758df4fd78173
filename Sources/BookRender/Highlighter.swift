// Swift syntax highlighting, by the separate `Tools/highlight` package (swift-syntax).
//
// swift-syntax is too heavy for the student's build, so it lives in its own package that only
// the renderer builds. The renderer runs it once per render with every Swift block of the book
// and gets back classified byte ranges and each block's top-level declarations.
import Foundation

/// A coloured range of a block: UTF-8 offset, length and CSS class.
struct HighlightSpan: Equatable {
    var offset: Int
    var length: Int
    var cssClass: String
}

/// A declaration at a block's top level: name, kind (`struct`, `func`, …) and 1-based line.
struct Declaration: Equatable {
    var name: String
    var kind: String
    var line: Int
}

struct Highlighted {
    var spans: [HighlightSpan]
    var declarations: [Declaration]
}

/// The `highlight` program of `Tools/highlight`.
public struct Highlighter: Sendable {
    public var executable: URL

    public init(executable: URL) { self.executable = executable }

    /// The highlighter's package inside the book's folder.
    public static func package(root: URL) -> URL { root.appendingPathComponent("Tools/highlight") }

    /// The built program, building it first (release, once: a few minutes) when it is missing or
    /// older than its sources.
    public static func built(root: URL, log: (String) -> Void) throws -> Highlighter {
        let package = package(root: root)
        let binary = package.appendingPathComponent(".build/release/highlight")
        let sources = [package.appendingPathComponent("Package.swift"),
                       package.appendingPathComponent("Sources/highlight/main.swift")]
        if isStale(binary, sources: sources) {
            log("render: building the highlighter (swift-syntax, release; the first build takes minutes)")
            let swift = URL(fileURLWithPath: "/usr/bin/env")
            let run = try runTool(swift, ["swift", "build", "-c", "release", "--package-path", package.path])
            guard run.status == 0 else {
                throw RenderError("the highlighter in \(package.path) did not build:\n" + run.errorText + run.outputText)
            }
        }
        return Highlighter(executable: binary)
    }

    /// Highlights every block in one run of the program.
    func highlight(_ blocks: [String]) throws -> [Highlighted] {
        guard !blocks.isEmpty else { return [] }
        let input = try JSONEncoder().encode(blocks)
        let run = try runTool(executable, [], input: input)
        guard run.status == 0 else { throw RenderError("the highlighter failed: \(run.errorText)") }
        guard let raw = try? JSONSerialization.jsonObject(with: run.stdout) as? [[String: [[Any]]]],
              raw.count == blocks.count else {
            throw RenderError("the highlighter's output is not one result per block")
        }
        return raw.map { result in
            Highlighted(
                spans: (result["spans"] ?? []).compactMap { tuple in
                    guard tuple.count == 3, let offset = tuple[0] as? Int, let length = tuple[1] as? Int,
                          let css = tuple[2] as? String else { return nil }
                    return HighlightSpan(offset: offset, length: length, cssClass: css)
                },
                declarations: (result["declarations"] ?? []).compactMap { tuple in
                    guard tuple.count == 3, let name = tuple[0] as? String, let kind = tuple[1] as? String,
                          let line = tuple[2] as? Int else { return nil }
                    return Declaration(name: name, kind: kind, line: line)
                })
        }
    }
}

/// Whether `product` is missing or older than any of `sources`.
public func isStale(_ product: URL, sources: [URL]) -> Bool {
    let manager = FileManager.default
    guard let built = (try? manager.attributesOfItem(atPath: product.path))?[.modificationDate] as? Date else { return true }
    return sources.contains { source in
        ((try? manager.attributesOfItem(atPath: source.path))?[.modificationDate] as? Date).map { $0 > built } ?? false
    }
}

/// A problem that stops a render; the message names the file and line when there is one.
public struct RenderError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// What a finished program printed.
struct ProgramRun {
    var status: Int32
    var stdout: Data
    var stderr: Data
    var errorText: String { String(decoding: stderr, as: UTF8.self) }
    var outputText: String { String(decoding: stdout, as: UTF8.self) }
}

/// Runs a program, feeding it `input`, and collects both outputs (each drained on its own).
func runTool(_ executable: URL, _ arguments: [String], input: Data = Data(), in folder: URL? = nil) throws -> ProgramRun {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if let folder { process.currentDirectoryURL = folder }
    let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
    process.standardInput = stdin
    process.standardOutput = stdout
    process.standardError = stderr
    try process.run()
    let errorData = ErrorCollector()
    let reader = Thread { errorData.set(stderr.fileHandleForReading.readDataToEndOfFile()) }
    reader.start()
    let writer = Thread {
        stdin.fileHandleForWriting.write(input)
        try? stdin.fileHandleForWriting.close()
    }
    writer.start()
    let output = stdout.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ProgramRun(status: process.terminationStatus, stdout: output, stderr: errorData.wait())
}

/// Standard error, read on its own thread so neither pipe can fill and block the child.
private final class ErrorCollector: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var data = Data()
    func set(_ value: Data) { data = value; done.signal() }
    func wait() -> Data { done.wait(); return data }
}
