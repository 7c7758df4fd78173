// mkfs refuses input that would make a broken image, names the file and the limit,
// and leaves no partial image behind.
import Foundation
import Testing
@testable import Mkfs

@Suite("What mkfs refuses")
struct MkfsRefusalTests {
    @Test("A name longer than DIRSIZ is refused with the name and the limit")
    func longName() {
        var fs = MkfsImage()
        let before = fs.bytes
        #expect(throws: MkfsError.nameTooLong(file: "user/_abcdefghijklmno", name: "abcdefghijklmno")) {
            try fs.addFile(path: "user/_abcdefghijklmno", contents: [1])
        }
        #expect(fs.bytes == before)
        let message = MkfsError.nameTooLong(file: "x/abcdefghijklmno", name: "abcdefghijklmno").description
        #expect(message.contains("x/abcdefghijklmno") && message.contains("DIRSIZ = 14"))
    }

    @Test("A file over MAXFILE (268 blocks) is refused; exactly MAXFILE is accepted")
    func maxFile() throws {
        var fs = MkfsImage()
        #expect(throws: MkfsError.fileTooLarge(file: "big", bytes: 268 * 1024 + 1)) {
            try fs.addFile(path: "big", contents: [UInt8](repeating: 7, count: 268 * 1024 + 1))
        }
        try fs.addFile(path: "max", contents: [UInt8](repeating: 7, count: 268 * 1024))
        #expect(fs.nextBlock == 46 + 1 + 268 + 1)
        #expect(MkfsError.fileTooLarge(file: "big", bytes: 9).description.contains("MAXFILE = 268"))
    }

    @Test("The 199th file finds no inode: NINODES = 200 with inodes 0 and 1 taken")
    func outOfInodes() throws {
        var fs = MkfsImage()
        for i in 0..<198 { try fs.addFile(path: "f\(i)", contents: []) }
        #expect(throws: MkfsError.outOfInodes(file: "one-more", inodes: 200)) {
            try fs.addFile(path: "one-more", contents: [])
        }
    }

    @Test("Files that do not fit the data blocks are refused before anything is written")
    func outOfBlocks() throws {
        var fs = MkfsImage()
        let full = [UInt8](repeating: 1, count: 268 * 1024)
        for i in 0..<7 { try fs.addFile(path: "big\(i)", contents: full) }  // 7 × 269 = 1883 blocks
        let before = fs.bytes
        #expect(throws: MkfsError.outOfBlocks(file: "big7", needed: 269, free: 2000 - 46 - 1 - 1883)) {
            try fs.addFile(path: "big7", contents: full)
        }
        #expect(fs.bytes == before)
    }

    @Test("A duplicate name and an empty name are refused")
    func duplicateAndEmpty() throws {
        var fs = MkfsImage()
        try fs.addFile(path: "user/_cat", contents: [])
        #expect(throws: MkfsError.duplicateName(file: "other/cat", name: "cat")) {
            try fs.addFile(path: "other/cat", contents: [])
        }
        #expect(throws: MkfsError.emptyName(file: "dir/")) { try fs.addFile(path: "dir/", contents: []) }
    }

    @Test("Names come from the last path component, less one leading underscore")
    func entryNames() {
        #expect(MkfsImage.entryName(forPath: "user/_cat") == "cat")
        #expect(MkfsImage.entryName(forPath: "README") == "README")
        #expect(MkfsImage.entryName(forPath: "/tmp/poems/_ode.txt") == "ode.txt")
        #expect(MkfsImage.entryName(forPath: "__x") == "_x")
    }

    @Test("An unreadable input fails the run and leaves an existing image untouched")
    func unreadableLeavesNoImage() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mkfs-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let readme = dir.appendingPathComponent("README").path
        try Data("hi\n".utf8).write(to: URL(fileURLWithPath: readme))
        let image = dir.appendingPathComponent("fs.img").path
        try Data("old".utf8).write(to: URL(fileURLWithPath: image))

        #expect(throws: MkfsError.unreadable(file: dir.path + "/missing", reason: "no such file")) {
            _ = try MkfsImage.build(paths: [readme, dir.path + "/missing"])
        }
        #expect(throws: MkfsError.unreadable(file: dir.path, reason: "is a directory")) {
            _ = try MkfsImage.build(paths: [dir.path])
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: image)) == Data("old".utf8))

        var fs = try MkfsImage.build(paths: [readme])
        try fs.write(to: image)
        #expect(try Data(contentsOf: URL(fileURLWithPath: image)).count == 2_048_000)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(leftovers.sorted() == ["README", "fs.img"])
    }

    @Test("Writing into a missing directory fails with the image's path and removes the temporary file")
    func unwritableImage() throws {
        var fs = MkfsImage()
        #expect(throws: MkfsError.self) { try fs.write(to: "/nonexistent-dir/fs.img") }
    }
}
