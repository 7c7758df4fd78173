// Every test this runner was compiled with, in reading order: public tests, then (instructor
// edition only) hidden ones. Package.swift defines HIDDEN_TESTS when every Hidden folder exists.
let catalogue: [ExerciseTest] = {
    var tests = initPublicTests + alloc3PublicTests + rwPublicTests + intrPublicTests
    #if HIDDEN_TESTS
    tests += initHiddenTests + alloc3HiddenTests + rwHiddenTests + intrHiddenTests
    #endif
    return tests
}()
