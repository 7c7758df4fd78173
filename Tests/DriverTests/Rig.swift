// The test fixture: one machine, one hosted platform and one disk driver per test, and a way
// to run kernel code on its own thread and learn whether it finished, panicked or hung.
import Board
import Driver
import KernelSupport
import Machine
import Testing

/// What became of a piece of kernel code run with a time limit.
enum Outcome: Equatable, CustomStringConvertible {
    case finished
    case panicked(String)
    case stillRunning

    var description: String {
        switch self {
        case .finished: "finished"
        case .panicked(let message): "panic: \(message)"
        case .stillRunning: "still running (asleep or hung)"
        }
    }
}

/// A disk image whose every byte depends on its offset, so that a block read from the wrong
/// sector, or half of one, cannot match by accident.
func patternImage(byteCount: Int = 2_048_000) -> [UInt8] {
    if byteCount == sharedPattern.count { return sharedPattern }
    return makePattern(byteCount)
}

/// The 2,048,000-byte pattern, made once per test process.
let sharedPattern = makePattern(2_048_000)

func makePattern(_ byteCount: Int) -> [UInt8] {
    (0..<byteCount).map { offset in
        UInt8(truncatingIfNeeded: offset &* 31 &+ (offset >> 9) &* 131 &+ (offset >> 17))
    }
}

/// A booted test system: its own machine, platform and driver. Shut down at the end of the test.
final class Rig: @unchecked Sendable {
    let machine: Machine
    let platform: Platform
    let disk: VirtioDisk
    let image: [UInt8]

    /// Builds and starts a machine with a small RAM and `image` as its disk; creates the driver.
    /// `boot` runs `initialize()` and wires the interrupt path (on a kernel thread).
    init(image: [UInt8] = patternImage(),
         ramSize: UInt64 = 8 << 20,
         configure: (inout MachineConfiguration) -> Void = { _ in },
         boot: Bool = true) {
        var configuration = MachineConfiguration(ramSize: ramSize, disk: .memory(image))
        configure(&configuration)
        self.image = image
        machine = Machine(configuration: configuration)
        machine.start()
        platform = Platform(machine: machine)
        disk = VirtioDisk(platform: platform)
        platform.plicinit()
        platform.plicinithart()
        platform.onExternalInterrupt { [weak disk] in
            if let disk { devintr(disk) }
        }
        if boot {
            let outcome = run { [disk] in disk.initialize() }
            precondition(outcome == .finished, "boot: \(outcome)")
        }
    }

    deinit { machine.shutdown() }

    /// Runs `body` on a new kernel thread and waits up to `timeout` seconds for it to finish
    /// or for the machine to panic.
    @discardableResult
    func run(timeout: Double = 10, _ body: @escaping @Sendable () -> Void) -> Outcome {
        let thread = KernelThread("test", body)
        return wait(for: thread, timeout: timeout)
    }

    /// Waits for `thread` to finish or for the machine to panic, up to `timeout` seconds.
    func wait(for thread: KernelThread, timeout: Double = 10) -> Outcome {
        let deadline = Monitor.deadline(after: timeout)
        while Monitor.now() < deadline {
            if thread.join(timeout: 0.005) { return .finished }
            if let message = machine.panicMessage { return .panicked(message) }
        }
        return .stillRunning
    }

    /// Starts `body` on a kernel thread without waiting.
    func start(_ body: @escaping @Sendable () -> Void) -> KernelThread {
        KernelThread("test", body)
    }

    /// A buffer for `block` whose data is a fresh page of guest RAM.
    func buffer(block: UInt32) -> Buf {
        guard let page = platform.kalloc() else { fatalError("test RAM exhausted") }
        let b = Buf(data: page, platform: platform)
        b.blockno = block
        b.dev = 1
        return b
    }

    /// The bytes of `b.data`.
    func bytes(of b: Buf) -> [UInt8] {
        [UInt8](UnsafeRawBufferPointer(start: platform.memory(at: b.data), count: Buf.BSIZE))
    }

    /// Stores `bytes` into `b.data`.
    func setBytes(_ bytes: [UInt8], of b: Buf) {
        bytes.withUnsafeBytes { platform.memory(at: b.data).copyMemory(from: $0.baseAddress!, byteCount: Buf.BSIZE) }
    }

    /// The image's bytes for `block`.
    func imageBytes(block: UInt32) -> [UInt8] {
        Array(image[Int(block) * 1024 ..< Int(block) * 1024 + 1024])
    }

    /// Reads `block` through the driver on a kernel thread; nil if that did not finish.
    func read(block: UInt32, timeout: Double = 10) -> [UInt8]? {
        let b = buffer(block: block)
        let outcome = run(timeout: timeout) { [disk] in disk.rw(b, write: false) }
        guard outcome == .finished else { return nil }
        return bytes(of: b)
    }

    /// Runs `body` with `vdiskLock` held, on a kernel thread (the lock's owner must be a kernel thread).
    func withDiskLock(_ body: @escaping @Sendable (VirtioDisk) -> Void) -> Outcome {
        run { [disk] in
            disk.vdiskLock.acquire()
            body(disk)
            disk.vdiskLock.release()
        }
    }

    /// The free-descriptor count, read under the disk lock.
    var freeCount: Int {
        let box = Box(0)
        let outcome = withDiskLock { disk in box.value = disk.freeCount }
        precondition(outcome == .finished)
        return box.value
    }
}

/// A mutable value shared with a kernel thread; the thread's join orders the accesses.
final class Box<T>: @unchecked Sendable {
    var value: T
    init(_ value: T) { self.value = value }
}
