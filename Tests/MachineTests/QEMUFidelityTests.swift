// The five places where the device once differed from QEMU 7.2, each stated as QEMU's measured
// behaviour (scripts/qemu-measure prints the measurements: qemu-system-riscv64 7.2, virt board,
// force-legacy=false, xv6's 2,048,000-byte image).
import Board
import Testing
@testable import Machine

@Suite("QEMU 7.2's measured behaviour")
struct QEMUFidelityTests {
    /// Makes `requests` available (xv6-style chains at heads 0, 3, 6, ...), notifies once, and
    /// returns the heads in used-ring order.
    func completionOrder(_ requests: [(type: UInt32, sector: UInt64)], queueSize: Int = 256) -> [UInt32] {
        let d = TestDriver(testConfiguration(completion: .qemu))
        d.initialize(queueSize: queueSize)
        for (i, request) in requests.enumerated() {
            if request.type == BlockRequestType.flush {
                d.writeHeader(3 * i, type: request.type, sector: 0)
                d.setDescriptor(3 * i, address: d.header(3 * i), length: 16, flags: 1, next: UInt16(3 * i + 2))
                d.setDescriptor(3 * i + 2, address: d.statusByte(3 * i), length: 1, flags: 2)
            } else {
                d.prepare(head: 3 * i, type: request.type, sector: request.sector)
            }
            d.makeAvailable(UInt16(3 * i))
        }
        d.notify()
        #expect(d.waitForCompletions(requests.count))
        return (0..<requests.count).map { d.usedElement(UInt16($0)).id }
    }

    @Test("Requests taken by one notify complete newest first, unless virtio-blk merged them")
    func completionOrders() {
        let read = BlockRequestType.read, write = BlockRequestType.write, flush = BlockRequestType.flush
        func heads(_ n: Int) -> [UInt32] { (0..<n).map { UInt32(3 * $0) } }
        // Scattered reads: [3,0], [6,3,0], [9,6,3,0], as QEMU 7.2 returned them on every run.
        for n in 2...4 {
            #expect(completionOrder((0..<n).map { (read, UInt64(14 * $0)) }) == heads(n).reversed())
        }
        #expect(completionOrder((0..<8).map { (write, UInt64(14 * $0)) }) == heads(8).reversed())
        #expect(completionOrder((0..<4).map { _ in (read, 0) }) == heads(4).reversed())   // same sector
        #expect(completionOrder((0..<4).map { _ in (flush, 0) }) == heads(4).reversed())
        // Consecutive sectors merge into one block-layer request, completed in sector order...
        #expect(completionOrder((0..<4).map { (read, UInt64(2 * $0)) }) == heads(4))
        #expect(completionOrder((0..<4).reversed().map { (write, UInt64(2 * $0)) }) == heads(4).reversed())
        // ...at most 32 at a time: 64 consecutive reads came back as the second 32, then the first 32.
        #expect(completionOrder((0..<64).map { (read, UInt64(2 * $0)) }) == Array(heads(64)[32...] + heads(64)[..<32]))
        // read, write, FLUSH (nothing written yet), read: the FLUSH first, then newest first.
        #expect(completionOrder([(read, 0), (write, 20), (flush, 0), (read, 40)]) == [6, 9, 3, 0])
        // A range error is answered while QEMU takes the chains, before the block layer's.
        #expect(completionOrder([(read, 0), (read, 4000), (read, 14)]) == [3, 6, 0])
    }

    @Test("The other policies keep their orders: .inOrder completes a batch in submission order")
    func inOrderPolicyKept() {
        let d = TestDriver(testConfiguration(completion: .inOrder))
        d.initialize()
        for head in [0, 3] {
            d.prepare(head: head, type: BlockRequestType.read, sector: UInt64(14 * head))
            d.makeAvailable(UInt16(head))
        }
        d.notify()
        #expect(d.waitForCompletions(2))
        #expect([d.usedElement(0).id, d.usedElement(1).id] == [0, 3])
    }

    /// The PLIC's pending word, its claim/complete register for hart 0's supervisor context.
    func pendingWord(_ d: TestDriver) -> UInt64 { d.machine.bus.load(Board.plic + 0x1000, width: 4) }
    func claim(_ d: TestDriver) -> UInt64 { d.machine.bus.load(Board.plicSClaim(0), width: 4) }
    func complete(_ d: TestDriver, _ irq: UInt64) { d.machine.bus.store(irq, to: Board.plicSClaim(0), width: 4) }

