import Board
import Testing
@testable import Machine

@Suite("virtio-mmio registers, as QEMU 7.2 answers them")
struct RegisterTests {
    @Test("The identity registers read magic, version 2, block device, QEMU's vendor")
    func identity() {
        let d = TestDriver(start: false)
        #expect(d.read(.magicValue) == 0x7472_6976)
        #expect(d.read(.version) == 2)
        #expect(d.read(.deviceID) == 2)
        #expect(d.read(.vendorID) == 0x554D_4551)
    }

    @Test("DeviceFeatures shows word 0 = 0x30006E54 and word 1 = 0x101; any non-zero selector is word 1")
    func featureWords() {
        let d = TestDriver(start: false)
        #expect(d.read(.deviceFeatures) == 0x3000_6E54)
        d.write(.deviceFeaturesSel, 1)
        #expect(d.read(.deviceFeatures) == 0x101)
        d.write(.deviceFeaturesSel, 2)
        #expect(d.read(.deviceFeatures) == 0x101)
        d.write(.deviceFeaturesSel, 0)
        #expect(d.read(.deviceFeatures) == 0x3000_6E54)
    }

    @Test("QueueNumMax is 1024 for queue 0 and 0 for any other queue; QueueSel ignores values from 1024")
    func queueNumMax() {
        let d = TestDriver(start: false)
        #expect(d.read(.queueNumMax) == 1024)
        d.write(.queueSel, 1)
        #expect(d.read(.queueNumMax) == 0)
        d.write(.queueSel, 5000)
        #expect(d.read(.queueNumMax) == 0)
        d.write(.queueSel, 0)
        #expect(d.read(.queueNumMax) == 1024)
    }

    @Test("xv6's init sequence ends with Status 0x0F and features 0x6654 negotiated, without VERSION_1")
    func xv6Init() {
        let d = TestDriver(start: false)
        #expect(d.initialize() == 0x0F)
        #expect(d.disk.negotiatedFeatures.rawValue == 0x6654)
        #expect(!d.disk.negotiatedFeatures.contains(.version1))
        #expect(d.trace.writes(to: .status) == [0, 1, 3, 11, 15])
        #expect(d.read(.queueReady) == 1)
        #expect(d.disk.queueSize == 8)
    }

    @Test("Unoffered feature bits are dropped silently and FEATURES_OK still sticks (qemu mode)")
    func unofferedBitsDropped() {
        let d = TestDriver(start: false)
        d.write(.status, 3)
        d.write(.driverFeatures, 0xFFFF_FFFF)
        d.write(.status, 11)
        #expect(d.read(.status) == 11)
        #expect(d.disk.negotiatedFeatures.rawValue == 0x3000_6E54)
    }

    @Test("Strict mode leaves FEATURES_OK clear when the driver accepts unoffered bits, but accepts xv6's subset")
    func strictRefusesUnoffered() {
        let strict = TestDriver(testConfiguration(device: VirtioDeviceOptions(mode: .strict)), start: false)
        strict.write(.status, 3)
        strict.write(.driverFeatures, 0xFFFF_FFFF)
        strict.write(.status, 11)
        #expect(strict.read(.status) == 3)
        #expect(strict.disk.negotiatedFeatures.isEmpty)
        let xv6 = TestDriver(testConfiguration(device: VirtioDeviceOptions(mode: .strict)), start: false)
        #expect(xv6.initialize() == 0x0F)
    }

    @Test("DriverFeatures written after FEATURES_OK are ignored")
    func featuresAfterFeaturesOK() {
        let d = TestDriver(start: false)
        d.initialize()
        d.write(.driverFeatures, 0x3000_6E54)
        d.write(.status, 15)
        #expect(d.disk.negotiatedFeatures.rawValue == 0x6654)
    }

    @Test("Status is stored verbatim: DRIVER_OK alone, or FAILED, reads back as written")
    func statusVerbatim() {
        let d = TestDriver(start: false)
        d.write(.status, 4)
        #expect(d.read(.status) == 4)
        d.write(.status, 0x80)
        #expect(d.read(.status) == 0x80)
        d.write(.status, 0x1FF)
        #expect(d.read(.status) == 0xFF)
    }

