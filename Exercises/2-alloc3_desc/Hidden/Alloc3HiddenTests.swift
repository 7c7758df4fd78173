// Exercise 2 (alloc3_desc), hidden tests: three distinct free descriptors, or none.
import Driver

let alloc3HiddenTests: [ExerciseTest] = [
    ExerciseTest("alloc3_desc.hidden.non-contiguous", .alloc3, section: "Chapters/15-alloc3.md") {
        let rig = try descriptorRig(free: [false, true, false, false, true, false, true, false])
        let (ok, idx, free) = try alloc3Once(rig)
        try check(ok, "with exactly descriptors 1, 4 and 6 free, alloc3Desc returned false: the three need not be contiguous")
        try check(Set(idx) == [1, 4, 6], "with exactly descriptors 1, 4 and 6 free, alloc3Desc returned \(idx)")
        try check(free.allSatisfy { !$0 }, "after taking 1, 4 and 6, free[] is \(free): they must be marked in use")
    },
]
