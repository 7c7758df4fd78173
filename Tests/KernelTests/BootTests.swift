// Booting the hosted kernel on images made by our mkfs.
import Foundation
import Testing
import TestSupport
import Mkfs
@testable import Kernel

@Suite("Booting the hosted kernel", .serialized, .needsWholeDriver)
struct BootTests {
    @Test("The default image boots, logs like xv6, and lists its README and poem")
    func defaultImage() throws {
        final class Lines: @unchecked Sendable { var lines: [String] = [] }
        let log = Lines()
        var options = BootOptions()
        options.log = { log.lines.append($0) }
        let kernel = try HostedKernel.boot(options)
        defer { kernel.shutdown() }
        let fs = kernel.fileSystem!
        let listing = try kernel.run("ls") { try? Shell.ls(fs, "/") }
        #expect(listing?.contains("README         2 2 ") == true)
        #expect(listing?.contains("poem.txt       2 3 ") == true)
        #expect(log.lines.contains("xv6 kernel is booting"))
        #expect(log.lines.contains { $0.hasPrefix("virtio disk: 4000 sectors") })
        #expect(log.lines.contains { $0.hasPrefix("fs: 2000 blocks, 200 inodes, log 30 blocks at 2, inodes at 32, bitmap at 45, data at 46") })
    }

    @Test("Both log layouts boot and read the same files", arguments: LogLayout.allCases)
    func layouts(layout: LogLayout) throws {
        var image = MkfsImage(layout: layout)
        let big = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 9) }
        try image.addFile(path: "user/_big", contents: big)
        var options = BootOptions()
        options.disk = .bytes(image.finish())
        let kernel = try HostedKernel.boot(options)
        defer { kernel.shutdown() }
        let fs = kernel.fileSystem!
        #expect(fs.superblock.nlog == layout.logBlocks)
        #expect(try kernel.run("cat") { try? fs.contents(ofFile: Array("big".utf8)) } == big)
    }

    @Test("A disk whose superblock magic is wrong panics 'invalid file system'")
    func badMagic() throws {
        var image = MkfsImage()
        var bytes = image.finish()
        bytes[1024] = 0
        var options = BootOptions()
        options.disk = .bytes(bytes)
        #expect(throws: KernelStop.panicked("invalid file system")) { _ = try HostedKernel.boot(options) }
    }

    @Test("A missing image file is reported before anything boots")
    func missingImage() {
        var options = BootOptions()
        options.disk = .file(path: "/nonexistent/fs.img")
        #expect(throws: KernelStop.self) { _ = try HostedKernel.boot(options) }
    }
}
