import Board
import Testing
@testable import Machine

@Suite("Requests through the virtqueue, device side")
struct VirtqueueTests {
    static let typeCases: [(UInt32, UInt8)] = [
        (0x99, BlockStatus.unsupported), (5, BlockStatus.ok), (4, BlockStatus.ok),
        (9, BlockStatus.ok), (3, BlockStatus.ioError), (2, BlockStatus.ioError), (10, BlockStatus.unsupported),
        (12, BlockStatus.unsupported), (0x8000_0000, BlockStatus.ok), (0x8000_0001, BlockStatus.ok),
        (11, BlockStatus.unsupported), (13, BlockStatus.unsupported), (6, BlockStatus.unsupported),
    ]

    @Test("A read fills the buffer with the sectors' bytes, status OK, used.len 1025")
    func read() {
        let d = TestDriver()
        d.initialize()
        #expect(d.run(type: BlockRequestType.read, sector: 6) == BlockStatus.ok)
        #expect(d.bufferBytes(0) == d.expectedImage(sector: 6))
        #expect(d.usedIndex == 1)
        #expect(d.usedElement(0).id == 0)
        #expect(d.usedElement(0).length == 1025)
    }

    @Test("A write stores the buffer at sector × 512, status OK, used.len 1")
    func write() {
        let d = TestDriver()
        d.initialize()
        let bytes = (0..<1024).map { UInt8(truncatingIfNeeded: $0 * 3 + 1) }
        try! d.memory.write(bytes, at: d.buffer(3))
        #expect(d.run(head: 3, type: BlockRequestType.write, sector: 10) == BlockStatus.ok)
        #expect(d.image(sector: 10) == bytes)
        #expect(d.image(sector: 12, count: 512) == d.expectedImage(sector: 12, count: 512))
        #expect(d.usedElement(0) == (3, 1))
    }

    @Test("Requests complete with an interrupt: InterruptStatus 1 and PLIC source 1 pending")
    func interrupts() {
        let d = TestDriver()
        d.initialize()
        d.machine.plic.store(1, offset: 4, width: 4)
        d.run(type: BlockRequestType.read, sector: 0)
        #expect(d.read(.interruptStatus) == 1)
        #expect(d.machine.plic.isPending(1))
    }

    @Test("avail.flags NO_INTERRUPT suppresses the interrupt")
    func noInterrupt() {
        let d = TestDriver()
        d.initialize()
        try! d.memory.store(UInt16(1), at: d.avail)
        d.run(type: BlockRequestType.read, sector: 0)
        #expect(d.usedIndex == 1)
        #expect(d.read(.interruptStatus) == 0)
    }

    @Test("With EVENT_IDX and used_event 3, interrupts come at used.idx 1 and 4 only; avail_event follows the device")
    func eventIndex() {
        let d = TestDriver()
        d.initialize(features: 0x6654 | (1 << 29))
        try! d.memory.store(UInt16(3), at: d.avail + 4 + 2 * 8)
        var interruptsAt: [UInt16] = []
        for _ in 0..<6 {
            d.run(type: BlockRequestType.flush, sector: 0)
            if d.read(.interruptStatus) != 0 {
                interruptsAt.append(d.usedIndex)
                d.write(.interruptACK, 1)
            }
        }
        #expect(interruptsAt == [1, 4])
        #expect(try! d.memory.load(UInt16.self, at: d.used + 4 + 8 * 8) == 6)
    }

