// `workbook image`: build the bare-metal kernel (chapters 60-69) into an ELF for QEMU's `virt`
// board, with the Swift toolchain's own swiftc, clang and ld.lld and nothing else.
//
// The inputs are every .swift and .S file in Sources/BareMetal, the linker script
// Sources/BareMetal/kernel.ld, and the portable files that Sources/BareMetal/portable-sources.list
// names. The book tool never imports the driver: it only hands these files to the compiler.

import ArgumentParser
import Foundation
import Literate

struct Image: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build the bare-metal kernel image, an ELF that boots on QEMU's virt board.",
        discussion: """
            Compiles Sources/BareMetal and the portable files it lists with Embedded Swift for \
            riscv64, assembles the .S files with clang and links with ld.lld, all from the Swift \
            toolchain on PATH. Nothing is rebuilt when the image is newer than every input.
            """
    )

    @OptionGroup var book: BookLocation

    @Option(help: "Where to write the kernel ELF (default: .build/image/kernel.elf in the book's folder).")
    var out: String?

    @Flag(help: "Rebuild even when the image looks up to date.")
    var force = false

    @Flag(help: "Print each tool invocation.")
    var verbose = false

    func run() throws {
        let root = URL(fileURLWithPath: book.root)
        let output = out.map { URL(fileURLWithPath: $0) } ?? ImageBuilder.defaultOutput(in: root)
        let builder = ImageBuilder(root: root, output: output)
        warnIfSourcesAreStale(root: root)
        do {
            let start = Date()
            if try builder.build(force: force, verbose: verbose) {
                let size = (try? FileManager.default.attributesOfItem(atPath: builder.output.path)[.size] as? Int) ?? 0
                print("wrote \(builder.output.path) (\(size / 1024) KiB) in \(String(format: "%.1f", Date().timeIntervalSince(start))) s")
            } else {
                print("\(builder.output.path) is up to date")
            }
        } catch let error as ImageError {
            printError(error.description)
            throw ExitCode.failure
        }
    }
}

/// The image is built from Sources/, not from the chapters: say so when an author has edited a
/// chapter and not tangled it yet, since the kernel would then run the old code.
func warnIfSourcesAreStale(root: URL) {
    let tree = SourceTree(root: root)
    // In the student edition the regions are the student's code, not drift.
    guard let result = try? Tangler.tangle(Book.load(root: root).chapters),
          let edition = try? Edition.of(root: root),
          let files = try? tree.prepare(result.files, keepingExerciseRegions: edition == .student) else {
        printError("warning: the chapters do not tangle; building from Sources/ as it is. Run `swift run workbook tangle` to see why.")
        return
    }
    let drift = tree.drift(from: files)
    guard !drift.isEmpty else { return }
    printError("warning: Sources/ differs from the chapters in \(drift.count) file(s) (first: Sources/\(drift[0].path)); "
        + "building from Sources/ as it is. Run `swift run workbook tangle` to build what the chapters say.")
}

/// What can stop an image build, each with the wording the user sees.
enum ImageError: Error, CustomStringConvertible {
    case toolNotFound(String)
    case noEmbeddedRISCV(toolchain: String)
    case missingInput(String)
    case listedFileMissing(list: String, line: Int, path: String)
    case toolFailed(tool: String, status: Int32, output: String)
    case notEmbeddedSwift(exercises: [String], output: String)

