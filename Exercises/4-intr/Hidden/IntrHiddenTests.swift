// Exercise 4 (intr), hidden tests: every step of virtio_disk_intr, staged on the device.
import Driver
import KernelSupport
import Machine

let intrHiddenTests: [ExerciseTest] = [
    ExerciseTest("intr.hidden.batch", .intr, section: "#every-new-used-element") {
        let rig = try Rig()
        let staged = try StagedRequests(rig, heads: [2, 5])
        staged.complete(5)
        staged.complete(2)
        rig.machine.disk.raiseUsedBufferInterrupt()
        try staged.expectWoken([2, 5], "two completions (heads 5 then 2) and one interrupt")
    },
]