    @Test("The silent-success traps (inverted WRITE flags, a missing status descriptor) behave as on QEMU")
    func silentTraps() {
        // Read with a readable data descriptor: 0 bytes moved, status OK, len 1.
        let a = TestDriver()
        a.initialize()
        try! a.memory.fill(0xEE, count: 1024, at: a.buffer(0))
        a.prepare(head: 0, type: BlockRequestType.read, sector: 2)
        a.setDescriptor(1, address: a.buffer(0), length: 1024, flags: 1, next: 2)
        a.makeAvailable(0)
        a.notify()
        _ = a.disk.waitUntilIdle(timeout: 5)
        #expect(a.status(0) == 0)
        #expect(a.bufferBytes(0) == [UInt8](repeating: 0xEE, count: 1024))
        #expect(a.usedElement(0).length == 1)

        // Write with a writable data descriptor: nothing written, status OK, len 1025.
        let b = TestDriver()
        b.initialize()
        b.prepare(head: 0, type: BlockRequestType.write, sector: 2)
        b.setDescriptor(1, address: b.buffer(0), length: 1024, flags: 3, next: 2)
        b.makeAvailable(0)
        b.notify()
        _ = b.disk.waitUntilIdle(timeout: 5)
        #expect(b.status(0) == 0)
        #expect(b.image(sector: 2) == b.expectedImage(sector: 2))
        #expect(b.usedElement(0).length == 1025)

        // Data descriptor without NEXT: IOERR lands in data[1023], the status byte stays 0xFF.
        let c = TestDriver()
        c.initialize()
        c.prepare(head: 0, type: BlockRequestType.read, sector: 2)
        c.setDescriptor(1, address: c.buffer(0), length: 1024, flags: 2)
        c.makeAvailable(0)
        c.notify()
        _ = c.disk.waitUntilIdle(timeout: 5)
        #expect(c.status(0) == 0xFF)
        #expect(c.bufferBytes(0)[1023] == BlockStatus.ioError)
        #expect(c.usedElement(0).length == 1024)

        // sector = blockno (forgot × 2): OK, but the wrong bytes.
        let e = TestDriver()
        e.initialize()
        #expect(e.run(type: BlockRequestType.read, sector: 5) == 0)
        #expect(e.bufferBytes(0) != e.expectedImage(sector: 10))
    }

    @Test("Out-of-range and odd-length requests give IOERR; the last whole block and zero-length data are OK")
    func rangeChecks() {
        let d = TestDriver()
        d.initialize()
        #expect(d.run(type: BlockRequestType.read, sector: 3999) == BlockStatus.ioError)
        #expect(d.run(type: BlockRequestType.read, sector: 3998) == BlockStatus.ok)
        #expect(d.run(type: BlockRequestType.read, sector: 4001, length: 512) == BlockStatus.ioError)
        #expect(d.run(type: BlockRequestType.read, sector: 0, length: 100) == BlockStatus.ioError)
        #expect(d.run(type: BlockRequestType.write, sector: 0, length: 100) == BlockStatus.ioError)
        // Header and status only: zero bytes, OK.
        d.writeHeader(0, type: BlockRequestType.read, sector: 1)
        d.setDescriptor(0, address: d.header(0), length: 16, flags: 1, next: 2)
        d.setDescriptor(2, address: d.statusByte(0), length: 1, flags: 2)
        try! d.memory.store(UInt8(0xFF), at: d.statusByte(0))
        d.makeAvailable(0)
        d.notify()
        _ = d.disk.waitUntilIdle(timeout: 5)
        #expect(d.status(0) == BlockStatus.ok)
    }

    @Test("Request types: unknown ones are UNSUPP, odd ones alias the even type below, BARRIER is ignored",
          arguments: VirtqueueTests.typeCases)
    func types(type: UInt32, expected: UInt8) {
        let d = TestDriver()
        d.initialize()
        // Discard/write-zeroes with a 1024-byte "segment" area are UNSUPP (more than one segment).
        #expect(d.run(type: type, sector: 0) == expected)
        #expect(d.disk.diagnostic == nil)
    }

    @Test("GET_ID returns the serial, NUL-terminated, at most 20 bytes; no serial gives one NUL")
    func getID() {
        let d = TestDriver(testConfiguration(device: VirtioDeviceOptions(serial: "xv6-disk-serial-number-long")))
        d.initialize()
        try! d.memory.fill(0xAA, count: 1024, at: d.buffer(0))
        #expect(d.runWritable(type: BlockRequestType.getID) == BlockStatus.ok)
        #expect(d.bufferBytes(0, count: 21) == Array("xv6-disk-serial-numb".utf8) + [0xAA])
        let plain = TestDriver()
        plain.initialize()
        try! plain.memory.fill(0xAA, count: 1024, at: plain.buffer(0))
        plain.runWritable(type: BlockRequestType.getID)
        #expect(plain.bufferBytes(0, count: 2) == [0, 0xAA])
    }

    @Test("FLUSH reaches the backing store's flush")
    func flush() {
        let d = TestDriver()
        d.initialize()
        #expect(d.run(type: BlockRequestType.flush, sector: 0) == BlockStatus.ok)
        #expect(d.machine.configuration.disk.counters.flushes == 1)
    }

