// `workbook boot`: boot the bare-metal kernel on QEMU's virt board with an xv6 disk, under a
// time limit, and report how the run ended.
//
// The kernel (chapter 69) lists the root directory, prints one file, checks a write and a
// re-read, optionally times a run of block reads, and stops QEMU through the test finisher.
// QEMU's exit status is the kernel's: 0 success, 1 panic, 2 file not found, 3 machine trap;
// this command adds 124 when it had to kill QEMU. The user's disk image is never written
// unless --in-place says so: a temporary copy is booted instead.

import ArgumentParser
import Foundation

struct Boot: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Boot the bare-metal kernel on QEMU: list the disk's root directory and print a file.",
        discussion: """
            Builds the kernel image first if it is missing or older than its sources. Without \
            --disk, boots a fresh image made by the project's mkfs. QEMU's exit status is the \
            kernel's (0 success, 1 panic, 2 file not found, 3 machine-mode trap); 124 means \
            the time limit killed QEMU.
            """
    )

    @OptionGroup var book: BookLocation

    @Option(help: "The xv6 disk image to boot. A temporary copy is booted unless --in-place is given.")
    var disk: String?

    @Option(help: "The root-directory file the kernel prints (default: README).")
    var file: String?

    @Flag(help: "Boot the disk image itself, so that the kernel's writes reach it.")
    var inPlace = false

    @Option(help: "The kernel ELF to boot; by default the one `workbook image` builds, rebuilt when stale.")
    var kernel: String?

    @Option(help: "Seconds before QEMU is killed.")
    var timeout: Double = 60

    @Flag(help: "Also time a run of sequential 1 KiB block reads inside the guest and print the measured rate.")
    var benchmark = false

    @Option(help: "Blocks the benchmark reads.")
    var benchmarkReads: Int = 4000

    @Option(help: "More words for the kernel command line (QEMU -append).")
    var append: String?

    func validate() throws {
        if inPlace && disk == nil { throw ValidationError("--in-place needs --disk: there is no image of yours to boot in place") }
        if timeout <= 0 { throw ValidationError("--timeout must be positive") }
        if benchmarkReads < 1 { throw ValidationError("--benchmark-reads must be at least 1") }
        if let file, file.utf8.count > 14 || file.contains(" ") || file.contains("/") {
            throw ValidationError("--file must be a root-directory name of at most 14 bytes, without spaces or '/'")
        }
    }

    func run() throws {
        let root = URL(fileURLWithPath: book.root)
        guard let qemu = findExecutable(QEMURun.executable) else {
            printError("error: \(QEMURun.executable) was not found on PATH. " +
                       "Install QEMU's RISC-V system emulator: on Debian or Ubuntu, `sudo apt-get install qemu-system-misc`; " +
                       "on macOS, `brew install qemu`.")
            throw ExitCode.failure
        }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-boot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }

        let kernelImage: URL
        do {
            if let kernel {
                kernelImage = URL(fileURLWithPath: kernel)
                guard FileManager.default.fileExists(atPath: kernelImage.path) else {
                    throw ValidationError("--kernel \(kernel): no such file")
                }
            } else {
                let builder = ImageBuilder(root: root, output: ImageBuilder.defaultOutput(in: root))
                warnIfSourcesAreStale(root: root)
                if try builder.build() { printError("built \(builder.output.path)") }
                kernelImage = builder.output
            }
        } catch let error as ImageError {
            printError(error.description)
            throw ExitCode.failure
        }

        let diskImage = try prepareDisk(root: root, scratch: scratch)
        var words: [String] = []
        if let file { words.append("file=\(file)") }
        if benchmark { words.append("bench=\(benchmarkReads)") }
        if let append { words.append(append) }

        let run = QEMURun(qemu: qemu, kernel: kernelImage, disk: diskImage, commandLine: words.joined(separator: " "))
        let outcome = try run.run(timeout: timeout)
        if outcome.timedOut {
            printError("error: the kernel did not stop within \(Int(timeout)) s; QEMU was killed (a hang, or raise --timeout)")
            throw ExitCode(124)
        }
        if benchmark { printBenchmark(outcome) }
        if outcome.status != 0 { throw ExitCode(outcome.status) }
    }

    /// The image QEMU will boot: the user's (in place or a copy) or a fresh one from mkfs.
    func prepareDisk(root: URL, scratch: URL) throws -> URL {
        let fm = FileManager.default
        guard let disk else { return try makeDefaultDisk(root: root, in: scratch) }
        let original = URL(fileURLWithPath: disk)
        guard fm.fileExists(atPath: original.path) else { throw ValidationError("--disk \(disk): no such file") }
        if inPlace { return original }
        let copy = scratch.appendingPathComponent("disk.img")
        try fm.copyItem(at: original, to: copy)
        return copy
    }

    /// Makes an xv6 image holding a README, with the project's mkfs run as a process.
    func makeDefaultDisk(root: URL, in scratch: URL) throws -> URL {
        let readme = scratch.appendingPathComponent("README")
        try Data(Self.defaultReadme.utf8).write(to: readme)
        let image = scratch.appendingPathComponent("disk.img")
        let mkfs = try locateMkfs(root: root)
        let status = runQuietly(mkfs, [image.path, readme.path], in: scratch)
        guard status == 0 else {
            printError("error: mkfs failed (exit status \(status)) making the default disk image")
            throw ExitCode.failure
        }
        return image
    }

    static let defaultReadme = """
        This xv6 file system was made by `workbook boot` with the workbook's own mkfs.
        The bare-metal Swift kernel read it through the virtio disk driver of chapters 10-18.

        """

    /// Prints the figures this run measured, and nothing else.
    func printBenchmark(_ outcome: QEMURun.Outcome) {
        print("")
        print("benchmark (QEMU virt, 1 hart, -m 128M):")
        if let listing = outcome.secondsToListing {
            let guest = outcome.guestListingMilliseconds.map { String(format: "; %.1f ms of guest time since reset", $0) } ?? ""
            print(String(format: "  QEMU start to root listing:      %.0f ms (host clock)", listing * 1000) + guest)
        }
        if let rate = outcome.guestRequestsPerSecond {
            print(String(format: "  sequential 1 KiB block reads:    %.0f requests/s (guest time CSR)", rate))
        } else {
            print("  sequential 1 KiB block reads:    no figure (the kernel printed no bench: line)")
        }
    }
}

