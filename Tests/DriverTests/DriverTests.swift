// The driver (chapters 10-18) against the emulated machine: init, descriptors, rw, intr.
import Board
import Driver
import KernelSupport
import Machine
import TestRig
import Testing

@Suite("Virtqueue layout")
struct LayoutTests {
    @Test("The Swift structs have the spec's sizes and offsets")
    func layout() {
        #expect(MemoryLayout<VirtqDesc>.size == 16)
        #expect(MemoryLayout<VirtqDesc>.stride == 16)
        #expect(MemoryLayout<VirtqDesc>.offset(of: \.addr) == 0)
        #expect(MemoryLayout<VirtqDesc>.offset(of: \.len) == 8)
        #expect(MemoryLayout<VirtqDesc>.offset(of: \.flags) == 12)
        #expect(MemoryLayout<VirtqDesc>.offset(of: \.next) == 14)
        #expect(MemoryLayout<VirtqUsedElem>.stride == 8)
        #expect(MemoryLayout<VirtqUsedElem>.offset(of: \.len) == 4)
        #expect(MemoryLayout<VirtioBlkReq>.stride == 16)
        #expect(MemoryLayout<VirtioBlkReq>.offset(of: \.reserved) == 4)
        #expect(MemoryLayout<VirtioBlkReq>.offset(of: \.sector) == 8)
    }
}

@Suite("virtio_disk_init")
struct InitTests {
    @Test("init leaves the device at status 0xF with queue 0 ready and every descriptor free")
    func initSucceeds() {
        let rig = Rig()
        let status = rig.platform.readRegister(Board.virtio0 + VirtioMMIO.status.rawValue)
        #expect(status == 0xF)
        #expect(rig.platform.readRegister(Board.virtio0 + VirtioMMIO.queueReady.rawValue) == 1)
        #expect(rig.freeCount == VirtioDisk.NUM)
        #expect(rig.disk.descPA != 0 && rig.disk.availPA != 0 && rig.disk.usedPA != 0)
        #expect(Set([rig.disk.descPA, rig.disk.availPA, rig.disk.usedPA, rig.disk.dmaPA]).count == 4)
    }

    @Test("init zeroes the three ring pages that kalloc filled with junk")
    func initZeroesRings() {
        let rig = Rig()
        for pa in [rig.disk.descPA, rig.disk.availPA, rig.disk.usedPA] {
            let page = UnsafeRawBufferPointer(start: rig.platform.memory(at: pa), count: 4096)
            #expect(page.allSatisfy { $0 == 0 })
        }
    }

    @Test("Before init every descriptor is in use, so nothing can be allocated")
    func nothingFreeBeforeInit() {
        let rig = Rig(boot: false)
        let got = Box<Int?>(0)
        #expect(rig.withDiskLock { got.value = $0.allocDesc() } == .finished)
        #expect(got.value == nil)
    }
}