    @Test("WRITE_ZEROES zeroes one segment's sectors; DISCARD acknowledges and keeps the data")
    func discardAndWriteZeroes() {
        let d = TestDriver()
        d.initialize()
        func segmentRequest(type: UInt32, sector: UInt64, count: UInt32, flags: UInt32) -> UInt8 {
            try! d.memory.store(sector, at: d.buffer(0))
            try! d.memory.store(count, at: d.buffer(0) + 8)
            try! d.memory.store(flags, at: d.buffer(0) + 12)
            d.prepare(head: 0, type: type, sector: 0, length: 16)
            d.makeAvailable(0)
            d.notify()
            _ = d.disk.waitUntilIdle(timeout: 5)
            return d.status(0)
        }
        #expect(segmentRequest(type: BlockRequestType.writeZeroes, sector: 20, count: 2, flags: 0) == 0)
        #expect(d.image(sector: 20) == [UInt8](repeating: 0, count: 1024))
        #expect(d.image(sector: 22, count: 512) == d.expectedImage(sector: 22, count: 512))
        #expect(segmentRequest(type: BlockRequestType.discard, sector: 30, count: 2, flags: 0) == 0)
        #expect(d.image(sector: 30) == d.expectedImage(sector: 30))
        #expect(segmentRequest(type: BlockRequestType.discard, sector: 30, count: 2, flags: 1) == BlockStatus.unsupported)
        #expect(segmentRequest(type: BlockRequestType.writeZeroes, sector: 3999, count: 2, flags: 0) == BlockStatus.ioError)
        #expect(segmentRequest(type: BlockRequestType.writeZeroes, sector: 0, count: 1, flags: 2) == BlockStatus.unsupported)
    }

    @Test("A read-only disk fails writes with IOERR and leaves the image unchanged")
    func readOnlyWrites() {
        let d = TestDriver(testConfiguration(device: VirtioDeviceOptions(readOnly: true)))
        d.initialize()
        try! d.memory.fill(0, count: 1024, at: d.buffer(0))
        #expect(d.run(type: BlockRequestType.write, sector: 4) == BlockStatus.ioError)
        #expect(d.image(sector: 4) == d.expectedImage(sector: 4))
        #expect(d.run(type: BlockRequestType.read, sector: 4) == BlockStatus.ok)
    }

    @Test("A notify before DRIVER_OK is processed by QEMU and ignored by a strict device")
    func notifyBeforeDriverOK() {
        for mode in [VirtioDeviceOptions.Mode.qemu, .strict] {
            let d = TestDriver(testConfiguration(device: VirtioDeviceOptions(mode: mode)))
            d.initialize()
            d.write(.status, 11)
            d.submit(type: BlockRequestType.read, sector: 0)
            _ = d.disk.waitUntilIdle(timeout: 5)
            #expect(d.usedIndex == (mode == .qemu ? 1 : 0))
            if mode == .strict {
                d.write(.status, 15)
                d.notify()
                _ = d.disk.waitUntilIdle(timeout: 5)
                #expect(d.usedIndex == 1)
            }
        }
    }

    @Test("QueueReady 0 still lets QEMU process the queue; a strict device refuses")
    func queueReadyZero() {
        for mode in [VirtioDeviceOptions.Mode.qemu, .strict] {
            let d = TestDriver(testConfiguration(device: VirtioDeviceOptions(mode: mode)))
            d.initialize()
            d.write(.queueReady, 0)
            d.submit(type: BlockRequestType.read, sector: 0)
            _ = d.disk.waitUntilIdle(timeout: 5)
            #expect(d.usedIndex == (mode == .qemu ? 1 : 0))
        }
    }

    @Test("Unzeroed rings (kalloc junk 0x05) break the device: \"Guest says index 1285 is available\"")
    func junkRings() {
        let d = TestDriver()
        d.initialize(zeroRings: false)
        d.submit(type: BlockRequestType.read, sector: 0)
        _ = d.disk.waitUntilIdle(timeout: 5)
        #expect(d.disk.diagnostic?.rule == .headOutOfRange)
        #expect(d.disk.diagnostic?.qemuMessage == "Guest says index 1285 is available")
    }

    @Test("Moving avail.idx more than the queue size ahead breaks the device: \"Virtqueue size exceeded\"")
    func availTooFar() {
        let d = TestDriver(testConfiguration(completion: .manual))
        d.initialize()
        for head in 0..<8 { d.setDescriptor(head, address: d.header(0), length: 16, flags: 1, next: 1) }
        d.prepare(head: 0, type: BlockRequestType.flush, sector: 0)
        try! d.memory.store(UInt16(9), at: d.avail + 2)
        d.notify()
        d.disk.fetchAvailable()
        #expect(d.disk.diagnostic?.qemuMessage == "Virtqueue size exceeded")
    }

