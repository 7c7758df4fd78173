// The file-system reader against images made by our mkfs, read from memory.
import Testing
import Mkfs
@testable import Kernel

/// An image in memory, as a block source.
final class MemoryBlocks: BlockSource {
    var bytes: [UInt8]
    private(set) var reads: [UInt32] = []
    init(_ bytes: [UInt8]) { self.bytes = bytes }
    func readBlock(_ blockno: UInt32, into buffer: inout [UInt8]) {
        reads.append(blockno)
        let start = Int(blockno) * FS.blockSize
        buffer.replaceSubrange(0..<FS.blockSize, with: bytes[start..<start + FS.blockSize])
    }
}

/// Deterministic, non-repeating content of `count` bytes.
func pattern(_ count: Int, seed: UInt32 = 1) -> [UInt8] {
    var x = seed &* 2_654_435_761
    return (0..<count).map { _ in x = x &* 1_103_515_245 &+ 12_345; return UInt8(truncatingIfNeeded: x >> 16) }
}

let poem = Array("Whose woods these are I think I know.\n".utf8)

func mount(layout: LogLayout = .xv6_2022, extra: [(String, [UInt8])] = []) throws -> FileSystem<MemoryBlocks> {
    var image = MkfsImage(layout: layout)
    try image.addFile(path: "README", contents: Array("hello, xv6\n".utf8))
    try image.addFile(path: "poem.txt", contents: poem)
    try image.addFile(path: "user/_big", contents: pattern(200_000))
    for (path, contents) in extra { try image.addFile(path: path, contents: contents) }
    return try FileSystem(source: MemoryBlocks(image.finish()))
}

func contents(_ fs: FileSystem<MemoryBlocks>, _ path: String) throws -> [UInt8] {
    try fs.read(fs.inode(fs.resolve(path)))
}

@Suite("The file-system reader")
struct FileSystemReaderTests {
    @Test("Both log layouts mount, and the layout is taken from the superblock", arguments: LogLayout.allCases)
    func bothLayouts(layout: LogLayout) throws {
        let fs = try mount(layout: layout)
        #expect(fs.superblock.nlog == layout.logBlocks)
        #expect(try contents(fs, "README") == Array("hello, xv6\n".utf8))
        #expect(try contents(fs, "big") == pattern(200_000))
    }

    @Test("The root lists '.', '..' and the files with sequential inode numbers")
    func listRoot() throws {
        let fs = try mount()
        let root = try fs.inode(FS.rootInode)
        let entries = try fs.entries(ofDirectory: root)
        #expect(entries.map { String(decoding: $0.name, as: UTF8.self) } == [".", "..", "README", "poem.txt", "big"])
        #expect(entries.map(\.inum) == [1, 1, 2, 3, 4])
    }

    @Test("A file larger than twelve blocks reads through its indirect block, at any offset")
    func indirectAndOffsets() throws {
        let fs = try mount()
        let big = try fs.inode(fs.resolve("big"))
        let all = pattern(200_000)
        #expect(try fs.read(big, offset: 12 * 1024 - 5, count: 10) == Array(all[(12 * 1024 - 5)..<(12 * 1024 + 5)]))
        #expect(try fs.read(big, offset: 199_990) == Array(all[199_990...]))
        #expect(try fs.read(big, offset: 200_000) == [])
        #expect(try fs.read(big, offset: 5, count: 0) == [])
    }

    @Test("Paths: leading and repeated slashes, '.' and '..' in the root")
    func paths() throws {
        let fs = try mount()
        for path in ["README", "/README", "//README", "./README", "/../README", "/./.././README"] {
            #expect(try fs.resolve(path) == 2, "\(path)")
        }
        #expect(try fs.resolve("/") == 1)
        #expect(try fs.resolve("") == 1)
    }

