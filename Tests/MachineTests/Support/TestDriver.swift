// A minimal virtio driver for the machine's own tests: xv6's layout and init sequence, registers
// through the bus, rings and buffers in guest memory. No kernel, no locks beyond the machine's.
import Board
@testable import Machine

/// The byte the test disk image holds at `offset`: distinct per sector and per position.
func diskPattern(_ offset: Int) -> UInt8 {
    UInt8(truncatingIfNeeded: offset / 512 &* 31 &+ offset % 251)
}

/// xv6's image size (4000 sectors) of `diskPattern` bytes, computed once.
let patternImage: [UInt8] = (0..<2_048_000).map(diskPattern)

/// A 2,048,000-byte in-memory image (xv6's size, 4000 sectors) filled with `diskPattern`.
func patternDisk(readOnly: Bool = false) -> BackingStore {
    BackingStore.memory(patternImage, readOnly: readOnly)
}

/// A small machine for tests: 1 MiB of RAM and the pattern disk.
func testConfiguration(device: VirtioDeviceOptions = VirtioDeviceOptions(),
                       completion: CompletionPolicy = .inOrder,
                       disk: BackingStore? = nil) -> MachineConfiguration {
    MachineConfiguration(ramSize: 1 << 20, disk: disk ?? patternDisk(), device: device, completion: completion)
}

final class TestDriver: @unchecked Sendable {
    let machine: Machine
    var memory: GuestMemory { machine.memory }
    var disk: VirtioBlockDevice { machine.disk }
    var trace: Trace { machine.trace }
    var queueSize = 8

    // xv6-like layout: one page per area, then request headers, status bytes and data buffers.
    let desc = Board.ramBase + 0x1000
    let avail = Board.ramBase + 0x2000
    let used = Board.ramBase + 0x3000
    let headers = Board.ramBase + 0x4000
    let statuses = Board.ramBase + 0x5000
    let data = Board.ramBase + 0x10000

    init(_ configuration: MachineConfiguration = testConfiguration(), start: Bool = true) {
        machine = Machine(configuration: configuration)
        if start { machine.start() }
    }

    deinit { machine.shutdown() }

    // MARK: Registers

    func read(_ register: VirtioMMIORegister) -> UInt32 {
        UInt32(truncatingIfNeeded: machine.bus.load(Board.virtio0 + register.rawValue, width: 4))
    }

    func write(_ register: VirtioMMIORegister, _ value: UInt32) {
        machine.bus.store(UInt64(value), to: Board.virtio0 + register.rawValue, width: 4)
    }

    /// xv6's `virtio_disk_init`, with the rings zeroed; returns the Status read back at the end.
    @discardableResult
    func initialize(features: UInt32 = 0x6654, featuresHigh: UInt32? = nil, queueSize: Int = 8,
                    zeroRings: Bool = true) -> UInt32 {
        self.queueSize = queueSize
        write(.status, 0)
        write(.status, 1)
        write(.status, 3)
        if let featuresHigh {
            write(.driverFeaturesSel, 1)
            write(.driverFeatures, featuresHigh)
            write(.driverFeaturesSel, 0)
        }
        write(.driverFeatures, features)
        write(.status, 3 | 8)
        write(.queueSel, 0)
        for page in [desc, avail, used] {
            try! memory.fill(zeroRings ? 0 : 0x05, count: 4096, at: page)
        }
        write(.queueNum, UInt32(queueSize))
        write(.queueDescLow, UInt32(truncatingIfNeeded: desc))
        write(.queueDescHigh, UInt32(truncatingIfNeeded: desc >> 32))
        write(.queueDriverLow, UInt32(truncatingIfNeeded: avail))
        write(.queueDriverHigh, UInt32(truncatingIfNeeded: avail >> 32))
        write(.queueDeviceLow, UInt32(truncatingIfNeeded: used))
        write(.queueDeviceHigh, UInt32(truncatingIfNeeded: used >> 32))
        write(.queueReady, 1)
        write(.status, read(.status) | 4)
        return read(.status)
    }

    // MARK: Rings

    func setDescriptor(_ index: Int, address: UInt64, length: UInt32, flags: UInt16, next: UInt16 = 0,
                       table: UInt64? = nil) {
        let entry = (table ?? desc) + 16 * UInt64(index)
        try! memory.store(address, at: entry)
        try! memory.store(length, at: entry + 8)
        try! memory.store(flags, at: entry + 12)
        try! memory.store(next, at: entry + 14)
    }

