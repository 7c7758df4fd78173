// Exercise 3 (rw), public tests: what a student can run while writing rw(_:write:).
import Driver
import KernelSupport
import Machine

let rwPublicTests: [ExerciseTest] = [
    ExerciseTest("rw.public.reads-block", .rw, section: "#what-the-device-does-with-each-field") {
        let rig = try Rig()
        let b = try rig.buffer(block: 7)
        try rig.finish("rw reading block 7") { [disk = rig.disk] in disk.rw(b, write: false) }
        let got = rig.bytes(of: b)
        try check(got == rig.imageBytes(block: 7),
                  "after rw read block 7 the buffer does not hold the disk's bytes 7168..<8192: \(firstDifference(got, rig.imageBytes(block: 7)))")
    },
    ExerciseTest("rw.public.chain", .rw, section: "#three-descriptors") {
        let rig = try Rig()
        rig.machine.disk.policy = .manual
        let b = try rig.buffer(block: 21)
        _ = rig.start { [disk = rig.disk] in disk.rw(b, write: false) }
        _ = try rig.takeChains(1, after: "rw(block 21, write: false)")
        guard let chain = rig.chains.last else { throw Failure("the device took no chain") }
        let d = chain.descriptors
        try check(d.count == 3, "the device found \(d.count) descriptor(s) in the chain, not 3 (header, data, status)")
        try check(chain.type == 0, "the device read the header's type as \(hex(chain.type)), not 0 (IN) for a read",
                  section: "Chapters/16-rw.md#the-header")
        try check(chain.sector == 42, "the device read sector \(chain.sector) for block 21, not 42 (a block is two sectors)",
                  section: "Chapters/16-rw.md#the-header")
        try check(d[1].address == b.data && d[1].length == 1024,
                  "the data descriptor is \(hex(d[1].address)) len \(d[1].length), not the buffer \(hex(b.data)) len 1024")
    },
    ExerciseTest("rw.public.writes-block", .rw, section: "#three-descriptors") {
        let rig = try Rig()
        let b = try rig.buffer(block: 30)
        let data = (0..<1024).map { UInt8(truncatingIfNeeded: 255 &- $0) }
        rig.setBytes(data, of: b)
        try rig.finish("rw writing block 30") { [disk = rig.disk] in disk.rw(b, write: true) }
        let stored = rig.diskBytes(block: 30)
        try check(stored == data, "after rw wrote block 30, the disk does not hold the buffer's bytes: \(firstDifference(stored, data))")
    },
    ExerciseTest("rw.public.frees-chain", .rw, section: "#waiting-and-cleaning-up") {
        let rig = try Rig()
        for block: UInt32 in [1, 2, 3] {
            let b = try rig.buffer(block: block)
            try rig.finish("rw reading block \(block)") { [disk = rig.disk] in disk.rw(b, write: false) }
            let free = try rig.locked("counting free descriptors") { $0.freeCount }
            try check(free == 8, "after rw read block \(block), \(free) descriptors are free, not 8: free the chain when done")
        }
    },
]
