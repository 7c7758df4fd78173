// Exercise 1 (init), hidden tests: every step of virtio_disk_init, as the device saw it.
import Driver
import Machine

let initHiddenTests: [ExerciseTest] = [
    ExerciseTest("init.hidden.status-sequence", .`init`, section: "#reset-acknowledge-driver") {
        let rig = try Rig()
        var writes: [UInt32] = []
        for value in rig.statusWrites where writes.last != value { writes.append(value) }
        try check(writes == [0, 1, 3, 0xB, 0xF], "the driver wrote Status = \(writes.map { hex($0) }.joined(separator: ", ")); "
                  + "the device expects 0 (reset), 0x1 (ACKNOWLEDGE), 0x3 (DRIVER), 0xb (FEATURES_OK), 0xf (DRIVER_OK), "
                  + "each keeping the bits before it")
    },
]
