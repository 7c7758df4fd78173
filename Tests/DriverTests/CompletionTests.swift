// The driver against the device's less friendly timings (chapter 36's completion policies):
// out of order, batched, late, failing, spurious, and driven by hand.
import Board
import Driver
import KernelSupport
import Machine
import TestRig
import Testing

/// Starts `count` requesters, each reading `rounds` blocks and checking the bytes; returns
/// how many reads came back wrong once all have finished (or nil if one did not finish).
func runRequesters(_ rig: Rig, count: Int, rounds: Int, timeout: Double = 60) -> Int? {
    let wrong = Box(0)
    let threads = (0..<count).map { t in
        rig.start { [rig] in
            let b = rig.buffer(block: 0)
            for i in 0..<rounds {
                let block = UInt32((t * 7919 + i * 131) % 2000)
                b.blockno = block
                rig.disk.rw(b, write: false)
                if rig.bytes(of: b) != rig.imageBytes(block: block) {
                    rig.disk.vdiskLock.acquire(); wrong.value += 1; rig.disk.vdiskLock.release()
                }
            }
        }
    }
    for thread in threads where rig.wait(for: thread, timeout: timeout) != .finished { return nil }
    return wrong.value
}

@Suite("Completion order and batching")
struct CompletionTests {
    @Test("Completions in reverse order wake the right requesters")
    func reversedOrder() {
        let rig = Rig(configure: { $0.completion = .reversed() })
        #expect(runRequesters(rig, count: 2, rounds: 60) == 0)
        let heads = rig.machine.trace.completions.map(\.head)
        #expect(!heads.isEmpty)
        #expect(rig.freeCount == VirtioDisk.NUM)
    }

    @Test("Completions in seeded random order wake the right requesters", arguments: [1, 2, 3] as [UInt64])
    func randomOrder(seed: UInt64) {
        let rig = Rig(configure: { $0.completion = .random(seed: seed) })
        #expect(runRequesters(rig, count: 3, rounds: 40) == 0)
        #expect(rig.freeCount == VirtioDisk.NUM)
    }

    @Test("Several completions in one interrupt are all handled (the handler loops over the used ring)")
    func severalPerInterrupt() {
        let rig = Rig(configure: { $0.completion = .perInterrupt(2, linger: 0.2) })
        #expect(runRequesters(rig, count: 2, rounds: 50) == 0)
        let completed = rig.machine.disk.completedRequests
        #expect(completed == 100)
        #expect(rig.machine.interruptsTaken < completed, "pairs of completions share an interrupt")
        #expect(rig.disk.usedIdx == UInt16(completed))
    }

    @Test("Two completions posted before one interrupt both wake their requesters")
    func twoCompletionsOneInterrupt() {
        let rig = Rig()
        rig.machine.disk.policy = .manual
        let a = rig.buffer(block: 11), b = rig.buffer(block: 12)
        let ta = rig.start { [disk = rig.disk] in disk.rw(a, write: false) }
        let tb = rig.start { [disk = rig.disk] in disk.rw(b, write: false) }
        #expect(rig.machine.disk.waitForAvailable(2, timeout: 5))
        let heads = rig.machine.disk.fetchAvailable()
        #expect(heads.count == 2)
        for head in heads { rig.machine.disk.complete(head) }
        rig.machine.disk.raiseUsedBufferInterrupt()
        #expect(rig.wait(for: ta) == .finished)
        #expect(rig.wait(for: tb) == .finished)
        #expect(rig.bytes(of: a) == rig.imageBytes(block: 11))
        #expect(rig.bytes(of: b) == rig.imageBytes(block: 12))
    }

    @Test("Late completions (delayed device) still reach their requesters")
    func delayed() {
        let rig = Rig(configure: { $0.completion = .delayed(0.002) })
        #expect(runRequesters(rig, count: 3, rounds: 20) == 0)
    }

    @Test("Spurious interrupts with nothing new in the used ring are harmless")
    func spurious() {
        let rig = Rig(configure: { $0.completion = .spurious(every: 1) })
        #expect(runRequesters(rig, count: 2, rounds: 30) == 0)
        #expect(rig.freeCount == VirtioDisk.NUM)
    }

    @Test("An IOERR from the device panics \"virtio_disk_intr status\"")
    func ioerr() {
        let rig = Rig(configure: { $0.completion = .failing(sectors: [10]) })
        #expect(rig.read(block: 4) == rig.imageBytes(block: 4))
        let b = rig.buffer(block: 5)   // sectors 10 and 11
        let disk = rig.disk
        let outcome = rig.run(timeout: 5) { disk.rw(b, write: false) }
        #expect(outcome == .panicked("virtio_disk_intr status"))
    }

