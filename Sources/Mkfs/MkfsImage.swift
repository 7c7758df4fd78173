// Generated from Chapters by interim tangle. Do not edit.
#sourceLocation(file: "Chapters/42-mkfs.md", line: 28)
// Port of xv6's mkfs/mkfs.c: builds an xv6 file-system image in memory.
//
// Make an `MkfsImage`, call `addFile(path:contents:)` for each input in order, then `finish()`
// for the bytes. Each `addFile` either adds the whole file or throws and changes nothing, so a
// caller can report the first bad input and stop. Inodes and data blocks are handed out
// sequentially, exactly as mkfs.c does, so the same inputs give the same image.

#sourceLocation(file: "Chapters/42-mkfs.md", line: 73)
/// Which xv6 decides the size of the on-disk log.
public enum LogLayout: String, Sendable, CaseIterable {
    /// The 2022 snapshot: `nlog = LOGSIZE` = 30. Data starts at block 46.
    case xv6_2022 = "2022"
    /// Current xv6: `nlog = LOGBLOCKS + 1` = 31 (header plus 30). Data starts at block 47.
    case current = "current"

    /// Blocks given to the log, header included.
    public var logBlocks: UInt32 {
        switch self {
        case .xv6_2022: return UInt32(FS.logSize)
        case .current: return UInt32(FS.logSize) + 1
        }
    }
}
#sourceLocation(file: "Chapters/42-mkfs.md", line: 36)

#sourceLocation(file: "Chapters/42-mkfs.md", line: 96)
/// Why mkfs refused to make an image. Each case names the input at fault.
public enum MkfsError: Error, Equatable, CustomStringConvertible {
    case nameTooLong(file: String, name: String)
    case emptyName(file: String)
    case duplicateName(file: String, name: String)
    case fileTooLarge(file: String, bytes: Int)
    case outOfInodes(file: String, inodes: Int)
    case outOfBlocks(file: String, needed: Int, free: Int)
    case unreadable(file: String, reason: String)
    case cannotWrite(image: String, reason: String)

    public var description: String {
        switch self {
        case let .nameTooLong(file, name):
            return "\(file): name '\(name)' is \(name.utf8.count) bytes; "
                + "a directory entry holds at most DIRSIZ = \(FS.nameSize)"
        case let .emptyName(file):
            return "\(file): the path has no file name"
        case let .duplicateName(file, name):
            return "\(file): the root directory already has an entry '\(name)'"
        case let .fileTooLarge(file, bytes):
            return "\(file): \(bytes) bytes is more than MAXFILE = \(FS.maxFileBlocks) blocks "
                + "(\(FS.maxFileBlocks * FS.blockSize) bytes)"
        case let .outOfInodes(file, inodes):
            return "\(file): no inode left; the image has NINODES = \(inodes) "
                + "(inode 0 unused, inode 1 the root)"
        case let .outOfBlocks(file, needed, free):
            return "\(file): needs \(needed) more blocks but only \(free) of the image's "
                + "data blocks are free"
        case let .unreadable(file, reason):
            return "\(file): cannot read: \(reason)"
        case let .cannotWrite(image, reason):
            return "\(image): cannot write the image: \(reason)"
        }
    }
}
#sourceLocation(file: "Chapters/42-mkfs.md", line: 38)

/// An xv6 file system under construction, held in memory.
public struct MkfsImage: Sendable {
    /// The whole image, `superblock.size` blocks of `BSIZE` bytes.
    public private(set) var bytes: [UInt8]
    /// The layout, as written to block 1.
    public let superblock: Superblock
    /// mkfs.c's `freeinode`: the next inode number to hand out.
    public private(set) var nextInode: UInt32 = 1
    /// mkfs.c's `freeblock`: the next data block to hand out.
    public private(set) var nextBlock: UInt32
    /// Names already in the root directory, to refuse duplicates.
    private var names: Set<[UInt8]> = []

