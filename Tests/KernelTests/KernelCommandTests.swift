// End-to-end: the `kernel` executable's output, byte for byte.
import Foundation
import Testing
import TestSupport
import Mkfs

/// Runs the built `kernel` executable and returns (status, stdout, stderr).
func runKernel(_ arguments: [String]) throws -> (status: Int32, out: Data, err: String) {
    let run = try runTool(builtExecutable("kernel"), arguments)
    return (run.status, run.stdout, run.errorText)
}

/// A temporary image holding `files`, written by our mkfs; removed by the caller.
func temporaryImage(_ files: [(String, [UInt8])]) throws -> String {
    var image = MkfsImage()
    for (name, bytes) in files { try image.addFile(path: name, contents: bytes) }
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("kernel-test-\(UInt32.random(in: 0...UInt32.max)).img").path
    try image.write(to: path)
    return path
}

@Suite("The kernel command", .serialized, .needsWholeDriver)
struct KernelCommandTests {
    @Test("With no arguments it boots the default image and lists it; the boot log goes to stderr")
    func noArguments() throws {
        let result = try runKernel([])
        #expect(result.status == 0)
        let text = String(decoding: result.out, as: UTF8.self)
        #expect(text.hasPrefix(".              1 1 1024\n..             1 1 1024\nREADME         2 2 "))
        #expect(text.contains("poem.txt       2 3 "))
        #expect(result.err.contains("xv6 kernel is booting"))
    }

    @Test("cat prints every byte of a binary file exactly, and nothing else on stdout")
    func catBinary() throws {
        let bytes = (0..<70_000).map { UInt8(truncatingIfNeeded: $0 ^ ($0 >> 8)) }
        let image = try temporaryImage([("blob.bin", bytes), ("README", Array("hi\n".utf8))])
        defer { try? FileManager.default.removeItem(atPath: image) }
        let result = try runKernel(["--disk", image, "cat", "blob.bin"])
        #expect(result.status == 0)
        #expect(result.out == Data(bytes))
        let viaOption = try runKernel(["cat", "--disk", image, "--quiet", "README"])
        #expect(viaOption.out == Data("hi\n".utf8) && viaOption.err.isEmpty)
    }

    @Test("stat prints the inode; a missing file exits 1 with a message; a bad image exits 2")
    func statAndErrors() throws {
        let image = try temporaryImage([("README", Array("hello\n".utf8))])
        defer { try? FileManager.default.removeItem(atPath: image) }
        let stat = try runKernel(["--disk", image, "--quiet", "stat", "README"])
        #expect(String(decoding: stat.out, as: UTF8.self) == """
              file: README
             inode: 2
              type: file (2)
             links: 1
              size: 6 bytes in 1 blocks
            blocks: 47

            """)
        let missing = try runKernel(["--disk", image, "--quiet", "cat", "nope"])
        #expect(missing.status == 1 && missing.err == "kernel cat: nope: no such file or directory\n")
        let noImage = try runKernel(["--disk", "/nonexistent.img", "ls"])
        #expect(noImage.status == 2 && noImage.err.contains("cannot open the disk image"))
    }

    @Test("--trace prints the device's timeline after the command")
    func trace() throws {
        let result = try runKernel(["--trace", "--quiet", "cat", "README"])
        #expect(result.status == 0)
        #expect(result.err.count > 200)
    }
}
