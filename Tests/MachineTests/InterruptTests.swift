import Board
import Glibc
import Synchronization
import Testing
@testable import Machine

/// Programs the PLIC as xv6's plicinit and plicinithart do, for hart 0.
func xv6PLICInit(_ machine: Machine) {
    machine.bus.store(1, to: Board.plicPriority(Board.virtio0IRQ), width: 4)
    machine.bus.store(1, to: Board.plicPriority(Board.uart0IRQ), width: 4)
    machine.bus.store(UInt64(1 << 1 | 1 << 10), to: Board.plicSEnable(0), width: 4)
    machine.bus.store(0, to: Board.plicSThreshold(0), width: 4)
}

/// Counts calls and records what the handler saw.
final class HandlerLog: Sendable {
    let calls = Atomic<Int>(0)
    let claims = Mutex<[UInt64]>([])
}

@Suite("PLIC and the hart thread")
struct InterruptTests {
    @Test("A claim returns the highest-priority pending enabled source above threshold; only a claim clears pending")
    func claimComplete() {
        let trace = Trace()
        let plic = PLIC(trace: trace)
        let s1 = Board.plicSEnable(0) - Board.plic
        let claim = Board.plicSClaim(0) - Board.plic
        let threshold = Board.plicSThreshold(0) - Board.plic
        plic.store(1, offset: 4 * 1, width: 4)
        plic.store(3, offset: 4 * 10, width: 4)
        plic.setLevel(1, high: true)
        plic.setLevel(10, high: true)
        #expect(plic.load(offset: claim, width: 4) == 0)               // nothing enabled yet
        plic.store(UInt64(1 << 1 | 1 << 10), offset: s1, width: 4)
        #expect(plic.load(offset: 0x1000, width: 4) == UInt64(1 << 1 | 1 << 10))
        #expect(plic.load(offset: claim, width: 4) == 10)              // priority 3 beats 1
        #expect(plic.load(offset: claim, width: 4) == 1)
        #expect(plic.load(offset: claim, width: 4) == 0)               // both claimed
        plic.setLevel(10, high: false)
        plic.store(10, offset: claim, width: 4)
        #expect(plic.load(offset: claim, width: 4) == 0)               // wire low: quiet
        plic.store(1, offset: claim, width: 4)
        #expect(!plic.isPending(1))                                    // QEMU 7.2: still high, not pending
        plic.setLevel(1, high: true)                                   // raised again
        #expect(plic.isPending(1))
        plic.store(1, offset: threshold, width: 4)
        #expect(plic.load(offset: claim, width: 4) == 0)               // priority 1 is not above 1
        plic.store(0, offset: threshold, width: 4)
        #expect(plic.load(offset: claim, width: 4) == 1)
    }

    @Test("Priorities are 3 bits, source 0 cannot be set, and non-32-bit accesses are guest errors")
    func registerRules() {
        let trace = Trace()
        let plic = PLIC(trace: trace)
        plic.store(0xFF, offset: 4, width: 4)
        #expect(plic.load(offset: 4, width: 4) == 7)
        plic.store(5, offset: 0, width: 4)
        #expect(plic.load(offset: 0, width: 4) == 0)
        #expect(plic.load(offset: 4, width: 2) == 0)
        #expect(trace.guestErrors.count == 1)
    }

    @Test("The hart thread calls the kernel's handler, which claims and completes through the bus")
    func hartTakesInterrupt() {
        let d = TestDriver()
        xv6PLICInit(d.machine)
        let log = HandlerLog()
        let machine = d.machine
        machine.onExternalInterrupt {
            let irq = machine.bus.load(Board.plicSClaim(0), width: 4)
            log.claims.withLock { $0.append(irq) }
            let isr = machine.bus.load(Board.virtio0 + VirtioMMIORegister.interruptStatus.rawValue, width: 4)
            machine.bus.store(isr & 3, to: Board.virtio0 + VirtioMMIORegister.interruptACK.rawValue, width: 4)
            if irq != 0 { machine.bus.store(irq, to: Board.plicSClaim(0), width: 4) }
            log.calls.add(1, ordering: .relaxed)
        }
        d.initialize()
        d.submit(type: BlockRequestType.read, sector: 2)
        let deadline = Monitor.deadline(after: 5)
        while log.calls.load(ordering: .relaxed) == 0 && Monitor.now() < deadline { usleep(1000) }
        #expect(log.claims.withLock { $0 }.first == 1)
        #expect(d.read(.interruptStatus) == 0)
        #expect(machine.interruptsTaken >= 1)
    }