    var availIndex: UInt16 { try! memory.load(UInt16.self, at: avail + 2) }
    var usedIndex: UInt16 { try! memory.load(UInt16.self, at: used + 2) }

    /// Puts `head` in the next available slot and bumps avail.idx (no notify).
    func makeAvailable(_ head: UInt16) {
        let index = availIndex
        try! memory.store(head, at: avail + 4 + 2 * UInt64(Int(index) % queueSize))
        try! memory.store(index &+ 1, at: avail + 2)
    }

    func notify() { write(.queueNotify, 0) }

    /// The used element in slot `slot` (not index): (id, len).
    func usedElement(_ index: UInt16) -> (id: UInt32, length: UInt32) {
        let element = used + 4 + 8 * UInt64(Int(index) % queueSize)
        return (try! memory.load(UInt32.self, at: element), try! memory.load(UInt32.self, at: element + 4))
    }

    // MARK: Requests, xv6-style

    func header(_ head: Int) -> UInt64 { headers + 16 * UInt64(head) }
    func statusByte(_ head: Int) -> UInt64 { statuses + UInt64(head) }
    func buffer(_ head: Int) -> UInt64 { data + 1024 * UInt64(head) }

    func writeHeader(_ head: Int, type: UInt32, sector: UInt64) {
        try! memory.store(type, at: header(head))
        try! memory.store(UInt32(0), at: header(head) + 4)
        try! memory.store(sector, at: header(head) + 8)
    }

    /// Builds xv6's three-descriptor chain at descriptors head, head+1, head+2 and presets status 0xFF.
    func prepare(head: Int, type: UInt32, sector: UInt64, length: UInt32 = 1024) {
        writeHeader(head, type: type, sector: sector)
        try! memory.store(UInt8(0xFF), at: statusByte(head))
        let dataFlags: UInt16 = (type == BlockRequestType.read ? 2 : 0) | 1
        setDescriptor(head, address: header(head), length: 16, flags: 1, next: UInt16(head + 1))
        setDescriptor(head + 1, address: buffer(head), length: length, flags: dataFlags, next: UInt16(head + 2))
        setDescriptor(head + 2, address: statusByte(head), length: 1, flags: 2)
    }

    /// Submits a request xv6-style and notifies.
    func submit(head: Int = 0, type: UInt32, sector: UInt64, length: UInt32 = 1024, notify: Bool = true) {
        prepare(head: head, type: type, sector: sector, length: length)
        makeAvailable(UInt16(head))
        if notify { self.notify() }
    }

    func status(_ head: Int) -> UInt8 { try! memory.load(UInt8.self, at: statusByte(head)) }
    func bufferBytes(_ head: Int, count: Int = 1024) -> [UInt8] { try! memory.read(count, at: buffer(head)) }

    /// Waits for the device to have completed `count` requests in all.
    func waitForCompletions(_ count: Int) -> Bool { disk.waitForCompletions(count, timeout: 5) }

    /// Submits one request and waits for the device to finish it (or break).
    @discardableResult
    func run(head: Int = 0, type: UInt32, sector: UInt64, length: UInt32 = 1024) -> UInt8 {
        let before = disk.completedRequests
        submit(head: head, type: type, sector: sector, length: length)
        _ = disk.waitUntilIdle(timeout: 5)
        _ = before
        return status(head)
    }

    /// Submits a request whose data descriptor is device-writable whatever the type, and waits.
    @discardableResult
    func runWritable(head: Int = 0, type: UInt32, sector: UInt64 = 0) -> UInt8 {
        prepare(head: head, type: type, sector: sector)
        setDescriptor(head + 1, address: buffer(head), length: 1024, flags: 3, next: UInt16(head + 2))
        makeAvailable(UInt16(head))
        notify()
        _ = disk.waitUntilIdle(timeout: 5)
        return status(head)
    }

    /// The image bytes of `count` bytes from `sector`.
    func image(sector: UInt64, count: Int = 1024) -> [UInt8] {
        machine.configuration.disk.bytes(at: sector * 512, count: count)
    }

    func expectedImage(sector: Int, count: Int = 1024) -> [UInt8] {
        (sector * 512 ..< sector * 512 + count).map(diskPattern)
    }
}