    #sourceLocation(file: "Chapters/42-mkfs.md", line: 146)
    /// Starts an empty image: zeroed blocks, the superblock, and a root directory holding
    /// "." and "..".
    public init(size: Int = FS.defaultSize, inodes: Int = FS.defaultInodes,
                layout: LogLayout = .xv6_2022) {
        let inodeBlocks = UInt32(inodes / FS.inodesPerBlock + 1)
        let bitmapBlocks = UInt32(size / FS.bitsPerBlock + 1)
        let nlog = layout.logBlocks
        let nmeta = 2 + nlog + inodeBlocks + bitmapBlocks
        superblock = Superblock(size: UInt32(size), nblocks: UInt32(size) - nmeta,
                                ninodes: UInt32(inodes), nlog: nlog, logstart: 2,
                                inodestart: 2 + nlog, bmapstart: 2 + nlog + inodeBlocks)
        nextBlock = nmeta
        bytes = [UInt8](repeating: 0, count: size * FS.blockSize)

        var block = readBlock(1)
        superblock.encode(into: &block)
        writeBlock(1, block)

        let root = allocateInode(.directory)
        appendEntry(DirectoryEntry(inum: UInt16(root), name: Array(".".utf8)), toDirectory: root)
        appendEntry(DirectoryEntry(inum: UInt16(root), name: Array("..".utf8)), toDirectory: root)
    }
#sourceLocation(file: "Chapters/42-mkfs.md", line: 53)

    #sourceLocation(file: "Chapters/42-mkfs.md", line: 178)
    /// mkfs.c's `rsect`: a copy of block `b`.
    public func readBlock(_ b: UInt32) -> [UInt8] {
        let start = Int(b) * FS.blockSize
        return Array(bytes[start..<start + FS.blockSize])
    }

    /// mkfs.c's `wsect`: overwrites block `b`.
    mutating func writeBlock(_ b: UInt32, _ block: [UInt8]) {
        let start = Int(b) * FS.blockSize
        bytes.replaceSubrange(start..<start + FS.blockSize, with: block)
    }

    /// mkfs.c's `rinode`.
    public func readInode(_ inum: UInt32) -> DiskInode {
        DiskInode(block: readBlock(superblock.inodeBlock(inum)),
                  slot: Int(inum) % FS.inodesPerBlock)
    }

    /// mkfs.c's `winode`: read-modify-write of the inode's block.
    mutating func writeInode(_ inum: UInt32, _ inode: DiskInode) {
        let b = superblock.inodeBlock(inum)
        var block = readBlock(b)
        inode.encode(into: &block, slot: Int(inum) % FS.inodesPerBlock)
        writeBlock(b, block)
    }

    /// mkfs.c's `ialloc`: the next inode, of `type`, with one link and no content.
    mutating func allocateInode(_ type: InodeType) -> UInt32 {
        let inum = nextInode
        nextInode += 1
        writeInode(inum, DiskInode(type: type))
        return inum
    }
#sourceLocation(file: "Chapters/42-mkfs.md", line: 55)

    #sourceLocation(file: "Chapters/42-mkfs.md", line: 226)
    /// mkfs.c's `balloc` for one block: the next free data block.
    private mutating func takeBlock() -> UInt32 {
        precondition(nextBlock < superblock.size, "mkfs: out of blocks")
        defer { nextBlock += 1 }
        return nextBlock
    }

    /// mkfs.c's `iappend`: appends `data` to the content of inode `inum`.
    mutating func append(_ data: [UInt8], toInode inum: UInt32) {
        var inode = readInode(inum)
        var off = Int(inode.size)
        var done = 0
        while done < data.count {
            let fbn = off / FS.blockSize
            precondition(fbn < FS.maxFileBlocks, "mkfs: file over MAXFILE")
            let x: UInt32
            if fbn < FS.directBlocks {
                if inode.addrs[fbn] == 0 { inode.addrs[fbn] = takeBlock() }
                x = inode.addrs[fbn]
            } else {
                if inode.addrs[FS.directBlocks] == 0 { inode.addrs[FS.directBlocks] = takeBlock() }
                let ib = inode.addrs[FS.directBlocks]
                var indirect = readBlock(ib)
                let slot = 4 * (fbn - FS.directBlocks)
                if fsLoad32(indirect, at: slot) == 0 {
                    fsStore32(takeBlock(), into: &indirect, at: slot)
                    writeBlock(ib, indirect)
                }
                x = fsLoad32(indirect, at: slot)
            }
            let n = min(data.count - done, (fbn + 1) * FS.blockSize - off)
            let start = Int(x) * FS.blockSize + off % FS.blockSize
            bytes.replaceSubrange(start..<start + n, with: data[done..<done + n])
            off += n
            done += n
        }
        inode.size = UInt32(off)
        writeInode(inum, inode)
    }

