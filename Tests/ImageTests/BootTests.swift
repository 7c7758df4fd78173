// End-to-end tests of the bare-metal image: `workbook image` builds it, `workbook boot` boots it
// on QEMU with disks made by the project's mkfs, and the console and exit status are checked.
// Skipped, with the reason in the test report, when qemu-system-riscv64 is not installed.

import Foundation
import Testing
import TestSupport

@Suite("The bare-metal kernel on QEMU", .serialized, .needsWholeDriver, .enabled(if: Tools.qemuAvailable, "qemu-system-riscv64 is not installed (Debian/Ubuntu: apt-get install qemu-system-misc)"))
struct BootTests {
    @Test("The kernel lists the root directory and prints the named file byte for byte")
    func listsAndPrints() throws {
        let disk = try Scratch()
        let readme = Data("hello from the workbook\nsecond line\n".utf8)
        // 80 KiB of every byte value: the file needs the indirect block, and bytes such as
        // 0x00, 0x0D and 0xFF must cross the UART and QEMU unchanged.
        let big = Data((0..<(80 * 1024)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 10) })
        let image = try disk.makeImage(files: ["README": readme, "big.bin": big])

        let run = try Tools.boot(disk: image, file: "big.bin")
        #expect(run.status == 0, "exit status \(run.status); console:\n\(run.text)")
        let listing = run.listing
        #expect(listing.map(\.name) == [".", "..", "README", "big.bin"])
        #expect(listing.first { $0.name == "big.bin" }?.size == big.count)
        #expect(listing.first { $0.name == "README" }?.size == readme.count)
        #expect(run.printedFile(named: "big.bin") == big)
        #expect(run.text.contains("selftest: wrote and re-read block"))
        #expect(run.text.contains("selftest: ok"))
    }

    @Test("With no --file the kernel prints README")
    func defaultFile() throws {
        let disk = try Scratch()
        let readme = Data("just the readme".utf8)
        let image = try disk.makeImage(files: ["README": readme])
        let run = try Tools.boot(disk: image)
        #expect(run.status == 0, "console:\n\(run.text)")
        #expect(run.printedFile(named: "README") == readme)
    }

    @Test("A corrupted superblock ends in a clean panic and exit status 1")
    func corruptSuperblock() throws {
        let disk = try Scratch()
        let image = try disk.makeImage(files: ["README": Data("x".utf8)])
        var bytes = try Data(contentsOf: image)
        bytes.replaceSubrange(1024..<1028, with: [0xde, 0xad, 0xbe, 0xef])
        try bytes.write(to: image)

        let run = try Tools.boot(disk: image)
        #expect(run.status == 1)
        #expect(run.text.contains("\npanic: invalid file system\n"), "console:\n\(run.text)")
        #expect(!run.text.contains("$ ls /"))
    }

    @Test("A file that is not in the root directory is reported, and the run ends with status 2")
    func missingFile() throws {
        let disk = try Scratch()
        let image = try disk.makeImage(files: ["README": Data("x".utf8)])
        let run = try Tools.boot(disk: image, file: "nothere")
        #expect(run.status == 2)
        #expect(run.text.contains("cat: nothere: no such file or directory"), "console:\n\(run.text)")
        #expect(run.text.contains("selftest: ok"), "the kernel carries on after a missing file")
    }

    @Test("Booting a copy leaves the user's disk image byte for byte as it was")
    func diskUntouched() throws {
        let disk = try Scratch()
        let image = try disk.makeImage(files: ["README": Data("unchanged".utf8)])
        let before = try Data(contentsOf: image)
        let run = try Tools.boot(disk: image)
        #expect(run.status == 0)
        #expect(try Data(contentsOf: image) == before)
    }

    @Test("Without --disk, boot makes a disk with the project's mkfs and prints its README")
    func defaultDisk() throws {
        let run = try Tools.workbook(["boot", "--kernel", try Tools.kernelImage().path, "--timeout", "60"])
        #expect(run.status == 0, "console:\n\(run.text)\(run.errors)")
        #expect(run.listing.map(\.name) == [".", "..", "README"])
        let readme = run.printedFile(named: "README").map { String(decoding: $0, as: UTF8.self) }
        #expect(readme?.contains("made by `workbook boot`") == true)
    }

    @Test("Booting in place lets the kernel write the image, and the self-test puts the block back")
    func inPlace() throws {
        let disk = try Scratch()
        let image = try disk.makeImage(files: ["README": Data("in place".utf8)])
        let before = try Data(contentsOf: image)
        let run = try Tools.boot(disk: image, extra: ["--in-place"])
        #expect(run.status == 0)
        #expect(run.text.contains("selftest: ok"))
        #expect(try Data(contentsOf: image) == before)
    }

    @Test("A kernel that hangs is killed at the time limit with exit status 124")
    func hangIsKilled() throws {
        let disk = try Scratch()
        let image = try disk.makeImage(files: ["README": Data("x".utf8)])
        // A raw kernel of one instruction, `j .`: QEMU loads it at 0x8000_0000 and it spins.
        let spinner = disk.folder.appendingPathComponent("spin.bin")
        try Data([0x6f, 0x00, 0x00, 0x00]).write(to: spinner)
        let start = Date()
        let run = try Tools.workbook(["boot", "--kernel", spinner.path, "--disk", image.path, "--timeout", "2"])
        #expect(run.status == 124)
        #expect(run.errors.contains("did not stop within 2 s"))
        #expect(Date().timeIntervalSince(start) < 20)
    }

    @Test("The benchmark prints the guest's measured request rate and no figure it did not measure")
    func benchmark() throws {
        let disk = try Scratch()
        let image = try disk.makeImage(files: ["README": Data("x".utf8)])
        let run = try Tools.boot(disk: image, extra: ["--benchmark", "--benchmark-reads", "500"])
        #expect(run.status == 0, "console:\n\(run.text)")
        #expect(run.text.contains("bench: 500 reads"))
        #expect(run.text.contains("requests/s (guest time CSR)"))
        // Every figure under the report's heading names the clock that measured it in this run.
        let report = run.text.components(separatedBy: "benchmark (QEMU virt").last ?? ""
        let figures = report.split(separator: "\n").dropFirst().filter { $0.hasPrefix("  ") }
        #expect(figures.count == 2, "report:\n\(report)")
        #expect(figures.allSatisfy { $0.contains("(host clock)") || $0.contains("(guest time CSR)") },
                "a figure this run did not measure:\n\(report)")
    }
}