    /// A machine whose kernel handler claims and completes but never ACKs the device.
    func neverACKing(_ mode: VirtioDeviceOptions.Mode) -> (TestDriver, HandlerLog) {
        let d = TestDriver(testConfiguration(device: VirtioDeviceOptions(mode: mode)))
        xv6PLICInit(d.machine)
        let log = HandlerLog()
        let machine = d.machine
        machine.onExternalInterrupt {
            let irq = machine.bus.load(Board.plicSClaim(0), width: 4)
            if irq != 0 { machine.bus.store(irq, to: Board.plicSClaim(0), width: 4) }
            log.calls.add(1, ordering: .relaxed)
        }
        d.initialize()
        return (d, log)
    }

    @Test("With the spec's level-triggered gateway (strict mode) an interrupt never ACKed re-fires after every complete")
    func storm() {
        let (d, log) = neverACKing(.strict)
        let machine = d.machine
        d.submit(type: BlockRequestType.read, sector: 2)
        let deadline = Monitor.deadline(after: 5)
        while log.calls.load(ordering: .relaxed) < 20 && Monitor.now() < deadline { usleep(1000) }
        #expect(log.calls.load(ordering: .relaxed) >= 20)
        machine.interruptsEnabled = false          // mask, so the storm stops before shutdown
    }

    @Test("On QEMU 7.2's PLIC an interrupt never ACKed fires once per completion, not in a storm")
    func noStormOnQEMU() {
        let (d, log) = neverACKing(.qemu)
        for request in 1...3 {
            d.run(type: BlockRequestType.read, sector: 2)
            let deadline = Monitor.deadline(after: 5)
            while log.calls.load(ordering: .relaxed) < request && Monitor.now() < deadline { usleep(1000) }
            usleep(20_000)
            #expect(log.calls.load(ordering: .relaxed) == request)
        }
        #expect(d.read(.interruptStatus) == 1)
    }

    @Test("With interrupts disabled the hart waits; enabling them delivers the pending interrupt")
    func masking() {
        let d = TestDriver()
        xv6PLICInit(d.machine)
        let log = HandlerLog()
        let machine = d.machine
        machine.interruptsEnabled = false
        machine.onExternalInterrupt {
            let irq = machine.bus.load(Board.plicSClaim(0), width: 4)
            machine.bus.store(1, to: Board.virtio0 + VirtioMMIORegister.interruptACK.rawValue, width: 4)
            if irq != 0 { machine.bus.store(irq, to: Board.plicSClaim(0), width: 4) }
            log.calls.add(1, ordering: .relaxed)
        }
        d.initialize()
        d.run(type: BlockRequestType.read, sector: 2)
        usleep(20_000)
        #expect(log.calls.load(ordering: .relaxed) == 0)
        machine.interruptsEnabled = true
        let deadline = Monitor.deadline(after: 5)
        while log.calls.load(ordering: .relaxed) == 0 && Monitor.now() < deadline { usleep(1000) }
        #expect(log.calls.load(ordering: .relaxed) == 1)
    }

    @Test("A panic is recorded once and can be waited for")
    func panicBookkeeping() {
        let machine = Machine(configuration: testConfiguration())
        #expect(machine.waitForPanic(timeout: 0.01) == nil)
        machine.markPanicked("virtio_disk_intr status")
        machine.markPanicked("second")
        #expect(machine.panicMessage == "virtio_disk_intr status")
        #expect(machine.waitForPanic(timeout: 1) == "virtio_disk_intr status")
    }
}