    @Test("A third requester sleeps while two requests hold six descriptors, then proceeds")
    func sleepsOnExhaustion() {
        let rig = Rig()
        let device = rig.machine.disk
        device.policy = .manual
        let buffers = (0..<3).map { rig.buffer(block: UInt32(20 + $0)) }
        let threads = buffers.map { b in rig.start { [disk = rig.disk] in disk.rw(b, write: false) } }
        #expect(device.waitForNotifications(2, timeout: 5))
        #expect(!device.waitForNotifications(3, timeout: 0.2), "the third must sleep, not notify")
        #expect(rig.freeCount == 2, "two chains of three are in flight")
        let consistent = Box(false)
        #expect(rig.withDiskLock { consistent.value = $0.checkInvariants() } == .finished)
        #expect(consistent.value, "every descriptor is free or in exactly one chain")
        #expect(device.waitForAvailable(2, timeout: 5))
        device.fetchAvailable()
        #expect(device.completeAll(interrupt: true) == 2)
        // The freed descriptors wake the third requester, which now notifies.
        #expect(device.waitForAvailable(1, timeout: 5))
        device.fetchAvailable()
        #expect(device.completeAll(interrupt: true) == 1)
        for thread in threads { #expect(rig.wait(for: thread) == .finished) }
        for (i, b) in buffers.enumerated() { #expect(rig.bytes(of: b) == rig.imageBytes(block: UInt32(20 + i))) }
        #expect(rig.freeCount == VirtioDisk.NUM)
    }

    @Test("InterruptStatus is 0 after the handler (it acknowledges before returning)")
    func acknowledges() {
        let rig = Rig()
        let device = rig.machine.disk
        device.policy = .manual
        let b = rig.buffer(block: 3)
        let thread = rig.start { [disk = rig.disk] in disk.rw(b, write: false) }
        #expect(device.waitForAvailable(1, timeout: 5))
        for head in device.fetchAvailable() { device.complete(head) }
        device.raiseUsedBufferInterrupt()
        #expect(rig.wait(for: thread) == .finished)
        #expect(rig.platform.readRegister(Board.virtio0 + VirtioMMIO.interruptStatus.rawValue) == 0)
        #expect(!rig.machine.plic.isPending(Board.virtio0IRQ))
    }

    @Test("A completion that lands right after the handler's ACK is not lost")
    func completionAfterAck() {
        let rig = Rig()
        let device = rig.machine.disk
        device.policy = .manual
        let a = rig.buffer(block: 30), b = rig.buffer(block: 31)
        let ta = rig.start { [disk = rig.disk] in disk.rw(a, write: false) }
        let tb = rig.start { [disk = rig.disk] in disk.rw(b, write: false) }
        #expect(device.waitForAvailable(2, timeout: 5))
        let heads = device.fetchAvailable()
        let acksBefore = rig.machine.trace.writes(to: .interruptACK).count
        device.complete(heads[0])
        device.raiseUsedBufferInterrupt()
        // Wait for the handler's ACK, then complete the second request as the device would:
        // used element, then InterruptStatus and the wire.
        let deadline = Monitor.deadline(after: 5)
        while rig.machine.trace.writes(to: .interruptACK).count == acksBefore && Monitor.now() < deadline {
            _ = ta.join(timeout: 0.001)
        }
        device.complete(heads[1])
        device.raiseUsedBufferInterrupt()
        #expect(rig.wait(for: ta) == .finished)
        #expect(rig.wait(for: tb) == .finished)
        #expect(rig.bytes(of: b) == rig.imageBytes(block: 31))
    }

    @Test("Many requesters against random order, batching and spurious interrupts together")
    func stress() {
        let rig = Rig(configure: {
            $0.completion = CompletionPolicy(order: .random, seed: 42, completionsPerInterrupt: 2, gather: 2,
                                             linger: 0.001, spuriousInterruptEvery: 3)
        })
        #expect(runRequesters(rig, count: 6, rounds: 60, timeout: 120) == 0)
        #expect(rig.freeCount == VirtioDisk.NUM)
        #expect(rig.disk.info.allSatisfy { $0.b == nil })
        #expect(rig.disk.checkInvariants())
    }
}

@Suite("The 16-bit wrap, the long way")
struct LongWrapTests {
    @Test("66,000 requests run through the natural wrap of avail.idx and used.idx")
    func longWrap() {
        let rig = Rig(configure: { $0.traceEnabled = false })
        let count = 66_000
        let wrong = Box(0)
        let outcome = rig.run(timeout: 300) { [rig] in
            let b = rig.buffer(block: 0)
            for i in 0..<count {
                let block = UInt32(i % 2000)
                b.blockno = block
                rig.disk.rw(b, write: false)
                if i % 1000 == 999 || i > 65_530 && i < 65_545 {
                    if rig.bytes(of: b) != rig.imageBytes(block: block) { wrong.value += 1 }
                }
            }
        }
        #expect(outcome == .finished)
        #expect(wrong.value == 0)
        #expect(rig.disk.usedIdx == UInt16(truncatingIfNeeded: count))
        #expect(rig.disk.used.idx == UInt16(truncatingIfNeeded: count))
        #expect(rig.freeCount == VirtioDisk.NUM)
    }
}
