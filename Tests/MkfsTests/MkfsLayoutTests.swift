// Golden layout checks of images made by our mkfs, against xv6's kernel/fs.h and mkfs/mkfs.c.
import Testing
@testable import Mkfs

/// Decodes block `b` of an image.
func block(_ image: [UInt8], _ b: UInt32) -> [UInt8] {
    let start = Int(b) * FS.blockSize
    return Array(image[start..<start + FS.blockSize])
}

/// The inode `inum` of a finished image.
func inode(_ image: [UInt8], _ inum: UInt32) -> DiskInode {
    let sb = Superblock(block: block(image, 1))
    return DiskInode(block: block(image, sb.inodeBlock(inum)), slot: Int(inum) % FS.inodesPerBlock)
}

/// Whether block `b`'s bit is set in the bitmap.
func bitmapBit(_ image: [UInt8], _ b: UInt32) -> Bool {
    let sb = Superblock(block: block(image, 1))
    let bits = block(image, sb.bitmapBlock(b))
    let i = Int(b) % FS.bitsPerBlock
    return bits[i / 8] & (1 << (i % 8)) != 0
}

/// The README and two small programs, as the Makefile would pass them.
func sampleImage(layout: LogLayout = .xv6_2022) throws -> [UInt8] {
    var fs = MkfsImage(layout: layout)
    try fs.addFile(path: "README", contents: Array("xv6 is a re-implementation\n".utf8))
    try fs.addFile(path: "user/_cat", contents: [UInt8](repeating: 0xCA, count: 3000))
    try fs.addFile(path: "user/_ls", contents: [UInt8](repeating: 0x15, count: 14 * 1024 + 1))
    return fs.finish()
}

@Suite("Layout of a fresh image")
struct MkfsLayoutTests {
    @Test("The image is FSSIZE blocks: 2,048,000 bytes, 4000 sectors")
    func imageSize() throws {
        #expect(try sampleImage().count == 2_048_000)
        var empty = MkfsImage()
        #expect(empty.finish().count == 2_048_000)
    }

    @Test("The 2022 layout puts the log at 2-31, inodes at 32-44, bitmap at 45, data from 46")
    func superblock2022() throws {
        let sb = Superblock(block: block(try sampleImage(), 1))
        #expect(sb == Superblock(magic: 0x1020_3040, size: 2000, nblocks: 1954, ninodes: 200,
                                 nlog: 30, logstart: 2, inodestart: 32, bmapstart: 45))
        #expect(sb.dataStart == 46)
    }

    @Test("The current layout gives the log 31 blocks and shifts everything after it by one")
    func superblockCurrent() throws {
        let sb = Superblock(block: block(try sampleImage(layout: .current), 1))
        #expect(sb == Superblock(magic: 0x1020_3040, size: 2000, nblocks: 1953, ninodes: 200,
                                 nlog: 31, logstart: 2, inodestart: 33, bmapstart: 46))
        #expect(sb.dataStart == 47)
    }

    @Test("The boot block and the log header are zero")
    func zeroBlocks() throws {
        let image = try sampleImage()
        #expect(block(image, 0).allSatisfy { $0 == 0 })
        #expect(block(image, 2).allSatisfy { $0 == 0 })
    }

    @Test("The root directory is inode 1 with '.', '..', then the files in order, stripped of 'user/' and '_'")
    func rootDirectory() throws {
        let image = try sampleImage()
        let root = inode(image, 1)
        #expect(root.kind == .directory)
        #expect(root.nlink == 1)
        #expect(root.size == 1024)
        #expect(root.addrs[0] == 46)
        let dir = block(image, 46)
        let entries = (0..<6).map { DirectoryEntry(block: dir, offset: 16 * $0) }
        #expect(entries.map(\.inum) == [1, 1, 2, 3, 4, 0])
        #expect(entries.map { String(decoding: $0.name, as: UTF8.self) } == [".", "..", "README", "cat", "ls", ""])
    }

    @Test("Inodes and data blocks are handed out sequentially; block 12 of a file comes after its indirect block")
    func sequentialAllocation() throws {
        let image = try sampleImage()
        let readme = inode(image, 2), cat = inode(image, 3), ls = inode(image, 4)
        #expect(readme.kind == .file && readme.size == 27 && readme.addrs[0] == 47)
        #expect(cat.size == 3000 && Array(cat.addrs[0..<3]) == [48, 49, 50] && cat.addrs[3] == 0)
        #expect(Array(ls.addrs[0..<12]) == Array(51...62))
        #expect(ls.addrs[12] == 63)
        let indirect = block(image, 63)
        #expect((0..<3).map { fsLoad32(indirect, at: 4 * $0) } == [64, 65, 66])
        #expect(fsLoad32(indirect, at: 12) == 0)
        #expect(block(image, 66)[0] == 0x15 && block(image, 66)[1] == 0)
        #expect(inode(image, 5).kind == .free)
    }

    @Test("The bitmap marks exactly blocks 0 through freeblock-1 as used")
    func bitmap() throws {
        let image = try sampleImage()
        #expect((0..<67).allSatisfy { bitmapBit(image, UInt32($0)) })
        #expect(!(67..<2000).contains { bitmapBit(image, UInt32($0)) })
    }

    @Test("A root directory of exactly 1024 bytes is rounded to 2048, leaving a hole at addrs[1]")
    func rootRounding() throws {
        var fs = MkfsImage()
        for i in 0..<62 { try fs.addFile(path: "f\(i)", contents: [UInt8(i)]) }
        let image = fs.finish()
        let root = inode(image, 1)
        #expect(root.size == 2048)
        #expect(root.addrs[0] == 46 && root.addrs[1] == 0)
    }

    @Test("A 14-byte name is stored without a NUL and matches strncmp-style")
    func fullLengthName() throws {
        var fs = MkfsImage()
        try fs.addFile(path: "abcdefghijklmn", contents: [])
        let image = fs.finish()
        let raw = block(image, 46)
        #expect(raw[32 + 2 + 13] == UInt8(ascii: "n"))
        let entry = DirectoryEntry(block: raw, offset: 32)
        #expect(entry.matches(Array("abcdefghijklmn".utf8)))
        #expect(entry.matches(Array("abcdefghijklmnop".utf8)))
        #expect(!entry.matches(Array("abcdefghijklm".utf8)))
    }

    @Test("The summary line reads like xv6's mkfs")
    func summary() {
        #expect(MkfsImage().summary
            == "nmeta 46 (boot, super, log blocks 30 inode blocks 13, bitmap blocks 1) blocks 1954 total 2000")
    }
}