    var description: String {
        switch self {
        case .toolNotFound(let tool):
            return "error: '\(tool)' was not found on PATH. `workbook image` uses the Swift toolchain's own " +
                "swiftc, clang and ld.lld; put the toolchain's usr/bin on PATH (a swift.org toolchain, 6.0 or newer)."
        case .noEmbeddedRISCV(let toolchain):
            return "error: the Swift toolchain at \(toolchain) has no Embedded Swift support for riscv64 " +
                "(no lib/swift/embedded/riscv64-none-none-eabi standard library).\n" +
                "Install a swift.org toolchain, 6.0 or newer, for Linux or macOS: those ship Embedded Swift for riscv64-none-none-eabi."
        case .missingInput(let path):
            return "error: \(path) is missing; run `swift run workbook tangle` first."
        case .listedFileMissing(let list, let line, let path):
            return "\(list):\(line): error: '\(path)' is listed but Sources/\(path) does not exist; run `swift run workbook tangle`."
        case .notEmbeddedSwift(let exercises, let output):
            return output + (output.hasSuffix("\n") || output.isEmpty ? "" : "\n") +
                "error: the kernel image did not compile because of your code for \(exercises.joined(separator: " and ")) (the lines named above). " +
                "The image is compiled as Embedded Swift, which has no existentials (`any P`), reflection, untyped `throws` " +
                "or Foundation (chapter 60, \"Embedded Swift\"): code that `swift build` accepts can still fail here. " +
                "This costs no points, since the tests run on the host; change those lines to boot your driver on QEMU."
        case .toolFailed(let tool, let status, let output):
            return output + (output.hasSuffix("\n") || output.isEmpty ? "" : "\n") +
                "error: \(tool) failed (exit status \(status)); the image was not built."
        }
    }
}

/// The three tools of the Swift toolchain the image needs.
struct Toolchain {
    let swiftc: URL
    let clang: URL
    let linker: URL

    /// Finds `swiftc` on PATH and `clang` and `ld.lld` beside it, and checks that the toolchain
    /// ships Embedded Swift for riscv64.
    static func locate() throws -> Toolchain {
        guard let swiftc = findExecutable("swiftc") else { throw ImageError.toolNotFound("swiftc") }
        let bin = swiftc.resolvingSymlinksInPath().deletingLastPathComponent()
        let clang = bin.appendingPathComponent("clang"), linker = bin.appendingPathComponent("ld.lld")
        for tool in [clang, linker] where !FileManager.default.isExecutableFile(atPath: tool.path) {
            throw ImageError.toolNotFound(tool.path)
        }
        let embedded = bin.deletingLastPathComponent().appendingPathComponent("lib/swift/embedded")
        let stdlib = embedded.appendingPathComponent("Swift.swiftmodule/riscv64-none-none-eabi.swiftmodule")
        guard FileManager.default.fileExists(atPath: stdlib.path) else {
            throw ImageError.noEmbeddedRISCV(toolchain: bin.deletingLastPathComponent().deletingLastPathComponent().path)
        }
        return Toolchain(swiftc: swiftc, clang: clang, linker: linker)
    }
}

/// Builds the kernel ELF from the tangled sources of a book.
struct ImageBuilder {
    /// Where `workbook image` and `workbook boot` keep the image unless told otherwise.
    static func defaultOutput(in root: URL) -> URL { root.appendingPathComponent(".build/image/kernel.elf") }

    /// Embedded Swift for a RISC-V board with no OS (chapter 60 explains each flag).
    static let swiftFlags = [
        "-target", "riscv64-none-none-eabi", "-enable-experimental-feature", "Embedded",
        "-enable-experimental-feature", "Extern", "-wmo", "-parse-as-library", "-Osize",
        "-Xcc", "-mcmodel=medany", "-Xfrontend", "-disable-stack-protector", "-swift-version", "6",
    ]
    /// The assembly's target, matching the Swift objects' soft-float lp64 ABI.
    static let assemblerFlags = [
        "--target=riscv64-none-elf", "-march=rv64imac", "-mabi=lp64", "-mcmodel=medany",
    ]

    let root: URL
    let output: URL

    var bareMetal: URL { root.appendingPathComponent("Sources/BareMetal") }