    @Test("A broken device ignores notifies until reset; without VERSION_1 nothing visible changes")
    func brokenUntilReset() {
        let d = TestDriver()
        d.initialize()
        d.prepare(head: 0, type: BlockRequestType.read, sector: 0)
        d.setDescriptor(2, address: d.statusByte(0), length: 1, flags: 0)
        d.makeAvailable(0)
        d.notify()
        _ = d.disk.waitUntilIdle(timeout: 5)
        #expect(d.disk.diagnostic?.rule == .readableAfterWritable)
        #expect(d.read(.status) == 0x0F)
        #expect(d.read(.interruptStatus) == 0)
        #expect(d.read(.configGeneration) == 0)
        d.submit(head: 3, type: BlockRequestType.read, sector: 0)
        _ = d.disk.waitUntilIdle(timeout: 5)
        #expect(d.usedIndex == 0)
        d.initialize()
        #expect(d.disk.diagnostic == nil)
        #expect(d.run(type: BlockRequestType.read, sector: 0) == BlockStatus.ok)
    }

    @Test("With VERSION_1 negotiated an error sets DEVICE_NEEDS_RESET, InterruptStatus 3 and bumps ConfigGeneration")
    func version1Error() {
        let d = TestDriver()
        d.initialize(features: 0x6654, featuresHigh: 1)
        d.prepare(head: 0, type: BlockRequestType.read, sector: 0)
        d.setDescriptor(0, address: d.header(0), length: 16, flags: 0)
        d.makeAvailable(0)
        d.notify()
        _ = d.disk.waitUntilIdle(timeout: 5)
        #expect(d.disk.diagnostic?.rule == .missingHeaders)
        #expect(d.read(.status) == 0x4F)
        #expect(d.read(.interruptStatus) == 3)
        #expect(d.read(.configGeneration) == 1)
    }

    @Test("An INDIRECT chain is processed even though the feature was not negotiated")
    func indirect() {
        let d = TestDriver()
        d.initialize()
        let table = Board.ramBase + 0x6000
        d.writeHeader(0, type: BlockRequestType.read, sector: 8)
        try! d.memory.store(UInt8(0xFF), at: d.statusByte(0))
        d.setDescriptor(0, address: d.header(0), length: 16, flags: 1, next: 1, table: table)
        d.setDescriptor(1, address: d.buffer(0), length: 1024, flags: 3, next: 2, table: table)
        d.setDescriptor(2, address: d.statusByte(0), length: 1, flags: 2, table: table)
        d.setDescriptor(5, address: table, length: 48, flags: 4)
        d.makeAvailable(5)
        d.notify()
        _ = d.disk.waitUntilIdle(timeout: 5)
        #expect(d.status(0) == BlockStatus.ok)
        #expect(d.bufferBytes(0) == d.expectedImage(sector: 8))
        #expect(d.usedElement(0).id == 5)
    }

    @Test("A header split across descriptors and data split across buffers are gathered as QEMU does")
    func scatterGather() {
        let d = TestDriver()
        d.initialize()
        d.writeHeader(0, type: BlockRequestType.read, sector: 16)
        try! d.memory.store(UInt8(0xFF), at: d.statusByte(0))
        d.setDescriptor(0, address: d.header(0), length: 4, flags: 1, next: 1)
        d.setDescriptor(1, address: d.header(0) + 4, length: 12, flags: 1, next: 2)
        d.setDescriptor(2, address: d.buffer(0), length: 512, flags: 3, next: 3)
        d.setDescriptor(3, address: d.buffer(4), length: 511, flags: 3, next: 4)
        d.setDescriptor(4, address: d.statusByte(0), length: 2, flags: 2)
        d.makeAvailable(0)
        d.notify()
        _ = d.disk.waitUntilIdle(timeout: 5)
        // 512 + 511 + 2 writable bytes: 1024 of data, status in the last byte of the last descriptor.
        #expect(try! d.memory.load(UInt8.self, at: d.statusByte(0) + 1) == BlockStatus.ok)
        #expect(d.bufferBytes(0, count: 512) == d.expectedImage(sector: 16, count: 512))
        #expect(d.bufferBytes(4, count: 511) == Array(d.expectedImage(sector: 17, count: 511)))
        #expect(d.status(0) == d.expectedImage(sector: 17, count: 512)[511])
        #expect(d.usedElement(0).length == 1025)
    }
}
