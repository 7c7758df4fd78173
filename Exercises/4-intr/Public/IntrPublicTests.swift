// Exercise 4 (intr), public tests: the test plays the device's part on the used ring, so these
// tests need init but not rw.
import Driver
import KernelSupport
import Machine

let intrPublicTests: [ExerciseTest] = [
    ExerciseTest("intr.public.wakes-requester", .intr, section: "#every-new-used-element") {
        let rig = try Rig()
        let staged = try StagedRequests(rig, heads: [3])
        staged.complete(3)
        rig.machine.disk.raiseUsedBufferInterrupt()
        try staged.expectWoken([3], "one completion for head 3 and one interrupt")
        try check(rig.machine.disk.interruptStatus == 0,
                  "after the handler InterruptStatus reads \(hex(rig.machine.disk.interruptStatus)), not 0: was it acknowledged?",
                  section: "Chapters/17-intr.md#acknowledge-first")
    },
    ExerciseTest("intr.public.two-completions", .intr, section: "#every-new-used-element") {
        let rig = try Rig()
        let staged = try StagedRequests(rig, heads: [0, 4])
        staged.complete(4)
        staged.complete(0)
        rig.machine.disk.raiseUsedBufferInterrupt()
        try staged.expectWoken([0, 4], "two completions (heads 4 then 0) and one interrupt")
    },
    ExerciseTest("intr.public.error-status", .intr, section: "#every-new-used-element") {
        let rig = try Rig()
        let staged = try StagedRequests(rig, heads: [6])
        staged.complete(6, status: 1)
        rig.machine.disk.raiseUsedBufferInterrupt()
        let panic = rig.machine.waitForPanic(timeout: secondsLeft)
        if let panic, let stub = stubSentence(panic) { throw stub }
        try check(panic != nil, "a request completed with status 1 (IOERR) and the kernel did not panic: "
                  + "intr must check the status byte")
    },
]