    /// The image's inputs: Swift files, assembly files and the linker script.
    func inputs() throws -> (swift: [URL], assembly: [URL], linkerScript: URL) {
        let fm = FileManager.default
        let script = bareMetal.appendingPathComponent("kernel.ld")
        let list = bareMetal.appendingPathComponent("portable-sources.list")
        for required in [script, list] where !fm.fileExists(atPath: required.path) {
            throw ImageError.missingInput(relative(required))
        }
        let own = try fm.contentsOfDirectory(at: bareMetal, includingPropertiesForKeys: nil)
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        var swift = own.filter { $0.pathExtension == "swift" }
        let assembly = own.filter { $0.pathExtension == "S" }
        let text = try String(contentsOf: list, encoding: .utf8)
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let file = root.appendingPathComponent("Sources").appendingPathComponent(line)
            guard fm.fileExists(atPath: file.path) else {
                throw ImageError.listedFileMissing(list: relative(list), line: index + 1, path: line)
            }
            swift.append(file)
        }
        return (swift, assembly, script)
    }

    /// Whether the image exists and is newer than every input and the list itself.
    func isUpToDate() throws -> Bool {
        let fm = FileManager.default
        guard let built = try? fm.attributesOfItem(atPath: output.path)[.modificationDate] as? Date else { return false }
        let (swift, assembly, script) = try inputs()
        let list = bareMetal.appendingPathComponent("portable-sources.list")
        for input in swift + assembly + [script, list] {
            let changed = try fm.attributesOfItem(atPath: input.path)[.modificationDate] as? Date ?? .distantFuture
            if changed >= built { return false }
        }
        return true
    }

    /// Builds the image unless it is up to date (or `force`). Returns whether it built.
    @discardableResult
    func build(force: Bool = false, verbose: Bool = false) throws -> Bool {
        let (swift, assembly, script) = try inputs()
        if !force, try isUpToDate() { return false }
        let tools = try Toolchain.locate()
        let objects = output.deletingLastPathComponent().appendingPathComponent("objects")
        try FileManager.default.createDirectory(at: objects, withIntermediateDirectories: true)

        let kernelObject = objects.appendingPathComponent("kernel.o")
        do {
            try runTool(tools.swiftc, Self.swiftFlags + ["-c"] + swift.map(relative) + ["-o", kernelObject.path], verbose: verbose)
        } catch ImageError.toolFailed(let tool, let status, let output) {
            let blamed = exercisesBlamed(by: output)
            if blamed.isEmpty { throw ImageError.toolFailed(tool: tool, status: status, output: output) }
            throw ImageError.notEmbeddedSwift(exercises: blamed, output: output)
        }
        var linkInputs = [kernelObject.path]
        for file in assembly {
            let object = objects.appendingPathComponent(file.deletingPathExtension().lastPathComponent + ".o")
            try runTool(tools.clang, Self.assemblerFlags + ["-c", relative(file), "-o", object.path], verbose: verbose)
            linkInputs.append(object.path)
        }
        try runTool(tools.linker, ["-T", relative(script), "--gc-sections", "-o", output.path] + linkInputs, verbose: verbose)
        return true
    }

    /// `url` relative to the book's root when it is inside it, so diagnostics read `Chapters/...`.
    func relative(_ url: URL) -> String {
        let base = root.standardizedFileURL.path + "/"
        let path = url.standardizedFileURL.path
        return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path
    }

    /// Runs a tool in the book's root; throws with its output when it fails.
    func runTool(_ tool: URL, _ arguments: [String], verbose: Bool) throws {
        if verbose { print(([tool.path] + arguments).joined(separator: " ")) }
        let run = try runCapturingOutput(tool, arguments, in: root)
        let text = String(decoding: run.output, as: UTF8.self)
        guard run.status == 0 else {
            throw ImageError.toolFailed(tool: tool.lastPathComponent, status: run.status, output: text)
        }
        if !text.isEmpty { print(text, terminator: "") }
    }
}

/// The first executable called `name` in the directories of PATH.
func findExecutable(_ name: String) -> URL? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for directory in path.split(separator: ":") {
        let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    }
    return nil
}
