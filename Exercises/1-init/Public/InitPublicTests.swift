// Exercise 1 (init), public tests: what a student can run while writing initialize().
import Driver
import Machine

let initPublicTests: [ExerciseTest] = [
    ExerciseTest("init.public.device-up", .`init`, section: "#what-init-leaves-for-others") {
        let rig = try Rig()
        let status = rig.machine.disk.status.rawValue
        try check(status == 0xF, "after init the device's Status reads \(hex(status)) (\(rig.machine.disk.status)), "
                  + "not 0xf (ACKNOWLEDGE|DRIVER|FEATURES_OK|DRIVER_OK)")
        try check(rig.machine.disk.isQueueReady, "after init QueueReady reads 0: queue 0 was never enabled",
                  section: "Chapters/13-init.md#queue-0")
        try check(rig.machine.disk.queueSize == VirtioDisk.NUM,
                  "the device uses a queue of \(rig.machine.disk.queueSize) entries, not NUM = 8: was QueueNum written?",
                  section: "Chapters/13-init.md#queue-0")
        let free = try rig.locked("reading free[]") { $0.free }
        try check(free.allSatisfy { $0 }, "after init free[] is \(free): every descriptor should be free")
    },
    ExerciseTest("init.public.features", .`init`, section: "#feature-negotiation") {
        let rig = try Rig()
        let accepted = UInt32(truncatingIfNeeded: rig.machine.disk.negotiatedFeatures.rawValue)
        try check(accepted == 0x6654, "the device offered 0x30006e54 and the driver accepted \(hex(accepted)) "
                  + "(\(rig.machine.disk.negotiatedFeatures)), not 0x6654: clear RO, SCSI, CONFIG_WCE, MQ, "
                  + "ANY_LAYOUT, EVENT_IDX and INDIRECT_DESC, keep the rest")
    },
    ExerciseTest("init.public.wrong-version", .`init`, section: "#is-it-our-device") {
        let rig = try Rig(configure: { $0.device.version = 1 }, boot: false)
        let outcome = try rig.run("initialize() against a legacy (Version 1) device") { [disk = rig.disk] in
            disk.initialize()
        }
        guard case .panicked = outcome else {
            throw Failure("init accepted a device whose Version register reads 1 (legacy): it must panic")
        }
    },
]
