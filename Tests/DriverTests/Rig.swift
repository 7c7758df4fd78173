// The test fixture: the shared machine-and-driver rig (Exercises/TestRig), booted, and ways to
// run kernel code on its own thread and learn whether it finished, panicked or hung.
import Driver
import KernelSupport
import Machine
import TestRig
import Testing

/// A booted test system: its own machine, platform and driver. Shut down at the end of the test.
final class Rig: DiskRig, @unchecked Sendable {
    /// Builds and starts a machine with a small RAM and `image` as its disk; creates the driver.
    /// `boot` runs `initialize()` (on a kernel thread; the interrupt path is already wired).
    init(image: [UInt8] = patternImage,
         ramSize: UInt64 = 8 << 20,
         configure: (inout MachineConfiguration) -> Void = { _ in },
         boot: Bool = true) {
        super.init(image: image, ramSize: ramSize, configure: configure)
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
        wait(for: start(body), timeout: timeout)
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

    /// A buffer for `block` whose data is a fresh page of guest RAM.
    func buffer(block: UInt32) -> Buf {
        guard let b = freshBuffer(block: block) else { fatalError("test RAM exhausted") }
        return b
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