@Suite("Descriptors: alloc_desc, free_desc, free_chain, alloc3_desc")
struct DescriptorTests {
    @Test("allocDesc hands out the lowest free index, then nil when all eight are taken")
    func allocDescOrder() {
        let rig = Rig()
        let got = Box<[Int?]>([])
        #expect(rig.withDiskLock { disk in
            for _ in 0...VirtioDisk.NUM { got.value.append(disk.allocDesc()) }
        } == .finished)
        #expect(got.value == [0, 1, 2, 3, 4, 5, 6, 7, nil])
        #expect(rig.freeCount == 0)
    }

    @Test("freeDesc clears the descriptor, marks it free, and the next allocDesc reuses it")
    func freeDescClears() {
        let rig = Rig()
        let got = Box<[Int?]>([])
        #expect(rig.withDiskLock { disk in
            _ = disk.allocDesc(); _ = disk.allocDesc(); _ = disk.allocDesc()
            disk.desc[1] = VirtqDesc(addr: 0x8000_1000, len: 99, flags: 3, next: 2)
            disk.freeDesc(1)
            got.value.append(disk.allocDesc())
        } == .finished)
        #expect(got.value == [1])
        let d = rig.disk.desc[1]
        #expect(d.addr == 0 && d.len == 0 && d.flags == 0 && d.next == 0)
    }

    @Test("freeDesc of an index out of range panics \"free_desc 1\"")
    func freeDescRange() {
        let rig = Rig()
        #expect(rig.withDiskLock { $0.freeDesc(VirtioDisk.NUM) } == .panicked("free_desc 1"))
        let rig2 = Rig()
        #expect(rig2.withDiskLock { $0.freeDesc(-1) } == .panicked("free_desc 1"))
    }

    @Test("freeDesc of a descriptor that is already free panics \"free_desc 2\"")
    func freeDescTwice() {
        let rig = Rig()
        #expect(rig.withDiskLock { $0.freeDesc(3) } == .panicked("free_desc 2"))
    }

    @Test("freeChain follows NEXT links (read before freeing) and frees the whole chain")
    func freeChainWalks() {
        let rig = Rig()
        #expect(rig.withDiskLock { disk in
            for _ in 0..<5 { _ = disk.allocDesc() }     // 0...4 in use
            disk.desc[4] = VirtqDesc(addr: 1, len: 1, flags: VirtqDescFlag.next, next: 0)
            disk.desc[0] = VirtqDesc(addr: 1, len: 1, flags: VirtqDescFlag.next | VirtqDescFlag.write, next: 2)
            disk.desc[2] = VirtqDesc(addr: 1, len: 1, flags: VirtqDescFlag.write, next: 1)  // no NEXT: ends here
            disk.freeChain(4)
        } == .finished)
        #expect(rig.disk.free == [true, false, true, false, true, true, true, true])
    }

    @Test("checkInvariants holds on a fresh disk and notices a descriptor that belongs to no chain")
    func invariantNoticesLeak() {
        let rig = Rig()
        let results = Box<[Bool]>([])
        #expect(rig.withDiskLock { disk in
            results.value.append(disk.checkInvariants())
            _ = disk.allocDesc()                     // taken, but in no chain: a leak
            results.value.append(disk.checkInvariants())
            disk.freeDesc(0)
            results.value.append(disk.checkInvariants())
        } == .finished)
        #expect(results.value == [true, false, true])
    }

    @Test("alloc3Desc takes three descriptors, which need not be contiguous")
    func alloc3Scattered() {
        let rig = Rig()
        let got = Box<[Int]>([])
        let ok = Box(false)
        #expect(rig.withDiskLock { disk in
            for _ in 0..<6 { _ = disk.allocDesc() }
            disk.freeDesc(1); disk.freeDesc(3)           // free: 1, 3, 6, 7
            var idx = [0, 0, 0]
            ok.value = disk.alloc3Desc(&idx)
            got.value = idx
        } == .finished)
        #expect(ok.value)
        #expect(got.value == [1, 3, 6])
        #expect(rig.freeCount == 1)
    }

    @Test("alloc3Desc with only two free takes none: both are still free afterwards")
    func alloc3AllOrNothing() {
        let rig = Rig()
        let ok = Box(true)
        #expect(rig.withDiskLock { disk in
            for _ in 0..<6 { _ = disk.allocDesc() }
            var idx = [0, 0, 0]
            ok.value = disk.alloc3Desc(&idx)
        } == .finished)
        #expect(!ok.value)
        #expect(rig.freeCount == 2)
        #expect(rig.disk.free == [false, false, false, false, false, false, true, true])
    }
}