@Suite("Building and booting without QEMU")
struct ImageCommandTests {
    @Test("workbook image writes a RISC-V ELF whose entry is the first byte of RAM")
    func imageIsRISCVELF() throws {
        let elf = try Data(contentsOf: try Tools.kernelImage())
        #expect(elf.prefix(4) == Data([0x7f, 0x45, 0x4c, 0x46]))     // \x7fELF
        #expect(elf[4] == 2 && elf[5] == 1)                            // 64-bit, little-endian
        #expect(UInt16(elf[18]) | UInt16(elf[19]) << 8 == 243)         // EM_RISCV
        let entry = (0..<8).reduce(UInt64(0)) { $0 | UInt64(elf[24 + $1]) << (8 * UInt64($1)) }
        #expect(entry == 0x8000_0000)
    }

    @Test("workbook image refuses, in one sentence, a toolchain without Embedded Swift for riscv64")
    func toolchainWithoutEmbedded() throws {
        let disk = try Scratch()
        let bin = disk.folder.appendingPathComponent("usr/bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        for tool in ["swiftc", "clang", "ld.lld"] {
            let script = bin.appendingPathComponent(tool)
            try Data("#!/bin/sh\nexit 1\n".utf8).write(to: script)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        }
        let out = disk.folder.appendingPathComponent("kernel.elf")
        let run = try Tools.workbook(["image", "--out", out.path], path: bin.path)
        #expect(run.status != 0)
        #expect(run.errors.contains("has no Embedded Swift support for riscv64"), "stderr: \(run.errors)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test("workbook boot without QEMU on PATH says how to install it")
    func missingQEMU() throws {
        let run = try Tools.workbook(["boot"], path: "/nonexistent")
        #expect(run.status != 0)
        #expect(run.errors.contains("qemu-system-riscv64 was not found"))
        #expect(run.errors.contains("apt-get install qemu-system-misc"))
    }
}
