// The exact text of the kernel's commands, over images made by our mkfs.
import Testing
import Mkfs
@testable import Kernel

@Suite("Command output")
struct ShellTests {
    @Test("ls of the root prints xv6's format: name padded to DIRSIZ, type, inode, size")
    func lsRoot() throws {
        let fs = try mount()
        let text = try Shell.ls(fs, "/")
        #expect(text == """
            .              1 1 1024
            ..             1 1 1024
            README         2 2 11
            poem.txt       2 3 38
            big            2 4 200000

            """)
    }

    @Test("ls of a file prints the one line for that file")
    func lsFile() throws {
        let line = try Shell.ls(try mount(), "/poem.txt")
        #expect(line == "poem.txt       2 3 38\n")
    }

    @Test("stat shows the inode and its consecutive blocks, with the indirect block")
    func stat() throws {
        let fs = try mount()
        #expect(try Shell.stat(fs, "README") == """
              file: README
             inode: 2
              type: file (2)
             links: 1
              size: 11 bytes in 1 blocks
            blocks: 47

            """)
        let big = try Shell.stat(fs, "big")
        #expect(big.contains("size: 200000 bytes in 196 blocks"))
        #expect(big.contains("blocks: 49 50 51 52 53 54 55 56 57 58 59 60 62 63"))
        #expect(big.hasSuffix("indirect: 61\n"))
    }

    @Test("contents(ofFile:) refuses a directory and a missing file with messages")
    func catErrors() throws {
        let fs = try mount()
        #expect(throws: FileSystemError.isADirectory(path: Array("/".utf8))) { try fs.contents(ofFile: Array("/".utf8)) }
        #expect(FileSystemError.isADirectory(path: Array("/".utf8)).message == "/: is a directory")
        #expect(try fs.contents(ofFile: Array("poem.txt".utf8)) == poem)
    }
}
