// Generated from Chapters by interim tangle. Do not edit.
#sourceLocation(file: "Chapters/42-mkfs.md", line: 441)
// The `mkfs` command: `mkfs fs.img README user/_cat ...` writes an xv6 file-system image.
import ArgumentParser
import Foundation
import Mkfs

@main
struct MkfsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mkfs",
        abstract: "Write an xv6 file-system image holding the given files in its root directory.")

    @Option(help: "Log size: '2022' (30 blocks, as the snapshot the book follows) or 'current' (31).")
    var layout: LogLayout = .xv6_2022

    @Argument(help: "The image file to write (2,048,000 bytes).")
    var image: String

    @Argument(help: "Files to copy into the root directory; 'user/_cat' is named 'cat'.")
    var files: [String] = []

    func run() throws {
        do throws(MkfsError) {
            var fs = try MkfsImage.build(paths: files, layout: layout)
            try fs.write(to: image)
            print(fs.summary)
            print("balloc: first \(fs.nextBlock) blocks have been allocated")
        } catch {
            FileHandle.standardError.write(Data("mkfs: error: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}

extension LogLayout: ExpressibleByArgument {}
#sourceLocation()
