import Driver

let sumHiddenTests = [
    MiniTest(id: "sum.hidden.empty-list-secret", exercise: "sum", section: "Chapters/1-sum.md#empty") {
        Mini.sum([]) == 0 ? nil : "the sum of no values was \(Mini.sum([])), not 0"
    },
    MiniTest(id: "sum.hidden.three-values-secret", exercise: "sum", section: "Chapters/1-sum.md#adding") {
        Mini.sum([1, 2, 3]) == 6 ? nil : "the sum of 1, 2, 3 was \(Mini.sum([1, 2, 3])), not 6"
    },
    MiniTest(id: "sum.hidden.negatives-secret", exercise: "sum", section: "Chapters/1-sum.md#signs") {
        Mini.sum([-4, 1]) == -3 ? nil : "the sum of -4 and 1 was \(Mini.sum([-4, 1])), not -3"
    },
]
