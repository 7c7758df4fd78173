// Exercise 4 (intr), hidden tests: every step of virtio_disk_intr, with the device driven by hand
// so that batches, reordering, late completions and odd interrupts happen exactly when staged.
import Driver
import Foundation
import KernelSupport
import Machine

/// Two requests in flight on a manual device, with the heads the device took for each.
func twoInFlight(_ rig: Rig, blocks: (UInt32, UInt32)) throws -> (a: Requester, headA: UInt16, b: Requester, headB: UInt16) {
    rig.manual()
    let a = try Requester(rig, block: blocks.0)
    let b = try Requester(rig, block: blocks.1)
    _ = try rig.takeChains(2, after: "two rw calls")
    return (a, try rig.head(of: a), b, try rig.head(of: b))
}

/// Completes `head` with `status` and interrupts; expects the kernel to panic.
func expectStatusPanic(_ status: UInt8) throws {
    let rig = try Rig()
    rig.manual()
    let request = try Requester(rig, block: 14)
    let heads = try rig.takeChains(1, after: request.what)
    try check(rig.machine.disk.complete(heads[0], status: status), rig.brokenReason ?? "the device could not complete the request")
    rig.machine.disk.raiseUsedBufferInterrupt()
    let outcome = try rig.wait(for: request.thread, "waiting for intr to react to status \(status)")
    guard case .panicked = outcome else {
        throw Failure("the device completed a request with status \(status) (\(BlockStatus.name(of: status))) and the kernel "
                      + (outcome == .finished ? "carried on as if it had succeeded" : "kept waiting")
                      + ": intr must panic on any status but 0")
    }
}