    @Test("The PLIC's pending bit survives InterruptACK; only a claim clears it; a completion while claimed pends again")
    func plicPending() {
        let d = TestDriver()
        xv6PLICInit(d.machine)       // no handler: the test claims and completes by hand
        d.initialize()
        #expect(pendingWord(d) == 0)
        d.run(type: BlockRequestType.read, sector: 0)
        #expect(d.read(.interruptStatus) == 1)
        #expect(pendingWord(d) == 0x2)
        d.write(.interruptACK, 1)
        #expect(d.read(.interruptStatus) == 0)
        #expect(pendingWord(d) == 0x2)                     // QEMU 7.2: still pending after the ACK
        #expect(claim(d) == 1)
        #expect(pendingWord(d) == 0)
        complete(d, 1)
        #expect(claim(d) == 0)

        // A second completion between the claim and the complete: the next claim finds nothing new.
        d.run(type: BlockRequestType.read, sector: 0)
        #expect(claim(d) == 1)
        d.run(head: 3, type: BlockRequestType.read, sector: 2)
        #expect(pendingWord(d) == 0x2)                     // pending again while claimed
        d.write(.interruptACK, 1)
        complete(d, 1)
        #expect(pendingWord(d) == 0x2)
        #expect(claim(d) == 1)                             // the empty claim: used.idx 3 already seen
        complete(d, 1)

        // No ACK: completing with the wire still high does not pend again (no storm)...
        d.run(type: BlockRequestType.read, sector: 0)
        #expect(claim(d) == 1)
        complete(d, 1)
        #expect(d.read(.interruptStatus) == 1)
        #expect(pendingWord(d) == 0)
        #expect(claim(d) == 0)
        // ...but the next completion, with InterruptStatus still 1, pends again.
        d.run(type: BlockRequestType.read, sector: 0)
        #expect(pendingWord(d) == 0x2)
        // A reset leaves the pending bit alone.
        d.write(.status, 0)
        #expect(pendingWord(d) == 0x2)
    }

    @Test("Strict mode's PLIC follows the spec's level-triggered gateway: no ACK means pending again at complete")
    func strictGateway() {
        let d = TestDriver(testConfiguration(device: VirtioDeviceOptions(mode: .strict)))
        xv6PLICInit(d.machine)
        d.initialize()
        d.run(type: BlockRequestType.read, sector: 0)
        #expect(claim(d) == 1)
        complete(d, 1)
        #expect(pendingWord(d) == 0x2)
        #expect(claim(d) == 1)
        d.write(.interruptACK, 1)
        complete(d, 1)
        #expect(claim(d) == 0)
    }

    /// Submits xv6's chain at `head` with its header (part 0), data (1) or status (2) at `address`.
    func submit(_ d: TestDriver, head: Int = 0, type: UInt32, sector: UInt64, length: UInt32 = 1024,
                moving part: Int, to address: UInt64, notify: Bool = true) {
        d.prepare(head: head, type: type, sector: sector, length: length)
        let lengths: [UInt32] = [16, length, 1]
        let flags: [UInt16] = [1, (type == BlockRequestType.read ? 2 : 0) | 1, 2]
        d.setDescriptor(head + part, address: address, length: lengths[part], flags: flags[part],
                        next: part < 2 ? UInt16(head + part + 1) : 0)
        d.makeAvailable(UInt16(head))
        if notify { d.notify() }
    }

    @Test("A data buffer outside RAM: QEMU completes a read with status 0 (data dropped) and a write with zeros")
    func outsideRAM() {
        let outside: UInt64 = 0x2_0000_0000
        let d = TestDriver()
        d.initialize()
        submit(d, type: BlockRequestType.read, sector: 10, moving: 1, to: outside)
        #expect(d.waitForCompletions(1))
        #expect(d.status(0) == BlockStatus.ok)
        #expect(d.usedElement(0) == (0, 1025))
        #expect(d.disk.diagnostic == nil)
        d.write(.interruptACK, 1)

        submit(d, head: 3, type: BlockRequestType.write, sector: 10, moving: 1, to: outside)
        #expect(d.waitForCompletions(2))
        #expect(d.status(3) == BlockStatus.ok)
        #expect(d.usedElement(1) == (3, 1))
        #expect(d.image(sector: 10) == [UInt8](repeating: 0, count: 1024))

        // The next request works; the part of a straddling buffer inside RAM gets its bytes.
        let straddle = d.memory.end - 512
        submit(d, type: BlockRequestType.read, sector: 20, moving: 1, to: straddle)
        #expect(d.waitForCompletions(3))
        #expect(d.status(0) == BlockStatus.ok)
        #expect(try! d.memory.read(512, at: straddle) == d.expectedImage(sector: 20, count: 512))
        #expect(d.trace.diagnostics.isEmpty)
    }

