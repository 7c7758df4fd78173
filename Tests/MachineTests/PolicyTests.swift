import Board
import Glibc
import Synchronization
import Testing
@testable import Machine

/// The heads of the used elements from `from` up to the current used.idx, in ring order.
func usedHeads(_ d: TestDriver, from: UInt16 = 0) -> [UInt32] {
    var heads: [UInt32] = []
    var index = from
    while index != d.usedIndex {
        heads.append(d.usedElement(index).id)
        index &+= 1
    }
    return heads
}

/// The number of times the device raised its interrupt.
func interruptsRaised(_ trace: Trace) -> Int {
    trace.events.filter { if case .interruptRaised = $0.kind { return true }; return false }.count
}

@Suite("Completion policies")
struct PolicyTests {
    @Test("perInterrupt(2): two requests submitted separately complete under one interrupt")
    func perInterrupt() {
        let d = TestDriver(testConfiguration(completion: .perInterrupt(2, linger: 2)))
        d.initialize()
        d.submit(head: 0, type: BlockRequestType.read, sector: 2)
        usleep(10_000)
        #expect(d.usedIndex == 0)
        d.submit(head: 3, type: BlockRequestType.read, sector: 4)
        #expect(d.waitForCompletions(2))
        #expect(interruptsRaised(d.trace) == 1)
        #expect(usedHeads(d) == [0, 3])
    }

    @Test("A lone request under perInterrupt(2) still completes once the linger passes")
    func linger() {
        let d = TestDriver(testConfiguration(completion: .perInterrupt(2, linger: 0.02)))
        d.initialize()
        d.submit(head: 0, type: BlockRequestType.read, sector: 2)
        #expect(d.waitForCompletions(1))
        #expect(d.read(.interruptStatus) == 1)
    }

    @Test("reversed(): the newer of two requests completes first, each with its own interrupt")
    func reversed() {
        let d = TestDriver(testConfiguration(completion: .reversed(linger: 2)))
        d.initialize()
        d.submit(head: 0, type: BlockRequestType.read, sector: 2)
        d.submit(head: 3, type: BlockRequestType.read, sector: 4)
        #expect(d.waitForCompletions(2))
        #expect(usedHeads(d) == [3, 0])
        #expect(d.bufferBytes(0) == d.expectedImage(sector: 2))
        #expect(d.bufferBytes(3) == d.expectedImage(sector: 4))
    }

    @Test("random(seed:) orders completions the same way for the same seed")
    func random() {
        func order(seed: UInt64) -> [UInt32] {
            let d = TestDriver(testConfiguration(completion: .random(seed: seed, gather: 4, linger: 2)))
            d.initialize()
            for head in [0, 2, 4, 6] {
                d.writeHeader(head, type: BlockRequestType.flush, sector: 0)
                d.setDescriptor(head, address: d.header(head), length: 16, flags: 1, next: UInt16(head + 1))
                d.setDescriptor(head + 1, address: d.statusByte(head), length: 1, flags: 2)
                d.makeAvailable(UInt16(head))
                d.notify()
            }
            #expect(d.waitForCompletions(4))
            return usedHeads(d)
        }
        let first = order(seed: 42)
        #expect(first.sorted() == [0, 2, 4, 6])
        #expect(order(seed: 42) == first)
    }

    @Test("delayed(s): a request completes no sooner than s seconds after the notify")
    func delayed() {
        let d = TestDriver(testConfiguration(completion: .delayed(0.05)))
        d.initialize()
        let start = Monitor.now()
        d.submit(type: BlockRequestType.read, sector: 2)
        #expect(d.waitForCompletions(1))
        #expect(Monitor.now() - start >= 50_000_000)
    }

    @Test("failing(sectors:): a request covering a chosen sector gets IOERR and moves no data; others succeed")
    func failing() {
        let d = TestDriver(testConfiguration(completion: .failing(sectors: [3])))
        d.initialize()
        try! d.memory.fill(0xEE, count: 1024, at: d.buffer(0))
        #expect(d.run(type: BlockRequestType.read, sector: 2) == BlockStatus.ioError)
        #expect(d.bufferBytes(0) == [UInt8](repeating: 0xEE, count: 1024))
        #expect(d.run(type: BlockRequestType.read, sector: 4) == BlockStatus.ok)
        #expect(d.run(type: BlockRequestType.write, sector: 3) == BlockStatus.ioError)
        #expect(d.image(sector: 3, count: 512) == d.expectedImage(sector: 3, count: 512))
    }

