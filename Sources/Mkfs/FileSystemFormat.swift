// Generated from Chapters by interim tangle. Do not edit.
#sourceLocation(file: "Chapters/41-file-system-format.md", line: 16)
// The on-disk format of xv6's file system (kernel/fs.h), shared by mkfs and the kernel's reader.
//
// Everything on disk is little-endian. A block is BSIZE = 1024 bytes, that is two 512-byte
// disk sectors. Decode a block's records with `Superblock(block:)`, `DiskInode(block:slot:)` and
// `DirectoryEntry(block:offset:)`; encode them with the matching `encode(into:)`.

#sourceLocation(file: "Chapters/41-file-system-format.md", line: 42)
/// Constants of xv6's file system, from kernel/fs.h and kernel/param.h.
public enum FS {
    /// `BSIZE`: bytes in a file-system block (two disk sectors).
    public static let blockSize = 1024
    /// `FSMAGIC`: the superblock's first word on a valid image.
    public static let magic: UInt32 = 0x1020_3040
    /// `ROOTINO`: the inode of "/". Inode 0 is never used.
    public static let rootInode: UInt32 = 1
    /// `NDIRECT`: block numbers held in the inode itself.
    public static let directBlocks = 12
    /// `NINDIRECT`: block numbers held in the single indirect block.
    public static let indirectBlocks = blockSize / 4
    /// `MAXFILE`: the most blocks one file can have (12 + 256 = 268).
    public static let maxFileBlocks = directBlocks + indirectBlocks
    /// `DIRSIZ`: bytes of a name in a directory entry; a 14-byte name has no NUL.
    public static let nameSize = 14
    /// `sizeof(struct dinode)`.
    public static let inodeSize = 64
    /// `IPB`: inodes per block.
    public static let inodesPerBlock = blockSize / inodeSize
    /// `sizeof(struct dirent)`.
    public static let direntSize = 16
    /// `BPB`: bitmap bits per block.
    public static let bitsPerBlock = blockSize * 8
    /// `FSSIZE`: blocks in the image mkfs writes (2,048,000 bytes, 4000 sectors).
    public static let defaultSize = 2000
    /// `NINODES`: inodes mkfs provides.
    public static let defaultInodes = 200
    /// `LOGSIZE` of the 2022 snapshot: blocks in the on-disk log.
    public static let logSize = 30
}
#sourceLocation(file: "Chapters/41-file-system-format.md", line: 23)

#sourceLocation(file: "Chapters/41-file-system-format.md", line: 84)
/// The little-endian 16-bit value at `offset` of `bytes`.
@inline(__always)
public func fsLoad16(_ bytes: [UInt8], at offset: Int) -> UInt16 {
    UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
}

/// The little-endian 32-bit value at `offset` of `bytes` (mkfs.c's `xint`, reversed).
@inline(__always)
public func fsLoad32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
    UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8
        | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
}

/// Stores `value` little-endian at `offset` of `bytes` (mkfs.c's `xshort`).
@inline(__always)
public func fsStore16(_ value: UInt16, into bytes: inout [UInt8], at offset: Int) {
    bytes[offset] = UInt8(truncatingIfNeeded: value)
    bytes[offset + 1] = UInt8(truncatingIfNeeded: value >> 8)
}

/// Stores `value` little-endian at `offset` of `bytes` (mkfs.c's `xint`).
@inline(__always)
public func fsStore32(_ value: UInt32, into bytes: inout [UInt8], at offset: Int) {
    for i in 0..<4 { bytes[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(i))) }
}
#sourceLocation(file: "Chapters/41-file-system-format.md", line: 25)

#sourceLocation(file: "Chapters/41-file-system-format.md", line: 122)
/// xv6's `struct superblock`: the layout of the file system, stored at block 1, offset 0.
public struct Superblock: Equatable, Sendable {
    public var magic: UInt32       // FSMAGIC when valid
    public var size: UInt32        // blocks in the whole image
    public var nblocks: UInt32     // data blocks
    public var ninodes: UInt32     // inodes
    public var nlog: UInt32        // log blocks
    public var logstart: UInt32    // first log block (the log header)
    public var inodestart: UInt32  // first inode block
    public var bmapstart: UInt32   // first free-bitmap block

    public init(magic: UInt32 = FS.magic, size: UInt32, nblocks: UInt32, ninodes: UInt32,
                nlog: UInt32, logstart: UInt32, inodestart: UInt32, bmapstart: UInt32) {
        self.magic = magic; self.size = size; self.nblocks = nblocks; self.ninodes = ninodes
        self.nlog = nlog; self.logstart = logstart; self.inodestart = inodestart
        self.bmapstart = bmapstart
    }

    /// Decodes the superblock from the bytes of block 1.
    public init(block: [UInt8]) {
        self.init(magic: fsLoad32(block, at: 0), size: fsLoad32(block, at: 4),
                  nblocks: fsLoad32(block, at: 8), ninodes: fsLoad32(block, at: 12),
                  nlog: fsLoad32(block, at: 16), logstart: fsLoad32(block, at: 20),
                  inodestart: fsLoad32(block, at: 24), bmapstart: fsLoad32(block, at: 28))
    }

