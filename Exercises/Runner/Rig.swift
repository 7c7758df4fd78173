// The test fixture: one machine, one hosted platform and one driver, and a way to run kernel
// code on its own thread with a limit and learn whether it finished, panicked or hung.
//
// Nothing here ever blocks without a limit or stops the process: every wait ends in a result or
// a `Failure`, and a stub's panic becomes `StubReached`. No helper here contains an exercise's code.
// The machine, the driver and the buffer helpers are the shared `DiskRig` (Exercises/TestRig).
import Driver
import Foundation
import KernelSupport
import Machine
import TestRig

/// A booted (or not yet booted) test system.
final class Rig: DiskRig, @unchecked Sendable {
    /// Builds and starts a machine with `image` as its disk and creates the driver. With `boot`,
    /// runs `initialize()` (its interrupt already routed to `intr()` through `devintr`).
    init(image: [UInt8] = patternImage, ramSize: UInt64 = 4 << 20,
         configure: (inout MachineConfiguration) -> Void = { _ in },
         beforeStart: (Machine) -> Void = { _ in }, boot: Bool = true) throws {
        super.init(image: image, ramSize: ramSize, configure: { configuration in
            configuration.pollNanoseconds = 0
            configure(&configuration)
        }, beforeStart: beforeStart)
        if boot {
            try finish("running initialize() (exercise 1, init)", section: "Chapters/13-init.md") { [disk] in
                disk.initialize()
            }
        }
    }

    /// Runs `body` on a new kernel thread; waits up to `timeout` seconds (by default, until the
    /// test's deadline) for it to return or for the machine to panic. A stub's panic throws
    /// `StubReached`.
    @discardableResult
    func run(_ step: String, timeout: Double = .infinity, _ body: @escaping @Sendable () -> Void) throws -> Outcome {
        try wait(for: start(body), step, timeout: timeout)
    }

    /// Like `run`, but anything other than returning is a `Failure` naming `step`.
    func finish(_ step: String, timeout: Double = .infinity, section: String? = nil,
                _ body: @escaping @Sendable () -> Void) throws {
        try expectFinished(run(step, timeout: timeout, body), step, section: section)
    }

    /// Waits for `thread` to return or the machine to panic, up to `timeout` seconds.
    func wait(for thread: KernelThread, _ step: String, timeout: Double = .infinity) throws -> Outcome {
        setStep(step)
        let deadline = Date().addingTimeInterval(min(timeout, secondsLeft))
        while true {
            if thread.join(timeout: 0.002) { return .finished }
            if let message = machine.panicMessage {
                if let stub = stubSentence(message) { throw stub }
                return .panicked(message)
            }
            if Date() >= deadline { return .stillRunning }
        }
    }

    /// Throws a `Failure` unless `outcome` is `.finished`.
    func expectFinished(_ outcome: Outcome, _ step: String, section: String? = nil) throws {
        switch outcome {
        case .finished: return
        case .panicked(let message):
            throw Failure("the kernel panicked \"\(message)\" while \(step)", section: section)
        case .stillRunning:
            throw Failure("\(step) did not return within the limit: it sleeps or spins and nothing wakes it", section: section)
        }
    }

    /// Runs `body` with `vdiskLock` held on a kernel thread, and returns its value.
    func locked<T>(_ step: String, _ body: @escaping @Sendable (VirtioDisk) -> T) throws -> T {
        let box = Box<T?>(nil)
        try finish(step) { [disk] in
            disk.vdiskLock.acquire()
            box.value = body(disk)
            disk.vdiskLock.release()
        }
        return box.value!
    }

    /// A buffer for `block` whose data is a fresh page of guest RAM (filled with 0x05 junk).
    func buffer(block: UInt32) throws -> Buf {
        guard let b = freshBuffer(block: block) else { throw Failure("the test ran out of guest RAM") }
        return b
    }
}

/// "block 7: bytes 0..<1024 differ from the image" style description of two blocks' difference.
func firstDifference(_ got: [UInt8], _ expected: [UInt8]) -> String {
    guard let i = got.indices.first(where: { $0 < expected.count && got[$0] != expected[$0] }) else { return "they are equal" }
    let differing = zip(got, expected).filter { $0 != $1 }.count
    return "\(differing) of 1024 bytes differ, the first at offset \(i) (\(hex(got[i])) instead of \(hex(expected[i])))"
}