let intrHiddenTests: [ExerciseTest] = [
    ExerciseTest("intr.hidden.acknowledges", .intr, section: "#acknowledge-first") {
        let rig = try Rig()
        let request = try Requester(rig, block: 4)
        try request.expectReturn(after: "a read on an in-order device")
        let acks = rig.machine.trace.writes(to: .interruptACK)
        try check(!acks.isEmpty, "the handler never wrote InterruptACK: InterruptStatus stays set and the line stays "
                  + "high (the spec requires the ACK; under the PLIC specification's gateway that is an interrupt storm)")
        try check(rig.waitForAcknowledge(), "after the handler, InterruptStatus still reads "
                  + "\(hex(rig.machine.disk.interruptStatus)): it must write back the bits it read")
    },
    ExerciseTest("intr.hidden.ack-before-loop", .intr, section: "#acknowledge-first") {
        // The PLIC specification's gateway (strict mode): QEMU 7.2's PLIC would make the source
        // pending again for a completion during the handler, and so hide a late ACK.
        let rig = try Rig(configure: { $0.device.mode = .strict })
        let (a, headA, b, headB) = try twoInFlight(rig, blocks: (40, 41))
        rig.machine.disk.beforeNextWrite(to: .interruptACK) { [disk = rig.machine.disk] in
            disk.complete(headB)
            disk.raiseUsedBufferInterrupt()
        }
        try rig.complete([headA])
        try a.expectReturn(after: "its completion and interrupt")
        try check(!rig.machine.trace.writes(to: .interruptACK).isEmpty, "the handler never wrote InterruptACK")
        try b.expectReturn(after: "its completion landed just as the handler wrote InterruptACK, on a PLIC with the "
                           + "specification's level-triggered gateway (the ACK cleared its interrupt, so only a loop "
                           + "that runs after the ACK can see it)")
        try a.expectDataCorrect()
        try b.expectDataCorrect()
    },
    ExerciseTest("intr.hidden.batch", .intr, section: "#every-new-used-element") {
        let rig = try Rig()
        let (a, headA, b, headB) = try twoInFlight(rig, blocks: (42, 43))
        try rig.complete([headA, headB])
        try a.expectReturn(after: "two completions covered by one interrupt")
        try b.expectReturn(after: "two completions covered by one interrupt (the handler must loop until used_idx == used.idx)")
        try a.expectDataCorrect()
        try b.expectDataCorrect()
    },
    ExerciseTest("intr.hidden.out-of-order", .intr, section: "#every-new-used-element") {
        let rig = try Rig()
        let (a, headA, b, headB) = try twoInFlight(rig, blocks: (44, 45))
        try rig.complete([headB, headA])
        try a.expectReturn(after: "two completions, newest first, one interrupt")
        try b.expectReturn(after: "two completions, newest first, one interrupt")
        try a.expectDataCorrect()
        try b.expectDataCorrect()
    },
    ExerciseTest("intr.hidden.newer-only", .intr, section: "#every-new-used-element") {
        let rig = try Rig()
        let (a, headA, b, headB) = try twoInFlight(rig, blocks: (46, 47))
        // Which request the allocator served first depends on the threads, so complete the
        // chain with the higher head: a handler that wakes the lowest in-flight descriptor, or
        // the oldest request, instead of the one used.ring[].id names then wakes the wrong one.
        let (done, doneHead, other, otherHead) = headB > headA ? (b, headB, a, headA) : (a, headA, b, headB)
        try rig.complete([doneHead])
        try done.expectReturn(after: "only one of two requests completed (used.ring[].id names it)")
        try other.expectStillWaiting("only one of two requests completed, and the other one's buffer was marked done too "
                                     + "(match completions by used.ring[].id, not by submission order or descriptor number)")
        try done.expectDataCorrect()
        try rig.complete([otherHead])
        try other.expectReturn(after: "the other request completed too")
        try other.expectDataCorrect()
    },
    ExerciseTest("intr.hidden.status-ioerr", .intr, section: "#every-new-used-element") {
        try expectStatusPanic(BlockStatus.ioError)
    },
    ExerciseTest("intr.hidden.status-unsupp", .intr, section: "#every-new-used-element") {
        try expectStatusPanic(BlockStatus.unsupported)
    },
    ExerciseTest("intr.hidden.wrap", .intr, section: "#every-new-used-element") {
        let start: UInt16 = 65_534
        let rig = try Rig(configure: { $0.device.initialRingIndex = start })
        try rig.locked("presetting the driver's used index") { $0.usedIdx = start }
        for round in 0..<2 {
            let (a, headA, b, headB) = try twoInFlight(rig, blocks: (UInt32(600 + 2 * round), UInt32(601 + 2 * round)))
            try rig.complete(round == 0 ? [headA, headB] : [headB, headA])
            let situation = "two completions at used.idx \(start &+ UInt16(2 * round))...\(start &+ UInt16(2 * round + 1)), one interrupt"
            try a.expectReturn(after: situation)
            try b.expectReturn(after: situation)
            try a.expectDataCorrect()
            try b.expectDataCorrect()
        }
        let index = try rig.locked("reading usedIdx") { $0.usedIdx }
        try check(index == 2, "after four completions from 65534 the driver's used index is \(index), not 2: it wraps at 65536")
    },
    ExerciseTest("intr.hidden.config-change", .intr, section: "#acknowledge-first") {
        let rig = try Rig()
        rig.machine.disk.raiseConfigChangeInterrupt()
        try check(rig.waitForAcknowledge(), "after a configuration-change interrupt (InterruptStatus 0x3, as QEMU "
                  + "shows a disk resize) InterruptStatus still reads \(hex(rig.machine.disk.interruptStatus)): acknowledge every bit "
                  + "you read (status & 0x3), or the line never drops")
        if let message = rig.machine.panicMessage {
            throw Failure("the kernel panicked \"\(message)\" on a configuration-change interrupt with nothing completed")
        }
        let request = try Requester(rig, block: 48)
        try request.expectReturn(after: "a configuration-change interrupt, then a read")
        try request.expectDataCorrect()
    },
    ExerciseTest("intr.hidden.nothing-new", .intr, section: "#every-new-used-element") {
        let rig = try Rig()
        rig.manual()
        let request = try Requester(rig, block: 49)
        let heads = try rig.takeChains(1, after: request.what)
        rig.machine.disk.raiseUsedBufferInterrupt()
        try check(rig.waitForAcknowledge(), "after an interrupt with no new completion InterruptStatus still reads "
                  + "\(hex(rig.machine.disk.interruptStatus))")
        try request.expectStillWaiting("an interrupt that brought no completion")
        try rig.complete(heads)
        try request.expectReturn(after: "the real completion")
        try request.expectDataCorrect()
    },
    ExerciseTest("intr.hidden.takes-lock", .intr, section: "Chapters/17-intr.md") {
        let rig = try Rig()
        rig.manual()
        let request = try Requester(rig, block: 50)
        let heads = try rig.takeChains(1, after: request.what)
        let release = try rig.holdDiskLock()
        try rig.complete(heads)
        Thread.sleep(forTimeInterval: 0.05)
        let changedUnderLock = !request.b.disk
        release()
        try check(!changedUnderLock, "intr marked the buffer done while another thread held vdiskLock: "
                  + "it must take the lock before it reads the used ring")
        try request.expectReturn(after: "vdiskLock was released")
    },
    ExerciseTest("intr.hidden.many-in-order", .intr, section: "#every-new-used-element") {
        let rig = try Rig()
        for i in 0..<20 {
            let request = try Requester(rig, block: UInt32(700 + i))
            try request.expectReturn(after: "request \(i) on an in-order device")
            try request.expectDataCorrect()
        }
        let (index, used) = try rig.locked("reading the used indices") { ($0.usedIdx, $0.used.idx) }
        try check(index == 20 && used == 20, "after 20 requests the driver's used index is \(index) (used.idx \(used)), not 20")
    },
]