@Suite("virtio_disk_rw and virtio_disk_intr")
struct ReadWriteTests {
    @Test("Reading blocks returns the image's bytes at 1024·blockno (sector = 2·blockno)")
    func readMatchesImage() {
        let rig = Rig()
        for block: UInt32 in [0, 1, 2, 3, 45, 46, 1000, 1999] {
            #expect(rig.read(block: block) == rig.imageBytes(block: block), "block \(block)")
        }
        #expect(rig.freeCount == VirtioDisk.NUM)
    }

    @Test("A read overwrites stale data in the buffer (the data descriptor is device-writable)")
    func readOverwritesStaleData() {
        let rig = Rig()
        let b = rig.buffer(block: 7)
        rig.setBytes([UInt8](repeating: 0xEE, count: 1024), of: b)
        let disk = rig.disk
        let outcome = rig.run { disk.rw(b, write: false) }
        #expect(outcome == .finished)
        #expect(rig.bytes(of: b) == rig.imageBytes(block: 7))
        #expect(b.disk == false)
    }

    @Test("A write reaches the disk image and reads back; neighbouring blocks are untouched")
    func writeThenRead() {
        let rig = Rig()
        let b = rig.buffer(block: 100)
        let data = (0..<1024).map { UInt8(truncatingIfNeeded: $0 * 7 + 3) }
        rig.setBytes(data, of: b)
        let disk = rig.disk
        let outcome = rig.run { disk.rw(b, write: true) }
        #expect(outcome == .finished)
        #expect(rig.machine.configuration.disk.bytes(at: 100 * 1024, count: 1024) == data)
        #expect(rig.read(block: 100) == data)
        #expect(rig.read(block: 99) == rig.imageBytes(block: 99))
        #expect(rig.read(block: 101) == rig.imageBytes(block: 101))
    }

    @Test("Every request leaves all eight descriptors free and info[] empty")
    func requestsFreeTheirChains() {
        let rig = Rig()
        for block: UInt32 in 0..<20 {
            #expect(rig.read(block: block) != nil)
            #expect(rig.freeCount == VirtioDisk.NUM)
        }
        #expect(rig.disk.info.allSatisfy { $0.b == nil })
        #expect(rig.disk.checkInvariants())
        #expect(rig.disk.usedIdx == 20)
        #expect(rig.disk.avail.idx == 20)
    }

    @Test("The status byte is set to 0 by the device; the header says IN and sector 2·blockno")
    func headerAndStatus() {
        let rig = Rig()
        #expect(rig.read(block: 33) != nil)
        // The first request used chain 0 -> 1 -> 2.
        let header = rig.disk.ops(0).pointee
        #expect(header.type == VirtioBlkReq.typeIn)
        #expect(header.sector == 66)
        #expect(rig.disk.info[0].status == 0)
    }

    @Test("A read past the end of the disk completes with IOERR: panic \"virtio_disk_intr status\"")
    func ioerrPanics() {
        let rig = Rig()
        let b = rig.buffer(block: 2000)   // sectors 4000-4001 of a 4000-sector disk
        let disk = rig.disk
        let outcome = rig.run(timeout: 5) { disk.rw(b, write: false) }
        #expect(outcome == .panicked("virtio_disk_intr status"))
    }

    @Test("Three or more concurrent requesters all complete (they sleep for descriptors and are woken)")
    func concurrentRequesters() {
        let rig = Rig()
        let failures = Box(0)
        let threads = (0..<4).map { t in
            rig.start { [rig] in
                for i in 0..<50 {
                    let block = UInt32((t * 50 + i) % 2000)
                    let b = rig.buffer(block: block)
                    rig.disk.rw(b, write: false)
                    if rig.bytes(of: b) != rig.imageBytes(block: block) {
                        rig.disk.vdiskLock.acquire(); failures.value += 1; rig.disk.vdiskLock.release()
                    }
                    rig.platform.kfree(b.data)
                }
            }
        }
        for thread in threads { #expect(rig.wait(for: thread, timeout: 60) == .finished) }
        #expect(failures.value == 0)
        #expect(rig.freeCount == VirtioDisk.NUM)
        #expect(rig.disk.usedIdx == 200)
    }
}

@Suite("virtio_disk_init refuses the wrong device")
struct InitPanicTests {
    /// Boots a machine whose device has `options` and returns what `initialize()` did.
    func initOutcome(_ change: @escaping (inout VirtioDeviceOptions) -> Void) -> Outcome {
        let rig = Rig(configure: { change(&$0.device) }, boot: false)
        return rig.run(timeout: 5) { [disk = rig.disk] in disk.initialize() }
    }