/// One QEMU run of the kernel, with its console passed through and watched.
struct QEMURun {
    static let executable = "qemu-system-riscv64"

    let qemu: URL
    let kernel: URL
    let disk: URL
    let commandLine: String

    /// xv6's QEMU command line, with the finisher-friendly `-bios none` and the kernel's arguments.
    var arguments: [String] {
        ["-machine", "virt", "-bios", "none", "-kernel", kernel.path, "-m", "128M", "-smp", "1", "-nographic",
         "-global", "virtio-mmio.force-legacy=false",
         "-drive", "file=\(disk.path),if=none,format=raw,id=x0",
         "-device", "virtio-blk-device,drive=x0,bus=virtio-mmio-bus.0",
         "-append", commandLine]
    }

    struct Outcome {
        var status: Int32
        var timedOut: Bool
        var console: Data
        /// Host seconds from starting QEMU until the kernel's `ls:` summary line.
        var secondsToListing: Double?

        /// The guest's own clock at the end of the listing, from `ls: ... at <t> ms`.
        var guestListingMilliseconds: Double? { number(after: "ls: ", before: " ms") }
        /// The benchmark's rate, from `bench: ... = <r> requests/s`.
        var guestRequestsPerSecond: Double? { number(after: "bench: ", before: " requests/s") }

        /// The last number before `suffix` on the first console line starting with `prefix`.
        func number(after prefix: String, before suffix: String) -> Double? {
            let text = String(decoding: console, as: UTF8.self)
            guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(prefix) }),
                  let end = line.range(of: suffix) else { return nil }
            let head = line[..<end.lowerBound]
            let token = head.split(separator: " ").last.map(String.init) ?? ""
            return Double(token)
        }
    }

    /// Runs QEMU, copying its console to standard output as it arrives; kills it after `timeout` s.
    func run(timeout: Double) throws -> Outcome {
        let process = Process()
        process.executableURL = qemu
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        let pipe = Pipe()
        process.standardOutput = pipe
        let start = Date()
        try process.run()

        let deadline = Deadline(process: process)
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { deadline.expire() }

        var console = Data()
        var secondsToListing: Double?
        let reader = pipe.fileHandleForReading
        while true {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            FileHandle.standardOutput.write(chunk)
            let scanFrom = console.count
            console.append(chunk)
            if secondsToListing == nil, console[max(0, scanFrom - 4)...].range(of: Data("\nls: ".utf8)) != nil {
                secondsToListing = Date().timeIntervalSince(start)
            }
        }
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, timedOut: deadline.expired, console: console,
                       secondsToListing: secondsToListing)
    }
}

/// Kills a QEMU that is still running when the time limit expires, and remembers that it did:
/// QEMU exits with status 0 on SIGTERM, so the status alone would not tell.
final class Deadline: @unchecked Sendable {
    private let process: Process
    private let lock = NSLock()
    private var fired = false

    init(process: Process) { self.process = process }

    /// Whether `expire()` found QEMU still running and stopped it.
    var expired: Bool { lock.withLock { fired } }

    /// Stops QEMU if it is still running: SIGTERM, then SIGKILL two seconds later.
    func expire() {
        guard process.isRunning else { return }
        lock.withLock { fired = true }
        process.terminate()
        let pid = process.processIdentifier
        DispatchQueue.global().asyncAfter(deadline: .now() + 2) { [process] in
            if process.isRunning { kill(pid, SIGKILL) }
        }
    }
}

/// The project's `mkfs` executable: beside this one, or built into the same scratch folder.
func locateMkfs(root: URL) throws -> URL {
    let fm = FileManager.default
    let own = (Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])).resolvingSymlinksInPath()
    let sibling = own.deletingLastPathComponent().appendingPathComponent("mkfs")
    if fm.isExecutableFile(atPath: sibling.path) { return sibling }

    var folder = own.deletingLastPathComponent()
    while folder.pathComponents.count > 1 {
        if fm.fileExists(atPath: folder.appendingPathComponent("workspace-state.json").path) {
            printError("building mkfs (swift build --product mkfs) to make the default disk image")
            if let swift = findExecutable("swift"),
               runQuietly(swift, ["build", "--package-path", root.path, "--scratch-path", folder.path, "--product", "mkfs"], in: root) == 0,
               fm.isExecutableFile(atPath: sibling.path) {
                return sibling
            }
            break
        }
        folder = folder.deletingLastPathComponent()
    }
    printError("error: the project's mkfs is not built; run `swift build --product mkfs`, or pass --disk")
    throw ExitCode.failure
}

/// Runs a tool, showing its output only when it fails. Returns its exit status.
func runQuietly(_ tool: URL, _ arguments: [String], in folder: URL) -> Int32 {
    do {
        let run = try runCapturingOutput(tool, arguments, in: folder)
        if run.status != 0 { FileHandle.standardError.write(run.output) }
        return run.status
    } catch {
        printError("error: cannot run \(tool.path): \(error)")
        return 127
    }
}
