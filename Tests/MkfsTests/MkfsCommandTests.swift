// End-to-end: the `mkfs` executable.
import Foundation
import Testing
import TestSupport

/// Runs the built `mkfs` executable and returns (status, stdout, stderr).
func runMkfs(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
    let run = try runTool(builtExecutable("mkfs"), arguments)
    return (run.status, run.outputText, run.errorText)
}

@Suite("The mkfs command")
struct MkfsCommandTests {
    @Test("mkfs writes a 2,048,000-byte image and prints xv6's summary; a refusal exits 1 and writes nothing")
    func command() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mkfs-cmd-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let readme = dir.appendingPathComponent("README").path
        try Data("hello\n".utf8).write(to: URL(fileURLWithPath: readme))
        let image = dir.appendingPathComponent("fs.img").path

        let ok = try runMkfs([image, readme])
        #expect(ok.status == 0)
        #expect(ok.out == """
            nmeta 46 (boot, super, log blocks 30 inode blocks 13, bitmap blocks 1) blocks 1954 total 2000
            balloc: first 48 blocks have been allocated

            """)
        #expect(try FileManager.default.attributesOfItem(atPath: image)[.size] as? Int == 2_048_000)

        let longName = dir.appendingPathComponent("a-name-of-fifteen").path
        try Data().write(to: URL(fileURLWithPath: longName))
        let other = dir.appendingPathComponent("other.img").path
        let refused = try runMkfs([other, readme, longName])
        #expect(refused.status == 1)
        #expect(refused.err == "mkfs: error: \(longName): name 'a-name-of-fifteen' is 17 bytes; a directory entry holds at most DIRSIZ = 14\n")
        #expect(!FileManager.default.fileExists(atPath: other))

        let current = try runMkfs(["--layout", "current", other, readme])
        #expect(current.out.hasPrefix("nmeta 47 (boot, super, log blocks 31"))
    }
}