    @Test("QEMU's one bounce buffer: a header outside RAM reads zeros, a status outside is dropped, a second copy breaks")
    func bounceBuffer() {
        let outside: UInt64 = 0x2_0000_0000
        let header = TestDriver()
        header.initialize()
        submit(header, type: BlockRequestType.read, sector: 10, moving: 0, to: outside)   // reads as IN, sector 0
        #expect(header.waitForCompletions(1))
        #expect(header.status(0) == BlockStatus.ok)
        #expect(header.bufferBytes(0) == header.expectedImage(sector: 0))

        let status = TestDriver()
        status.initialize()
        submit(status, type: BlockRequestType.read, sector: 10, moving: 2, to: outside)
        #expect(status.waitForCompletions(1))
        #expect(status.status(0) == 0xFF)
        #expect(status.usedIndex == 1)

        // 4096 bytes fit the bounce buffer; 8192 need a second copy.
        for (length, breaks) in [(UInt32(4096), false), (8192, true)] {
            let d = TestDriver()
            d.initialize()
            submit(d, type: BlockRequestType.read, sector: 10, length: length, moving: 1, to: outside)
            #expect(d.disk.waitUntilIdle(timeout: 5))
            #expect((d.disk.diagnostic?.rule == .bufferOutsideRAM) == breaks)
            #expect(d.usedIndex == (breaks ? 0 : 1))
        }

        // Two such reads taken by one notify: the second breaks the device, the first is still
        // carried out (status 0) but never returned, and InterruptStatus reads 1.
        let two = TestDriver()
        two.initialize()
        for head in [0, 3] {
            submit(two, head: head, type: BlockRequestType.read, sector: 10, moving: 1,
                   to: outside + 0x10000 * UInt64(head), notify: false)
        }
        two.notify()
        #expect(two.disk.waitUntilIdle(timeout: 5))
        #expect(two.disk.diagnostic?.qemuMessage == "virtio: bogus descriptor or out of resources")
        #expect(two.disk.diagnostic?.head == 3)
        #expect(two.status(0) == BlockStatus.ok)
        #expect(two.status(3) == 0xFF)
        #expect(two.usedIndex == 0)
        #expect(two.read(.interruptStatus) == 1)
    }

    @Test("Strict mode refuses a buffer outside RAM and says that QEMU would have accepted it")
    func strictOutsideRAM() {
        let d = TestDriver(testConfiguration(device: VirtioDeviceOptions(mode: .strict)))
        d.initialize()
        submit(d, type: BlockRequestType.read, sector: 10, moving: 1, to: 0x2_0000_0000)
        #expect(d.disk.waitUntilIdle(timeout: 5))
        let diagnostic = d.disk.diagnostic
        #expect(diagnostic?.rule == .bufferOutsideRAM)
        #expect(diagnostic?.descriptor == 1)
        #expect(diagnostic?.description.contains("QEMU 7.2 would have accepted it") == true)
        #expect(d.usedIndex == 0)
        #expect(d.status(0) == 0xFF)
    }

    @Test("Virtqueue size exceeded without VERSION_1: the 8 chains taken run, none is returned, InterruptStatus reads 1, the wire stays low")
    func sizeExceeded() {
        let d = TestDriver()
        xv6PLICInit(d.machine)
        d.initialize()
        d.prepare(head: 0, type: BlockRequestType.read, sector: 4)
        try! d.memory.store(UInt16(9), at: d.avail + 2)      // every ring entry names head 0
        d.notify()
        #expect(d.disk.waitUntilIdle(timeout: 5))
        #expect(d.disk.diagnostic?.rule == .tooManyInFlight)
        #expect(d.usedIndex == 0)
        #expect(d.status(0) == BlockStatus.ok)
        #expect(d.bufferBytes(0) == d.expectedImage(sector: 4))
        #expect(d.read(.interruptStatus) == 1)
        #expect(d.read(.status) == 0x0F)
        #expect(pendingWord(d) == 0)
        d.write(.interruptACK, 1)
        #expect(d.read(.interruptStatus) == 0)
    }

    @Test("Virtqueue size exceeded with VERSION_1: NEEDS_RESET, InterruptStatus 3, generation 1, and the wire rises")
    func sizeExceededVersion1() {
        let d = TestDriver()
        xv6PLICInit(d.machine)
        d.initialize(featuresHigh: 1)
        d.prepare(head: 0, type: BlockRequestType.read, sector: 4)
        try! d.memory.store(UInt16(9), at: d.avail + 2)
        d.notify()
        #expect(d.disk.waitUntilIdle(timeout: 5))
        #expect(d.read(.interruptStatus) == 3)
        #expect(d.read(.status) == 0x4F)
        #expect(d.read(.configGeneration) == 1)
        #expect(pendingWord(d) == 0x2)
        #expect(d.usedIndex == 0)
    }

    @Test("The configuration space ends after byte 56: from 0x39 on, and for any access reaching past it, all ones")
    func configLength() {
        let d = TestDriver(start: false)
        func config(_ offset: UInt64, _ width: Int) -> UInt64 { d.machine.bus.load(Board.virtio0 + 0x100 + offset, width: width) }
        #expect(config(0x38, 1) == 1)
        for offset: UInt64 in 0x39...0x3B { #expect(config(offset, 1) == 0xFF) }
        #expect(config(0x38, 2) == 0xFFFF)
        #expect(config(0x38, 4) == 0xFFFF_FFFF)
        #expect(config(0x34, 4) == 1)
        #expect(config(0x36, 2) == 0)
        d.machine.bus.store(0x12, to: Board.virtio0 + 0x139, width: 1)
        #expect(config(0x39, 1) == 0xFF)
    }
}