    @Test("A missing file and a path through a file are errors, not panics")
    func errors() throws {
        let fs = try mount()
        #expect(throws: FileSystemError.notFound(path: Array("nope".utf8))) { try fs.resolve("nope") }
        #expect(throws: FileSystemError.notADirectory(path: Array("README/x".utf8))) { try fs.resolve("README/x") }
        #expect(throws: FileSystemError.invalidInode(150)) { try fs.inode(150) }
        #expect(throws: FileSystemError.invalidInode(0)) { try fs.inode(0) }
        #expect(throws: FileSystemError.invalidInode(200)) { try fs.inode(200) }
        #expect(FileSystemError.notFound(path: Array("nope".utf8)).message == "nope: no such file or directory")
    }

    @Test("A 14-byte name is found by its full name and by a longer one, as strncmp(DIRSIZ) does")
    func fullLengthNames() throws {
        let fs = try mount(extra: [("abcdefghijklmn", [42])])
        #expect(try contents(fs, "abcdefghijklmn") == [42])
        #expect(try contents(fs, "abcdefghijklmnXYZ") == [42])
        #expect(throws: FileSystemError.self) { try fs.resolve("abcdefghijklm") }
    }

    @Test("A root of exactly 64 entries reads its rounded-up size through the hole as empty slots")
    func rootHole() throws {
        var image = MkfsImage()
        for i in 0..<62 { try image.addFile(path: "f\(i)", contents: Array("file \(i)\n".utf8)) }
        let fs = try FileSystem(source: MemoryBlocks(image.finish()))
        let root = try fs.inode(FS.rootInode)
        #expect(root.size == 2048 && root.addrs[1] == 0)
        #expect(try fs.read(root).count == 2048)
        #expect(try fs.entries(ofDirectory: root).count == 64)
        #expect(try contents(fs, "f61") == Array("file 61\n".utf8))
    }

    @Test("A superblock without FSMAGIC is refused as an invalid file system")
    func badMagic() throws {
        var image = MkfsImage()
        var bytes = image.finish()
        bytes[1024] ^= 0xFF
        #expect(throws: FileSystemError.invalidFileSystem(magic: 0x1020_30BF)) {
            _ = try FileSystem(source: MemoryBlocks(bytes))
        }
        #expect(FileSystemError.invalidFileSystem(magic: 0x1020_30BF).message
            == "invalid file system (magic 0x102030bf, expected 0x10203040)")
    }

    @Test("A committed log (n > 0) is replayed in memory: reads of logged blocks see the log's copy")
    func logRecovery() throws {
        var image = MkfsImage()
        try image.addFile(path: "README", contents: Array("old text\n".utf8))
        var bytes = image.finish()
        let sb = Superblock(block: Array(bytes[1024..<2048]))
        let home = DiskInode(block: Array(bytes[Int(sb.inodeBlock(2)) * 1024..<Int(sb.inodeBlock(2)) * 1024 + 1024]), slot: 2).addrs[0]
        // Log: header n = 1, block[0] = README's data block; the copy holds new text.
        let header = Int(sb.logstart) * 1024
        fsStore32(1, into: &bytes, at: header)
        fsStore32(home, into: &bytes, at: header + 4)
        let copy = Int(sb.logstart + 1) * 1024
        for (i, c) in "new text\n".utf8.enumerated() { bytes[copy + i] = c }
        let fs = try FileSystem(source: MemoryBlocks(bytes))
        #expect(fs.recoveredBlocks.map(\.home) == [home])
        #expect(try contents(fs, "README") == Array("new text\n".utf8))

        fsStore32(40, into: &bytes, at: header)
        #expect(throws: FileSystemError.invalidLog(count: 40)) { _ = try FileSystem(source: MemoryBlocks(bytes)) }
    }

    @Test("A corrupt block address is an error and is never sent to the disk")
    func corruptAddress() throws {
        var image = MkfsImage()
        try image.addFile(path: "README", contents: [1, 2, 3])
        var bytes = image.finish()
        let inodeBlock = Int(Superblock(block: Array(bytes[1024..<2048])).inodeBlock(2))
        fsStore32(5000, into: &bytes, at: inodeBlock * 1024 + 2 * 64 + 12)
        let source = MemoryBlocks(bytes)
        let fs = try FileSystem(source: source)
        #expect(throws: FileSystemError.invalidBlock(5000)) { try contents(fs, "README") }
        #expect(!source.reads.contains(5000))
    }
}