    @Test("Reset clears status, ISR, features, QueueSel, QueueReady and the live queue, but keeps generation and latched registers")
    func resetSemantics() {
        let d = TestDriver(start: false)
        d.initialize(features: 0x6654, featuresHigh: 1)    // VERSION_1, so an error is visible
        d.write(.queueSel, 1)
        d.disk.raiseUsedBufferInterrupt()
        // Break the device to move ConfigGeneration.
        d.setDescriptor(0, address: d.header(0), length: 0, flags: 0)
        d.makeAvailable(0)
        d.notify()
        d.disk.fetchAvailable()
        #expect(d.disk.diagnostic?.rule == .zeroLength)
        #expect(d.read(.configGeneration) == 1)
        d.write(.status, 0)
        #expect(d.read(.status) == 0)
        #expect(d.read(.interruptStatus) == 0)
        #expect(d.read(.queueReady) == 0)
        #expect(d.read(.queueNumMax) == 1024)          // QueueSel back to 0
        #expect(d.disk.negotiatedFeatures.isEmpty)
        #expect(d.disk.diagnostic == nil)
        #expect(d.disk.queueSize == Virtqueue.defaultSize)
        #expect(d.read(.configGeneration) == 1)
        // Latched QueueNum and addresses survive: QueueReady=1 alone re-applies them.
        d.write(.queueReady, 1)
        #expect(d.disk.queueSize == 8)
        #expect(d.disk.monitor.withLock { d.disk.queue.descTable } == d.desc)
        // Latched DriverFeatures survive: FEATURES_OK alone negotiates them again.
        d.write(.status, 11)
        #expect(d.disk.negotiatedFeatures.rawValue == 0x1_0000_6654)
    }