    /// Appends one 16-byte entry to directory `dir`.
    mutating func appendEntry(_ entry: DirectoryEntry, toDirectory dir: UInt32) {
        var raw = [UInt8](repeating: 0, count: FS.direntSize)
        entry.encode(into: &raw, offset: 0)
        append(raw, toInode: dir)
    }

    /// The data blocks (indirect block included) that appending `count` bytes to a
    /// hole-free file of `size` bytes would allocate.
    static func blocksNeeded(size: Int, appending count: Int) -> Int {
        let have = (size + FS.blockSize - 1) / FS.blockSize
        let want = (size + count + FS.blockSize - 1) / FS.blockSize
        return want - have + (have <= FS.directBlocks && want > FS.directBlocks ? 1 : 0)
    }
#sourceLocation(file: "Chapters/42-mkfs.md", line: 57)

    #sourceLocation(file: "Chapters/42-mkfs.md", line: 297)
    /// The name mkfs gives `path` in the root directory: its last component, less one leading "_".
    public static func entryName(forPath path: String) -> String {
        var name = Substring(path)
        if let slash = name.lastIndex(of: "/") { name = name[name.index(after: slash)...] }
        if name.hasPrefix("_") { name = name.dropFirst() }
        return String(name)
    }

    /// Adds the file `path` (named by `entryName(forPath:)`) with `contents` to the root
    /// directory. Throws, leaving the image unchanged, if any limit would be broken.
    public mutating func addFile(path: String, contents: [UInt8]) throws(MkfsError) {
        let name = Self.entryName(forPath: path)
        let nameBytes = Array(name.utf8)
        guard !nameBytes.isEmpty else { throw .emptyName(file: path) }
        guard nameBytes.count <= FS.nameSize else { throw .nameTooLong(file: path, name: name) }
        guard !names.contains(nameBytes) else { throw .duplicateName(file: path, name: name) }
        guard nextInode < superblock.ninodes else {
            throw .outOfInodes(file: path, inodes: Int(superblock.ninodes))
        }
        guard contents.count <= FS.maxFileBlocks * FS.blockSize else {
            throw .fileTooLarge(file: path, bytes: contents.count)
        }
        let rootSize = Int(readInode(FS.rootInode).size)
        let needed = Self.blocksNeeded(size: rootSize, appending: FS.direntSize)
            + Self.blocksNeeded(size: 0, appending: contents.count)
        let free = Int(superblock.size - nextBlock)
        guard needed <= free else { throw .outOfBlocks(file: path, needed: needed, free: free) }

        let inum = allocateInode(.file)
        appendEntry(DirectoryEntry(inum: UInt16(inum), name: nameBytes), toDirectory: FS.rootInode)
        append(contents, toInode: inum)
        names.insert(nameBytes)
    }
#sourceLocation(file: "Chapters/42-mkfs.md", line: 59)

    #sourceLocation(file: "Chapters/42-mkfs.md", line: 345)
    /// Rounds the root's size up as mkfs.c does, marks the used blocks in the bitmap, and
    /// returns the finished image.
    public mutating func finish() -> [UInt8] {
        var root = readInode(FS.rootInode)
        root.size = (root.size / UInt32(FS.blockSize) + 1) * UInt32(FS.blockSize)
        writeInode(FS.rootInode, root)

        for b in 0..<nextBlock {
            let bb = superblock.bitmapBlock(b)
            let bit = Int(b) % FS.bitsPerBlock
            bytes[Int(bb) * FS.blockSize + bit / 8] |= UInt8(1) << UInt8(bit % 8)
        }
        return bytes
    }

    /// mkfs.c's summary line: the metadata and data blocks.
    public var summary: String {
        let sb = superblock
        return "nmeta \(sb.dataStart) (boot, super, log blocks \(sb.nlog) inode blocks "
            + "\(sb.bmapstart - sb.inodestart), bitmap blocks \(sb.dataStart - sb.bmapstart)) "
            + "blocks \(sb.nblocks) total \(sb.size)"
    }
#sourceLocation(file: "Chapters/42-mkfs.md", line: 61)
}
#sourceLocation()
