// Exercise 1 (init), hidden tests: every step of virtio_disk_init, as the device saw it.
import Board
import Driver
import KernelSupport
import Machine

/// Runs initialize() against a device built with `change` and expects it to panic (any message).
func expectInitPanics(_ device: String, section: String, _ change: @escaping (inout VirtioDeviceOptions) -> Void) throws {
    let rig = try Rig(configure: { change(&$0.device) }, boot: false)
    let outcome = try rig.run("initialize() against \(device)") { [disk = rig.disk] in disk.initialize() }
    guard case .panicked = outcome else {
        throw Failure("init " + (outcome == .finished ? "returned" : "kept running") + " against \(device): it must panic",
                      section: section)
    }
    try check(!rig.machine.disk.status.contains(.driverOK),
              "init panicked against \(device), but only after setting DRIVER_OK", section: section)
}

/// The index in the trace of each virtio register write, in order: (register, value).
func virtioWrites(_ rig: Rig) -> [(VirtioMMIORegister, UInt32)] {
    rig.machine.trace.events.compactMap { event in
        guard case let .access(.virtio, offset, _, value, true) = event.kind,
              let register = VirtioMMIORegister(rawValue: offset) else { return nil }
        return (register, UInt32(truncatingIfNeeded: value))
    }
}

/// A virtio disk seen through a window whose MagicValue is wrong (every other register is the disk's).
final class WrongMagic: MMIODevice {
    let disk: VirtioBlockDevice
    init(_ disk: VirtioBlockDevice) { self.disk = disk }
    func load(offset: UInt64, width: Int) -> UInt64 {
        offset == VirtioMMIORegister.magicValue.rawValue ? 0x5452_4956 : disk.load(offset: offset, width: width)
    }
    func store(_ value: UInt64, offset: UInt64, width: Int) { disk.store(value, offset: offset, width: width) }
}

/// The seven feature bits xv6 refuses.
let refusedFeatureBits: UInt32 = 1 << 5 | 1 << 7 | 1 << 11 | 1 << 12 | 1 << 27 | 1 << 28 | 1 << 29

