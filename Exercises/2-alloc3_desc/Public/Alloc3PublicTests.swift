// Exercise 2 (alloc3_desc), public tests: what a student can run while writing alloc3Desc(_:).
import Driver
import KernelSupport

/// A disk whose descriptor table is a zeroed page, with `free` as given: enough for alloc3Desc,
/// without initialize() (so these tests wait for no other exercise).
func descriptorRig(free: [Bool]) throws -> Rig {
    let rig = try Rig(ramSize: 1 << 20, boot: false)
    guard let page = rig.platform.kalloc() else { throw Failure("the test ran out of guest RAM") }
    rig.platform.memory(at: page).initializeMemory(as: UInt8.self, repeating: 0, count: 4096)
    rig.disk.descPA = page
    rig.disk.free = free
    return rig
}

/// Runs alloc3Desc once with `vdiskLock` held; returns its result, the indices and free[] after.
func alloc3Once(_ rig: Rig) throws -> (ok: Bool, idx: [Int], free: [Bool]) {
    try rig.locked("calling alloc3Desc") { disk in
        var idx = [-1, -1, -1]
        let ok = disk.alloc3Desc(&idx)
        return (ok, idx, disk.free)
    }
}

let alloc3PublicTests: [ExerciseTest] = [
    ExerciseTest("alloc3_desc.public.takes-three", .alloc3, section: "Chapters/15-alloc3.md") {
        let rig = try descriptorRig(free: Array(repeating: true, count: 8))
        let (ok, idx, free) = try alloc3Once(rig)
        try check(ok, "with all eight descriptors free, alloc3Desc returned false")
        try check(Set(idx).count == 3 && idx.allSatisfy { (0..<8).contains($0) },
                  "alloc3Desc returned indices \(idx): it must return three distinct descriptors between 0 and 7")
        try check(idx.allSatisfy { !free[$0] }, "alloc3Desc returned \(idx) but free[] is \(free) afterwards: "
                  + "the three must be marked in use")
        try check(free.filter { $0 }.count == 5, "after taking three of eight, \(free.filter { $0 }.count) are free, not 5")
    },
    ExerciseTest("alloc3_desc.public.all-or-nothing", .alloc3, section: "Chapters/15-alloc3.md") {
        let before = [false, true, false, false, false, false, true, false]
        let rig = try descriptorRig(free: before)
        let (ok, _, free) = try alloc3Once(rig)
        try check(!ok, "with only descriptors 1 and 6 free, alloc3Desc returned true")
        try check(free == before, "with only descriptors 1 and 6 free, alloc3Desc failed but left free[] = \(free): "
                  + "a failed alloc3Desc must give back what it took")
    },
    ExerciseTest("alloc3_desc.public.none-free", .alloc3, section: "Chapters/15-alloc3.md") {
        let rig = try descriptorRig(free: Array(repeating: false, count: 8))
        let (ok, _, free) = try alloc3Once(rig)
        try check(!ok, "with no descriptor free, alloc3Desc returned true")
        try check(free.allSatisfy { !$0 }, "with no descriptor free, alloc3Desc changed free[] to \(free)")
    },
]
