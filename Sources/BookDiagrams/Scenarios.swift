// The scenarios the book's diagrams show, run on the emulated machine with the reference driver.
//
// Each scenario boots a fresh machine and stops at named moments. The device's completion
// policy is `.manual`, so a moment is exact: nothing completes until the scenario says so. The
// journey runs the same read with the device's ordinary timing and keeps the trace.
import Board
import DiagramFormat
import Driver
import Kernel
import KernelSupport
import Machine
#if canImport(Glibc)
import Glibc
#endif

/// The hosted kernel (chapter 55) booted on a fresh machine: driver initialised, buffer cache on
/// top, the file system left unmounted so that the first disk request is the scenario's own.
final class System: @unchecked Sendable {
    let kernel: HostedKernel
    var machine: Machine { kernel.machine }
    var cache: BufferCache { kernel.cache }

    init(policy: CompletionPolicy) throws {
        var options = BootOptions()
        options.ramSize = 8 << 20
        options.completion = policy
        options.trace = true
        options.mount = false
        do { kernel = try HostedKernel.boot(options) } catch { throw ScenarioError("boot: \(error)") }
    }

    deinit { kernel.shutdown() }

    /// Waits for a kernel thread, failing with what the machine said if it panicked or hung.
    func finish(_ thread: KernelThread, _ what: String) throws {
        let deadline = Monitor.deadline(after: 10)
        while Monitor.now() < deadline {
            if thread.join(timeout: 0.002) { return }
            if let panic = machine.panicMessage { throw ScenarioError("\(what) panicked: \(panic)") }
        }
        throw ScenarioError("\(what) did not finish within 10 s")
    }

    /// Starts `bread` of `block` on a kernel thread of its own.
    func startRead(block: UInt32) -> KernelThread {
        KernelThread("bread \(block)") { [cache] in
            let b = cache.read(block: block)
            cache.release(b)
        }
    }

    /// Where the trace's clock starts, on `Monitor.now()`'s: a read of MagicValue (no side
    /// effect) is traced between two readings of the clock. Clears the trace afterwards.
    func traceOrigin() -> UInt64 {
        machine.trace.clear()
        let before = Monitor.now()
        _ = kernel.platform.readRegister(Board.virtio0)
        let after = Monitor.now()
        let traced = machine.trace.events.last?.time ?? 0
        machine.trace.clear()
        return before / 2 + after / 2 - traced
    }
}

struct ScenarioError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// One read of block 2: after init, after the read is submitted, after the device completed it,
/// and after the interrupt woke the reader.
func oneRead() throws -> [String: RingState] {
    let system = try System(policy: .manual)
    var moments: [String: RingState] = [:]
    moments["initialized"] = try RingState(system.machine)
    let reader = system.startRead(block: 2)
    guard system.machine.disk.waitForNotifications(1, timeout: 10) else { throw ScenarioError("the read was never submitted") }
    moments["submitted"] = try RingState(system.machine)
    system.machine.disk.fetchAvailable()
    system.machine.disk.completeAll(interrupt: false)
    moments["completed"] = try RingState(system.machine)
    system.machine.disk.raiseUsedBufferInterrupt()
    try system.finish(reader, "bread(2)")
    moments["woken"] = try RingState(system.machine)
    return moments
}

/// Three reads at once: eight descriptors hold two three-descriptor chains, and the third reader
/// sleeps until a chain is freed.
func descriptorsRunOut() throws -> [String: RingState] {
    let system = try System(policy: .manual)
    let readers = (2...4).map { system.startRead(block: UInt32($0)) }
    guard system.machine.disk.waitForNotifications(2, timeout: 10) else { throw ScenarioError("two reads were never submitted") }
    // The third reader finds one free descriptor's worth too few and sleeps; give it time to try.
    usleep(20_000)
    guard system.machine.disk.notifications == 2 else { throw ScenarioError("a third chain fit in eight descriptors") }
    let moments = ["exhausted": try RingState(system.machine)]
    for _ in 0..<2 {
        _ = system.machine.disk.waitForAvailable(1, timeout: 10)
        system.machine.disk.fetchAvailable()
        system.machine.disk.completeAll(interrupt: true)
    }
    for reader in readers { try system.finish(reader, "bread") }
    return moments
}

/// The journey of one read with the device's ordinary (QEMU 7.2) timing: the reader's call and
/// return, and between them what the trace recorded.
func oneReadJourney() throws -> [JourneyStep] {
    let system = try System(policy: .qemu)
    let origin = system.traceOrigin()
    let microseconds = { (now: UInt64) in Double(now &- origin) / 1000 }
    let called = microseconds(Monitor.now())
    let reader = system.startRead(block: 2)
    try system.finish(reader, "bread(2)")
    let returned = microseconds(Monitor.now())
    var steps = [JourneyStep(lane: "process", time: called, text: "bread(2): block 2 is not cached")]
    steps += system.machine.trace.events.compactMap(JourneyStep.init)
    steps.append(JourneyStep(lane: "process", time: returned, text: "woken: bread returns with the data"))
    return steps
}