let initHiddenTests: [ExerciseTest] = [
    ExerciseTest("init.hidden.status-sequence", .`init`, section: "#reset-acknowledge-driver") {
        let rig = try Rig()
        var writes: [UInt32] = []
        for value in rig.statusWrites where writes.last != value { writes.append(value) }
        try check(writes == [0, 1, 3, 0xB, 0xF], "the driver wrote Status = \(writes.map { hex($0) }.joined(separator: ", ")); "
                  + "the device expects 0 (reset), 0x1 (ACKNOWLEDGE), 0x3 (DRIVER), 0xb (FEATURES_OK), 0xf (DRIVER_OK), "
                  + "each keeping the bits before it")
    },
    ExerciseTest("init.hidden.feature-word", .`init`, section: "#feature-negotiation") {
        let rig = try Rig()
        let written = rig.machine.trace.writes(to: .driverFeatures).map { hex(UInt32(truncatingIfNeeded: $0)) }
        let accepted = UInt32(truncatingIfNeeded: rig.machine.disk.negotiatedFeatures.rawValue)
        try check(accepted == 0x6654, "against QEMU's offer 0x30006e54 the device settled on bits 0–31 = \(hex(accepted)), "
                  + "not 0x6654 (the driver wrote DriverFeatures = \(written)): write the accepted word before FEATURES_OK")
    },
    ExerciseTest("init.hidden.feature-bits-from-offer", .`init`, section: "#feature-negotiation") {
        let offer = VirtioFeatures.qemuBlockOffer.union([.readOnly, .scsi, .multiQueue, .anyLayout, .sizeMax])
        let rig = try Rig(configure: { $0.device.offeredFeatures = offer })
        let expected = UInt32(truncatingIfNeeded: offer.rawValue) & ~refusedFeatureBits
        let accepted = UInt32(truncatingIfNeeded: rig.machine.disk.negotiatedFeatures.rawValue)
        try check(accepted == expected, "a device offering \(hex(UInt32(truncatingIfNeeded: offer.rawValue))) "
                  + "(\(VirtioFeatures(rawValue: offer.rawValue & 0xFFFF_FFFF))) got \(hex(accepted)) back, not \(hex(expected)): "
                  + "start from the offer and clear exactly RO, SCSI, CONFIG_WCE, MQ, ANY_LAYOUT, EVENT_IDX and INDIRECT_DESC")
    },
    ExerciseTest("init.hidden.features-refused", .`init`, section: "#feature-negotiation") {
        try expectInitPanics("a device that leaves FEATURES_OK clear (it refused the features)",
                             section: "Chapters/13-init.md#feature-negotiation") { $0.refusesFeaturesOK = true }
    },
    ExerciseTest("init.hidden.wrong-magic", .`init`, section: "#is-it-our-device") {
        // Slot 1 shows the real disk's registers, except that MagicValue reads "VIRT" in the wrong case.
        let slot1 = Board.virtio0 + 0x1000
        let rig = try Rig(beforeStart: { machine in
            machine.bus.map(WrongMagic(machine.disk), name: "virtio1", at: slot1, size: VirtioBlockDevice.windowSize)
        }, boot: false)
        let disk = VirtioDisk(platform: rig.platform, base: slot1)
        let outcome = try rig.run("initialize() against a device whose MagicValue reads 0x54524956") { disk.initialize() }
        guard case .panicked = outcome else {
            throw Failure("init accepted a device whose MagicValue reads 0x54524956, not 0x74726976 (\"virt\"): it must panic")
        }
    },
    ExerciseTest("init.hidden.wrong-version", .`init`, section: "#is-it-our-device") {
        try expectInitPanics("a legacy device (Version 1)", section: "Chapters/13-init.md#is-it-our-device") { $0.version = 1 }
    },
    ExerciseTest("init.hidden.wrong-device-id", .`init`, section: "#is-it-our-device") {
        try expectInitPanics("a network card (DeviceID 1)", section: "Chapters/13-init.md#is-it-our-device") { $0.deviceID = 1 }
    },
    ExerciseTest("init.hidden.wrong-vendor", .`init`, section: "#is-it-our-device") {
        try expectInitPanics("a device whose VendorID is 0xffff, not QEMU's",
                             section: "Chapters/13-init.md#is-it-our-device") { $0.vendorID = 0xFFFF }
    },
    ExerciseTest("init.hidden.queue-already-ready", .`init`, section: "#queue-0") {
        try expectInitPanics("a queue 0 that already reads ready", section: "Chapters/13-init.md#queue-0") { $0.reportsQueueReady = true }
    },
    ExerciseTest("init.hidden.queue-num-max-zero", .`init`, section: "#queue-0") {
        try expectInitPanics("a device with no queue 0 (QueueNumMax 0)", section: "Chapters/13-init.md#queue-0") { $0.queueNumMax = 0 }
    },
    ExerciseTest("init.hidden.queue-num-max-short", .`init`, section: "#queue-0") {
        try expectInitPanics("a queue of at most 4 entries (QueueNumMax 4 < NUM)",
                             section: "Chapters/13-init.md#queue-0") { $0.queueNumMax = 4 }
    },
    ExerciseTest("init.hidden.queue-num-max-exactly-num", .`init`, section: "#queue-0") {
        let rig = try Rig(configure: { $0.device.queueNumMax = 8 }, boot: false)
        try rig.finish("initialize() against a device whose QueueNumMax is exactly NUM = 8") { [disk = rig.disk] in
            disk.initialize()
        }
    },
    ExerciseTest("init.hidden.rings-zeroed", .`init`, section: "#queue-0") {
        let rig = try Rig()
        let (desc, avail, used) = rig.queueAddresses
        for (name, address, count) in [("descriptor table", desc, 16 * 8), ("available ring", avail, 6 + 2 * 8),
                                       ("used ring", used, 6 + 8 * 8)] {
            let bytes = rig.guestBytes(address, count)
            try check(bytes.count == count && bytes.allSatisfy { $0 == 0 },
                      "after init the \(name) at \(hex(address)) is not all zero (kalloc fills pages with 0x05): "
                      + "the device would read junk such as avail.idx = 0x0505")
        }
    },
    ExerciseTest("init.hidden.queue-num", .`init`, section: "#queue-0") {
        let rig = try Rig()
        let sizes = rig.machine.trace.writes(to: .queueNum)
        try check(sizes.last == 8, "the driver wrote QueueNum = \(sizes), not 8: the device keeps its own size (256) "
                  + "and reads ring entries the driver never writes")
        try check(rig.machine.disk.queueSize == 8, "the device's queue has \(rig.machine.disk.queueSize) entries, not 8")
    },
    ExerciseTest("init.hidden.addresses", .`init`, section: "#queue-0") {
        // Values a previous driver left latched (QEMU keeps them over a reset): every half must be rewritten.
        let rig = try Rig(boot: false)
        for r: VirtioMMIORegister in [.queueDescLow, .queueDescHigh, .queueDriverLow, .queueDriverHigh,
                                      .queueDeviceLow, .queueDeviceHigh] {
            rig.machine.bus.store(0xDEAD_0000, to: Board.virtio0 + r.rawValue, width: 4)
        }
        rig.machine.trace.clear()
        try rig.finish("initialize() after another driver left its ring addresses latched") { [disk = rig.disk] in
            disk.initialize()
        }
        let written = Set(virtioWrites(rig).map(\.0))
        for r: VirtioMMIORegister in [.queueDescLow, .queueDescHigh, .queueDriverLow, .queueDriverHigh,
                                      .queueDeviceLow, .queueDeviceHigh] {
            try check(written.contains(r), "init never wrote \(r.name): the device keeps whatever value was latched there "
                      + "before (QEMU does not clear it on reset)")
        }
        if let broken = rig.brokenReason { throw Failure(broken) }
        let (desc, avail, used) = rig.queueAddresses
        let state = try rig.locked("reading the ring addresses") { ($0.descPA, $0.availPA, $0.usedPA) }
        try check(desc == state.0 && avail == state.1 && used == state.2,
                  "the device was given desc \(hex(desc)), avail \(hex(avail)), used \(hex(used)), but the driver's "
                  + "descPA/availPA/usedPA are \(hex(state.0)), \(hex(state.1)), \(hex(state.2))")
        try check(Set([desc, avail, used]).count == 3, "the three ring areas overlap: \(hex(desc)), \(hex(avail)), \(hex(used))")
    },
    ExerciseTest("init.hidden.queue-ready-after-setup", .`init`, section: "#queue-0") {
        let rig = try Rig()
        let writes = virtioWrites(rig)
        guard let ready = writes.lastIndex(where: { $0.0 == .queueReady && $0.1 == 1 }) else {
            throw Failure("init never wrote QueueReady = 1: the device applies the ring addresses only then")
        }
        for r: VirtioMMIORegister in [.queueNum, .queueDescLow, .queueDriverLow, .queueDeviceLow] {
            guard let last = writes.lastIndex(where: { $0.0 == r }) else { throw Failure("init never wrote \(r.name)") }
            try check(last < ready, "init wrote \(r.name) after QueueReady = 1: QEMU applies the size and addresses "
                      + "when QueueReady is written, so a later write is ignored")
        }
        try check(rig.machine.disk.isQueueReady, "after init QueueReady reads 0")
    },
    ExerciseTest("init.hidden.driver-ok-last", .`init`, section: "#what-init-leaves-for-others") {
        let rig = try Rig()
        let writes = virtioWrites(rig)
        guard let driverOK = writes.firstIndex(where: { $0.0 == .status && $0.1 & 4 != 0 }) else {
            throw Failure("init never set DRIVER_OK (Status bit 2)")
        }
        try check(driverOK == writes.count - 1, "init wrote \(writes[(driverOK + 1)...].map { $0.0.name }) after "
                  + "setting DRIVER_OK: the device may start using the queue as soon as DRIVER_OK is set, so it comes last")
    },
    ExerciseTest("init.hidden.descriptors-free", .`init`, section: "#what-init-leaves-for-others") {
        let rig = try Rig()
        let free = try rig.locked("reading free[]") { $0.free }
        try check(free == Array(repeating: true, count: 8), "after init free[] is \(free): every descriptor must start free")
    },
    ExerciseTest("init.hidden.disk-works", .`init`, section: "#what-init-leaves-for-others") {
        let rig = try Rig(configure: { $0.device.mode = .strict })
        for block: UInt32 in [1, 2, 1000] {
            let request = try Requester(rig, block: block)
            try request.expectReturn(after: "init against a strict (spec-checking) device")
            try request.expectDataCorrect()
        }
        if let broken = rig.brokenReason { throw Failure(broken) }
    },
]