    /// Writes the eight fields at the start of `block`.
    public func encode(into block: inout [UInt8]) {
        let words = [magic, size, nblocks, ninodes, nlog, logstart, inodestart, bmapstart]
        for (i, word) in words.enumerated() { fsStore32(word, into: &block, at: 4 * i) }
    }

    /// xv6's `IBLOCK(i, sb)`: the block holding inode `inum`.
    public func inodeBlock(_ inum: UInt32) -> UInt32 {
        inodestart + inum / UInt32(FS.inodesPerBlock)
    }

    /// xv6's `BBLOCK(b, sb)`: the bitmap block holding the bit of block `blockno`.
    public func bitmapBlock(_ blockno: UInt32) -> UInt32 {
        bmapstart + blockno / UInt32(FS.bitsPerBlock)
    }

    /// The first data block: everything before it is metadata.
    public var dataStart: UInt32 { size - nblocks }
}
#sourceLocation(file: "Chapters/41-file-system-format.md", line: 27)

#sourceLocation(file: "Chapters/41-file-system-format.md", line: 178)
/// The `type` field of an inode (kernel/stat.h).
public enum InodeType: Int16, Sendable {
    case free = 0       // the inode is unallocated
    case directory = 1  // T_DIR
    case file = 2       // T_FILE
    case device = 3     // T_DEVICE
}

/// xv6's `struct dinode`: one 64-byte on-disk inode.
public struct DiskInode: Equatable, Sendable {
    public var type: Int16     // an InodeType's raw value; 0 = free
    public var major: Int16    // device number (T_DEVICE only)
    public var minor: Int16
    public var nlink: Int16    // directory entries that name this inode
    public var size: UInt32    // bytes of content
    public var addrs: [UInt32] // NDIRECT direct blocks, then the indirect block

    public init(type: InodeType) {
        self.type = type.rawValue; major = 0; minor = 0; nlink = 1; size = 0
        addrs = [UInt32](repeating: 0, count: FS.directBlocks + 1)
    }

    /// Decodes inode slot `slot` (0..<16) of an inode block.
    public init(block: [UInt8], slot: Int) {
        let o = slot * FS.inodeSize
        type = Int16(bitPattern: fsLoad16(block, at: o))
        major = Int16(bitPattern: fsLoad16(block, at: o + 2))
        minor = Int16(bitPattern: fsLoad16(block, at: o + 4))
        nlink = Int16(bitPattern: fsLoad16(block, at: o + 6))
        size = fsLoad32(block, at: o + 8)
        addrs = [UInt32](repeating: 0, count: FS.directBlocks + 1)
        for i in 0...FS.directBlocks { addrs[i] = fsLoad32(block, at: o + 12 + 4 * i) }
    }

    /// Writes this inode into slot `slot` of an inode block.
    public func encode(into block: inout [UInt8], slot: Int) {
        let o = slot * FS.inodeSize
        fsStore16(UInt16(bitPattern: type), into: &block, at: o)
        fsStore16(UInt16(bitPattern: major), into: &block, at: o + 2)
        fsStore16(UInt16(bitPattern: minor), into: &block, at: o + 4)
        fsStore16(UInt16(bitPattern: nlink), into: &block, at: o + 6)
        fsStore32(size, into: &block, at: o + 8)
        for i in 0...FS.directBlocks { fsStore32(addrs[i], into: &block, at: o + 12 + 4 * i) }
    }

    /// The decoded type, or nil for a value xv6 does not define.
    public var kind: InodeType? { InodeType(rawValue: type) }
}
#sourceLocation(file: "Chapters/41-file-system-format.md", line: 29)

#sourceLocation(file: "Chapters/41-file-system-format.md", line: 237)
/// xv6's `struct dirent`: one 16-byte directory entry.
public struct DirectoryEntry: Equatable, Sendable {
    public var inum: UInt16  // 0 marks a free slot
    public var name: [UInt8] // up to DIRSIZ bytes, without the NUL padding

    public init(inum: UInt16, name: [UInt8]) {
        precondition(name.count <= FS.nameSize, "dirent: name longer than DIRSIZ")
        self.inum = inum; self.name = name
    }

    /// Decodes the entry at byte `offset` of a directory block.
    public init(block: [UInt8], offset: Int) {
        inum = fsLoad16(block, at: offset)
        var bytes: [UInt8] = []
        for i in 0..<FS.nameSize {
            let c = block[offset + 2 + i]
            if c == 0 { break }
            bytes.append(c)
        }
        name = bytes
    }

    /// Writes this entry, NUL-padded, at byte `offset` of a directory block.
    public func encode(into block: inout [UInt8], offset: Int) {
        fsStore16(inum, into: &block, at: offset)
        for i in 0..<FS.nameSize {
            block[offset + 2 + i] = i < name.count ? name[i] : 0
        }
    }

    /// xv6's `namecmp`: equal in the first DIRSIZ bytes. A longer `other` is compared on its
    /// first 14 bytes, as `strncmp` does, so "a-very-long-name-x" finds "a-very-long-na".
    public func matches(_ other: [UInt8]) -> Bool {
        let n = other.count < FS.nameSize ? other.count : FS.nameSize
        if n != name.count { return false }
        for i in 0..<n where name[i] != other[i] { return false }
        return true
    }
}
#sourceLocation(file: "Chapters/41-file-system-format.md", line: 31)
#sourceLocation()