    @Test("Narrow accesses, read-only writes, write-only reads and unknown offsets are guest errors that read 0")
    func badAccesses() {
        let d = TestDriver(start: false)
        let base = Board.virtio0
        #expect(d.machine.bus.load(base, width: 1) == 0)
        #expect(d.machine.bus.load(base, width: 2) == 0)
        d.machine.bus.store(7, to: base + VirtioMMIORegister.status.rawValue, width: 2)
        #expect(d.read(.status) == 0)
        d.write(.magicValue, 1)
        #expect(d.read(.magicValue) == 0x7472_6976)
        #expect(d.read(.queueNotify) == 0)
        #expect(d.read(.driverFeatures) == 0)
        #expect(d.machine.bus.load(base + 0x0FC - 4, width: 4) == 0)       // 0x0F8: nothing there
        #expect(d.read(.queueReset) == 0)
        #expect(d.read(.legacyQueuePFN) == 0)
        d.write(.legacyGuestPageSize, 4096)
        let problems = d.trace.guestErrors.compactMap { event -> GuestErrorKind? in
            if case let .guestError(.virtio, _, _, _, problem) = event.kind { return problem }
            return nil
        }
        #expect(problems == [.badWidth, .badWidth, .badWidth, .readOnly, .writeOnly, .writeOnly,
                             .unknownOffset, .unknownOffset, .legacyRegister, .legacyRegister])
        #expect(d.disk.diagnostic == nil)
    }

    @Test("An 8-byte access is two 4-byte accesses, low half first")
    func wideAccess() {
        let d = TestDriver(start: false)
        let pair = d.machine.bus.load(Board.virtio0, width: 8)
        #expect(pair == 0x2_7472_6976)
        d.machine.bus.store(0x1234_5678_9ABC_DEF0, to: Board.virtio0 + VirtioMMIORegister.queueDescLow.rawValue, width: 8)
        #expect(d.disk.monitor.withLock { d.disk.transport.queueDesc.low } == 0x9ABC_DEF0)
        #expect(d.disk.monitor.withLock { d.disk.transport.queueDesc.high } == 0x1234_5678)
    }

    @Test("SHMLen reads all ones; ConfigGeneration starts at 0")
    func shmAndGeneration() {
        let d = TestDriver(start: false)
        #expect(d.read(.shmLenLow) == 0xFFFF_FFFF)
        #expect(d.read(.shmLenHigh) == 0xFFFF_FFFF)
        #expect(d.read(.configGeneration) == 0)
    }

    @Test("The configuration space holds QEMU's values for xv6's image; bytes past 57 read 0xFF")
    func configSpace() {
        let d = TestDriver(start: false)
        func config(_ offset: UInt64, _ width: Int) -> UInt64 { d.machine.bus.load(Board.virtio0 + 0x100 + offset, width: width) }
        #expect(config(0, 8) == 4000)
        #expect(config(8, 4) == 0)
        #expect(config(12, 4) == 254)
        #expect(config(16, 2) == 3)
        #expect(config(18, 1) == 16)
        #expect(config(19, 1) == 63)
        #expect(config(20, 4) == 512)
        #expect(config(32, 1) == 1)
        #expect(config(34, 2) == 1)
        #expect(config(36, 4) == 0x3F_FFFF)
        #expect(config(40, 4) == 1)
        #expect(config(44, 4) == 1)
        #expect(config(48, 4) == 0x3F_FFFF)
        #expect(config(52, 4) == 1)
        #expect(config(56, 1) == 1)
        #expect(config(60, 4) == 0xFFFF_FFFF)
        #expect(config(58, 4) == 0xFFFF_FFFF)
        #expect(config(95, 1) == 0xFF)
        #expect(d.disk.capacity == 4000)
    }

    @Test("Only the writeback byte of the configuration can be changed, and it reads back as 0 or 1")
    func configWrites() {
        let d = TestDriver(start: false)
        let base = Board.virtio0 + 0x100
        d.machine.bus.store(0, to: base + 32, width: 1)
        #expect(d.machine.bus.load(base + 32, width: 1) == 0)
        d.machine.bus.store(0x0500, to: base + 31, width: 2)
        #expect(d.machine.bus.load(base + 32, width: 1) == 1)
        d.machine.bus.store(99, to: base, width: 4)
        #expect(d.machine.bus.load(base, width: 8) == 4000)
    }

    @Test("InterruptACK clears only the written bits, and the wire follows InterruptStatus")
    func interruptAck() {
        let d = TestDriver(start: false)
        d.disk.locked { d.disk.raiseInterrupt(3) }
        #expect(d.read(.interruptStatus) == 3)
        #expect(d.machine.plic.monitor.withLock { d.machine.plic.level[1] })
        d.write(.interruptACK, 1)
        #expect(d.read(.interruptStatus) == 2)
        #expect(d.machine.plic.monitor.withLock { d.machine.plic.level[1] })
        d.write(.interruptACK, 2)
        #expect(d.read(.interruptStatus) == 0)
        #expect(!d.machine.plic.monitor.withLock { d.machine.plic.level[1] })
    }

    @Test("Queue addresses take effect only when QueueReady is written with 1; writing 0 only clears the readback")
    func latchedAddresses() {
        let d = TestDriver(start: false)
        d.write(.queueNum, 8)
        d.write(.queueDescLow, UInt32(truncatingIfNeeded: d.desc))
        #expect(d.disk.monitor.withLock { d.disk.queue.descTable } == 0)
        d.write(.queueDriverLow, UInt32(truncatingIfNeeded: d.avail))
        d.write(.queueDeviceLow, UInt32(truncatingIfNeeded: d.used))
        d.write(.queueReady, 1)
        #expect(d.disk.monitor.withLock { d.disk.queue.descTable } == d.desc)
        #expect(d.read(.queueReady) == 1)
        d.write(.queueReady, 0)
        #expect(d.read(.queueReady) == 0)
        #expect(d.disk.monitor.withLock { d.disk.queue.descTable } == d.desc)
    }

    @Test("QueueNum: 0 and values above 1024 are ignored; a non-power of 2 is accepted by QEMU and refused by strict mode")
    func queueNum() {
        let d = TestDriver(start: false)
        d.write(.queueNum, 2048)
        #expect(d.disk.queueSize == 256)
        d.write(.queueNum, 0)
        #expect(d.disk.queueSize == 256)
        d.write(.queueNum, 6)
        #expect(d.disk.queueSize == 6)
        let strict = TestDriver(testConfiguration(device: VirtioDeviceOptions(mode: .strict)), start: false)
        strict.write(.queueNum, 6)
        #expect(strict.disk.queueSize == 256)
        strict.write(.queueNum, 8)
        #expect(strict.disk.queueSize == 8)
    }

    @Test("Device options change the identity: version 1, another vendor, an empty slot, a small queue")
    func options() {
        let legacy = TestDriver(testConfiguration(device: VirtioDeviceOptions(version: 1)), start: false)
        #expect(legacy.read(.version) == 1)
        let other = TestDriver(testConfiguration(device: VirtioDeviceOptions(vendorID: 0xFFFF)), start: false)
        #expect(other.read(.vendorID) == 0xFFFF)
        let empty = TestDriver(testConfiguration(device: VirtioDeviceOptions(deviceID: 0)), start: false)
        #expect(empty.read(.magicValue) == 0x7472_6976)
        #expect(empty.read(.deviceID) == 0)
        #expect(empty.read(.deviceFeatures) == 0)
        #expect(empty.read(.queueNumMax) == 0)
        let small = TestDriver(testConfiguration(device: VirtioDeviceOptions(queueNumMax: 4)), start: false)
        #expect(small.read(.queueNumMax) == 4)
    }

    @Test("A device that refuses FEATURES_OK leaves the bit clear even for xv6's subset")
    func refusesFeaturesOK() {
        let d = TestDriver(testConfiguration(device: VirtioDeviceOptions(refusesFeaturesOK: true)), start: false)
        #expect(d.initialize() & 8 == 0)
    }

    @Test("A read-only disk offers VIRTIO_BLK_F_RO")
    func readOnlyOffer() {
        let d = TestDriver(testConfiguration(device: VirtioDeviceOptions(readOnly: true)), start: false)
        #expect(d.read(.deviceFeatures) == 0x3000_6E74)
        let file = TestDriver(testConfiguration(disk: patternDisk(readOnly: true)), start: false)
        #expect(file.read(.deviceFeatures) & 0x20 != 0)
    }
}
