// Helpers for the image tests: the built executables, scratch folders, and a parsed console.

import Foundation
import TestSupport

enum Tools {
    /// The package's root folder, from this file's path (Tests/ImageTests/Tools.swift).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Where SwiftPM put the executables this test target depends on.
    static let binaries = builtProducts

    static var qemuAvailable: Bool {
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").contains {
            FileManager.default.isExecutableFile(atPath: "\($0)/qemu-system-riscv64")
        }
    }

    /// The kernel image, built once per test run into a temporary folder.
    static func kernelImage() throws -> URL { try builtImage.get() }

    private static let builtImage: Result<URL, Error> = Result {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("image-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let out = folder.appendingPathComponent("kernel.elf")
        let run = try workbook(["image", "--out", out.path])
        guard run.status == 0 else { throw Failure("workbook image failed:\n\(run.text)\(run.errors)") }
        return out
    }

    /// Boots the test kernel on `disk` and returns the console and exit status.
    static func boot(disk: URL, file: String? = nil, extra: [String] = []) throws -> Run {
        var arguments = ["boot", "--kernel", try kernelImage().path, "--disk", disk.path, "--timeout", "60"]
        if let file { arguments += ["--file", file] }
        return try workbook(arguments + extra)
    }

    /// Runs the workbook command in the package root.
    static func workbook(_ arguments: [String], path: String? = nil) throws -> Run {
        try run(binaries.appendingPathComponent("workbook"), arguments + ["--root", root.path], path: path)
    }

    static func run(_ tool: URL, _ arguments: [String], path: String? = nil) throws -> Run {
        var environment: [String: String]?
        if let path {
            environment = ProcessInfo.processInfo.environment
            environment?["PATH"] = path
        }
        let run = try runTool(tool, arguments, in: root, environment: environment)
        return Run(status: run.status, console: run.stdout, errors: run.errorText)
    }
}

struct Failure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A finished run of a command: its exit status, standard output and standard error.
struct Run {
    var status: Int32
    var console: Data
    var errors: String
    var text: String { String(decoding: console, as: UTF8.self) }

    struct Entry: Equatable { var name: String; var type: Int; var inode: Int; var size: Int }

    /// The entries the kernel listed after `$ ls /`, up to the `ls:` summary.
    var listing: [Entry] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.firstIndex(of: "$ ls /") else { return [] }
        var entries: [Entry] = []
        for line in lines[(start + 1)...] {
            if line.hasPrefix("ls: ") { break }
            let fields = line.split(separator: " ")
            guard fields.count == 4, let type = Int(fields[1]), let inode = Int(fields[2]), let size = Int(fields[3]) else { continue }
            entries.append(Entry(name: String(fields[0]), type: type, inode: inode, size: size))
        }
        return entries
    }

    /// The bytes the kernel printed after `$ cat <name> (<n> bytes)`: exactly n of them.
    func printedFile(named name: String) -> Data? {
        let header = Data("$ cat \(name) (".utf8)
        guard let at = console.range(of: header) else { return nil }
        guard let close = console[at.upperBound...].range(of: Data(" bytes)\n".utf8)),
              let count = Int(String(decoding: console[at.upperBound..<close.lowerBound], as: UTF8.self)) else { return nil }
        let body = close.upperBound
        guard console.endIndex - body >= count else { return nil }
        return console[body..<(body + count)]
    }
}

/// A temporary folder for one test's disk images, removed when the test ends.
final class Scratch {
    let folder: URL
    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("image-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: folder) }

    /// An xv6 image made by the project's mkfs with `files` in its root directory.
    func makeImage(files: [String: Data]) throws -> URL {
        var paths: [String] = []
        for (name, contents) in files.sorted(by: { $0.key < $1.key }) {
            let file = folder.appendingPathComponent(name)
            try contents.write(to: file)
            paths.append(file.path)
        }
        let image = folder.appendingPathComponent("fs.img")
        let run = try Tools.run(Tools.binaries.appendingPathComponent("mkfs"), [image.path] + paths)
        guard run.status == 0 else { throw Failure("mkfs failed: \(run.errors)") }
        return image
    }
}