    @Test("init panics on a device that is not QEMU's modern virtio disk",
          arguments: ["legacy version 1", "empty slot (device id 0)", "network card (device id 1)", "another vendor"])
    func wrongDevice(_ which: String) {
        let outcome = initOutcome { options in
            switch which {
            case "legacy version 1": options.version = 1
            case "empty slot (device id 0)": options.deviceID = 0
            case "network card (device id 1)": options.deviceID = 1
            default: options.vendorID = 0xFFFF
            }
        }
        #expect(outcome == .panicked("could not find virtio disk"))
    }

    @Test("init panics when there is no virtio device at its address (MagicValue is not \"virt\")")
    func noDeviceThere() {
        let rig = Rig(boot: false)
        let disk = VirtioDisk(platform: rig.platform, base: Board.virtio0 + 0x1000)   // slot 1: nothing mapped
        let outcome = rig.run(timeout: 5) { disk.initialize() }
        #expect(outcome == .panicked("could not find virtio disk"))
    }

    @Test("init panics when the device refuses FEATURES_OK")
    func featuresRefused() {
        #expect(initOutcome { $0.refusesFeaturesOK = true } == .panicked("virtio disk FEATURES_OK unset"))
    }

    @Test("init panics when QueueNumMax is below 8")
    func queueTooShort() {
        #expect(initOutcome { $0.queueNumMax = 4 } == .panicked("virtio disk max queue too short"))
    }

    @Test("init panics when queue 0 still reads ready after the reset")
    func queueStillReady() {
        #expect(initOutcome { $0.reportsQueueReady = true } == .panicked("virtio disk should not be ready"))
    }

    @Test("init panics when QueueNumMax is 0 (no queue 0)")
    func noQueue() {
        #expect(initOutcome { $0.queueNumMax = 0 } == .panicked("virtio disk has no queue 0"))
    }

    @Test("init succeeds against a strict device (spec order, no unoffered features)")
    func strictDevice() {
        #expect(initOutcome { $0.mode = .strict } == .finished)
    }

    @Test("init panics \"virtio disk kalloc\" when there are no pages for the rings")
    func noPages() {
        let rig = Rig(ramSize: 4 * 4096, boot: false)
        while rig.platform.kalloc() != nil {}
        let disk = rig.disk
        let outcome = rig.run(timeout: 5) { disk.initialize() }
        #expect(outcome == .panicked("virtio disk kalloc"))
    }
}

@Suite("Ring indices wrap at 65536")
struct WrapTests {
    @Test("Requests keep working across the 16-bit wrap of the ring indices (preset near 65535)")
    func presetWrap() {
        let start: UInt16 = 65_530
        let rig = Rig(configure: { $0.device.initialRingIndex = start })
        // The driver's side of the preset: its avail.idx and used_idx start where the device's do.
        #expect(rig.withDiskLock { disk in
            disk.avail.idx = start
            disk.usedIdx = start
        } == .finished)
        for i in 0..<20 {
            let block = UInt32(i * 37 % 2000)
            #expect(rig.read(block: block) == rig.imageBytes(block: block), "request \(i)")
        }
        #expect(rig.disk.usedIdx == start &+ 20)
        #expect(rig.disk.avail.idx == start &+ 20)
        #expect(rig.disk.used.idx == start &+ 20)
        #expect(rig.freeCount == VirtioDisk.NUM)
    }
}
