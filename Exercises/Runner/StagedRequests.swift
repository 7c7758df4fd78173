// Requests "in flight" without rw: the test records a buffer under a head as rw would leave it,
// starts a requester asleep on it, and later plays the device's part on the used ring. This lets
// intr's tests run before rw is written. The sleepers use chapter 42's sleep loop.
import Driver
import Foundation
import KernelSupport
import Machine

final class StagedRequests: @unchecked Sendable {
    let rig: Rig
    /// Each head's buffer and the thread asleep until intr marks it done.
    private(set) var buffers: [Int: Buf] = [:]
    private var sleepers: [Int: KernelThread] = [:]

    /// Records a buffer under each of `heads` (status byte 0xFF, `b.disk` true) and starts its sleeper.
    init(_ rig: Rig, heads: [Int]) throws {
        self.rig = rig
        for head in heads {
            let b = try rig.buffer(block: UInt32(head))
            b.disk = true
            buffers[head] = b
        }
        let staged = buffers
        try rig.locked("recording the requests in info[]") { disk in
            for (head, b) in staged {
                disk.info[head].b = b
                disk.info[head].status = 0xFF
            }
        }
        for (head, b) in staged {
            sleepers[head] = rig.start { [platform = rig.platform, disk = rig.disk] in
                disk.vdiskLock.acquire()
                while b.disk {
                    platform.sleep(channel(of: b), disk.vdiskLock)
                }
                disk.vdiskLock.release()
            }
        }
    }

    /// Plays the device: writes `status` into head's status byte, then a used element for `head`,
    /// then publishes used.idx + 1. No interrupt.
    func complete(_ head: Int, status: UInt8 = 0) {
        let memory = rig.machine.memory
        let used = rig.queueAddresses.used
        rig.disk.info[head].status = status
        let index = (try? memory.load(UInt16.self, at: used + 2)) ?? 0
        let element = used + 4 + 8 * UInt64(Int(index) % VirtioDisk.NUM)
        try? memory.store(UInt32(head), at: element)
        try? memory.store(UInt32(1025), at: element + 4)
        try? memory.storeReleasing(index &+ 1, at: used + 2)
    }

    /// Expects exactly the requesters of `heads` to be woken (within the limit), the others asleep.
    func expectWoken(_ heads: Set<Int>, _ situation: String) throws {
        for head in heads.sorted() {
            let outcome = try rig.wait(for: sleepers[head]!, "waiting for the requester of head \(head) to be woken")
            if case .panicked(let message) = outcome {
                throw Failure("the kernel panicked \"\(message)\" after \(situation)")
            }
            try check(outcome == .finished, "after \(situation), the requester of head \(head) was never woken: "
                      + "its buffer's disk flag is \(buffers[head]!.disk)")
        }
        Thread.sleep(forTimeInterval: 0.02)
        for (head, thread) in sleepers where !heads.contains(head) {
            try check(!thread.isFinished, "after \(situation), the requester of head \(head) was woken "
                      + "although its request had not completed")
        }
    }
}
