// Exercise 2 (alloc3_desc), hidden tests: three distinct free descriptors, or none and no change.
import Driver
import Machine

/// Checks one alloc3Desc call against the free set `before`, whatever indices it picks.
func checkAlloc3(from before: [Bool], _ result: (ok: Bool, idx: [Int], free: [Bool])) throws {
    let freeBefore = before.indices.filter { before[$0] }
    let situation = "with descriptors \(freeBefore) free"
    if freeBefore.count < 3 {
        try check(!result.ok, "\(situation), alloc3Desc returned true: three are not free")
        try check(result.free == before, "\(situation), alloc3Desc failed but changed free[] to "
                  + "\(result.free.indices.filter { result.free[$0] }): a failure must leave exactly the same free set")
        return
    }
    try check(result.ok, "\(situation), alloc3Desc returned false")
    let taken = result.idx
    try check(taken.count == 3 && Set(taken).count == 3, "\(situation), alloc3Desc returned \(taken): three distinct indices")
    try check(taken.allSatisfy { freeBefore.contains($0) }, "\(situation), alloc3Desc returned \(taken), "
              + "including descriptors that were in use")
    var expected = before
    for i in taken { expected[i] = false }
    try check(result.free == expected, "\(situation), alloc3Desc returned \(taken) but left free[] = "
              + "\(result.free.indices.filter { result.free[$0] }) free, not \(expected.indices.filter { expected[$0] })")
}

let alloc3HiddenTests: [ExerciseTest] = [
    ExerciseTest("alloc3_desc.hidden.all-free", .alloc3, section: "Chapters/15-alloc3.md") {
        let before = Array(repeating: true, count: 8)
        try checkAlloc3(from: before, alloc3Once(descriptorRig(free: before)))
    },
    ExerciseTest("alloc3_desc.hidden.non-contiguous", .alloc3, section: "Chapters/15-alloc3.md") {
        let before = [false, true, false, false, true, false, true, false]
        try checkAlloc3(from: before, alloc3Once(descriptorRig(free: before)))
    },
    ExerciseTest("alloc3_desc.hidden.last-three", .alloc3, section: "Chapters/15-alloc3.md") {
        let before = [false, false, false, false, false, true, true, true]
        try checkAlloc3(from: before, alloc3Once(descriptorRig(free: before)))
    },
    ExerciseTest("alloc3_desc.hidden.two-free", .alloc3, section: "Chapters/15-alloc3.md") {
        for pair in [(0, 1), (6, 7), (2, 5), (0, 7)] {
            var before = Array(repeating: false, count: 8)
            before[pair.0] = true
            before[pair.1] = true
            try checkAlloc3(from: before, alloc3Once(descriptorRig(free: before)))
        }
    },
    ExerciseTest("alloc3_desc.hidden.fewer-free", .alloc3, section: "Chapters/15-alloc3.md") {
        for before in [Array(repeating: false, count: 8), [false, false, false, true, false, false, false, false]] {
            try checkAlloc3(from: before, alloc3Once(descriptorRig(free: before)))
        }
    },
    ExerciseTest("alloc3_desc.hidden.until-exhausted", .alloc3, section: "Chapters/15-alloc3.md") {
        let rig = try descriptorRig(free: Array(repeating: true, count: 8))
        var before = Array(repeating: true, count: 8)
        for _ in 0..<3 {
            let result = try alloc3Once(rig)
            try checkAlloc3(from: before, result)
            before = result.free
        }
    },
    ExerciseTest("alloc3_desc.hidden.random-free-sets", .alloc3, section: "Chapters/15-alloc3.md") {
        let rig = try descriptorRig(free: Array(repeating: false, count: 8))
        var random = SplitMix64(seed: 11)
        for _ in 0..<200 {
            let before = (0..<8).map { _ in random.next() % 2 == 0 }
            let result = try rig.locked("calling alloc3Desc") { disk in
                disk.free = before
                var idx = [-1, -1, -1]
                let ok = disk.alloc3Desc(&idx)
                return (ok, idx, disk.free)
            }
            try checkAlloc3(from: before, result)
        }
    },
]
