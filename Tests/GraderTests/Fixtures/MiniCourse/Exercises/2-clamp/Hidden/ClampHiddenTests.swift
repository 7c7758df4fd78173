import Driver

let clampHiddenTests = [
    MiniTest(id: "clamp.hidden.below-secret", exercise: "clamp", section: "Chapters/2-clamp.md#below") {
        Mini.clamp(-5, 0, 10) == 0 ? nil : "clamping -5 into 0...10 gave \(Mini.clamp(-5, 0, 10))"
    },
    MiniTest(id: "clamp.hidden.above-secret", exercise: "clamp", section: "Chapters/2-clamp.md#above") {
        Mini.clamp(50, 0, 10) == 10 ? nil : "clamping 50 into 0...10 gave \(Mini.clamp(50, 0, 10))"
    },
    MiniTest(id: "clamp.hidden.inside-secret", exercise: "clamp", section: "Chapters/2-clamp.md#inside") {
        Mini.clamp(7, 0, 10) == 7 ? nil : "clamping 7 into 0...10 gave \(Mini.clamp(7, 0, 10))"
    },
]
