// Exercise 3 (rw), hidden tests: every step of virtio_disk_rw, as the device saw it.
import Driver
import KernelSupport
import Machine

let rwHiddenTests: [ExerciseTest] = [
    ExerciseTest("rw.hidden.write-reaches-disk", .rw, section: "#three-descriptors") {
        let rig = try Rig()
        let b = try rig.buffer(block: 100)
        let data = (0..<1024).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
        rig.setBytes(data, of: b)
        try rig.finish("rw writing block 100") { [disk = rig.disk] in disk.rw(b, write: true) }
        let stored = rig.diskBytes(block: 100)
        try check(stored == data, "after rw wrote block 100, the disk's bytes 102400..<103424 are not the buffer's: "
                  + firstDifference(stored, data))
    },
]