    @Test("spurious(every: 1): after the driver ACKs, the interrupt comes back once with nothing new")
    func spurious() {
        let d = TestDriver(testConfiguration(completion: .spurious(every: 1)))
        xv6PLICInit(d.machine)
        let machine = d.machine
        let seen = Mutex<[UInt16]>([])
        machine.onExternalInterrupt {
            let irq = machine.bus.load(Board.plicSClaim(0), width: 4)
            let isr = machine.bus.load(Board.virtio0 + VirtioMMIORegister.interruptStatus.rawValue, width: 4)
            machine.bus.store(isr & 3, to: Board.virtio0 + VirtioMMIORegister.interruptACK.rawValue, width: 4)
            let used = (try? machine.memory.loadAcquiring(at: Board.ramBase + 0x3000 + 2)) ?? 0
            seen.withLock { $0.append(used) }
            if irq != 0 { machine.bus.store(irq, to: Board.plicSClaim(0), width: 4) }
        }
        d.initialize()
        d.submit(type: BlockRequestType.read, sector: 2)
        let deadline = Monitor.deadline(after: 5)
        while seen.withLock({ $0.count }) < 2 && Monitor.now() < deadline { usleep(1000) }
        usleep(20_000)
        #expect(seen.withLock { $0 } == [1, 1])
        #expect(d.read(.interruptStatus) == 0)
    }

    @Test("manual: the test takes chains, completes them one by one without interrupts, and interrupts when it likes")
    func manual() {
        let d = TestDriver(testConfiguration(completion: .manual))
        d.initialize()
        d.submit(head: 0, type: BlockRequestType.read, sector: 2)
        d.submit(head: 3, type: BlockRequestType.read, sector: 4)
        #expect(d.disk.waitForAvailable(2, timeout: 5))
        #expect(d.usedIndex == 0)
        #expect(d.disk.fetchAvailable() == [0, 3])
        #expect(d.disk.inFlightHeads == [0, 3])
        #expect(d.disk.complete(3))
        #expect(d.usedIndex == 1)
        #expect(d.read(.interruptStatus) == 0)
        d.disk.raiseUsedBufferInterrupt()
        #expect(d.read(.interruptStatus) == 1)
        // The driver ACKs; a completion slips in before its loop reads used.idx; the loop sees both.
        d.write(.interruptACK, 1)
        #expect(d.disk.complete(0, status: BlockStatus.ioError))
        #expect(usedHeads(d) == [3, 0])
        #expect(d.status(0) == BlockStatus.ioError)
        #expect(d.bufferBytes(3) == d.expectedImage(sector: 4))
        #expect(!d.disk.complete(7))
    }

    @Test("The policy can change at run time: in order for init, manual afterwards")
    func switching() {
        let d = TestDriver()
        d.initialize()
        #expect(d.run(type: BlockRequestType.read, sector: 2) == BlockStatus.ok)
        d.disk.policy = .manual
        d.submit(type: BlockRequestType.read, sector: 4)
        #expect(d.disk.waitForAvailable(1, timeout: 5))
        #expect(d.usedIndex == 1)
        d.disk.policy = .inOrder
        #expect(d.waitForCompletions(2))
    }

    @Test("Odd policy values never trap the host: a negative delay and a NaN linger complete at once")
    func oddValues() {
        let d = TestDriver(testConfiguration(completion: CompletionPolicy(gather: 4, linger: .nan, delay: -1)))
        d.initialize()
        #expect(d.run(type: BlockRequestType.read, sector: 2) == BlockStatus.ok)
        #expect(Monitor.nanoseconds(.infinity) == 1_000_000_000_000_000_000)
    }

    @Test("70,000 requests wrap avail.idx and used.idx through 65535 → 0 without an error")
    func wrap() {
        let d = TestDriver(testConfiguration(completion: .manual), start: false)
        d.initialize()
        for head in [0, 2, 4, 6] {
            d.writeHeader(head, type: BlockRequestType.flush, sector: 0)
            d.setDescriptor(head, address: d.header(head), length: 16, flags: 1, next: UInt16(head + 1))
            d.setDescriptor(head + 1, address: d.statusByte(head), length: 1, flags: 2)
        }
        var crossed = false
        for _ in 0..<(70_000 / 4) {
            for head in [0, 2, 4, 6] { d.makeAvailable(UInt16(head)) }
            d.notify()
            d.disk.fetchAvailable()
            let before = d.usedIndex
            d.disk.completeAll()
            if d.usedIndex < before { crossed = true }
        }
        #expect(crossed)
        #expect(d.disk.diagnostic == nil)
        #expect(d.usedIndex == UInt16(70_000 % 65536))
        #expect(d.disk.completedRequests == 70_000)
    }

    @Test("initialRingIndex starts the rings near the wrap, and requests cross it")
    func presetIndex() {
        let d = TestDriver(testConfiguration(device: VirtioDeviceOptions(initialRingIndex: 65_533)))
        d.initialize()
        #expect(d.availIndex == 65_533)
        #expect(d.usedIndex == 65_533)
        for i in 0..<6 {
            #expect(d.run(type: BlockRequestType.read, sector: UInt64(2 * i)) == BlockStatus.ok)
        }
        #expect(d.usedIndex == 3)
        #expect(usedHeads(d, from: 65_533) == [0, 0, 0, 0, 0, 0])
        #expect(d.disk.diagnostic == nil)
    }
}
