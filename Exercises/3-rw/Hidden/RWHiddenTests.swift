// Exercise 3 (rw), hidden tests: every step of virtio_disk_rw, as the device saw it. The device
// is driven by hand (manual policy) wherever a moment must be staged.
import Driver
import Foundation
import KernelSupport
import Machine
import TestRig

/// Starts one request on a manual device and returns it with the chain the device took.
func takeOne(_ rig: Rig, block: UInt32, write: Bool) throws -> (Requester, TracedChain) {
    let request = try Requester(rig, block: block, write: write)
    let heads = try rig.takeChains(1, after: request.what)
    return (request, try rig.chain(head: heads[0]))
}

/// Checks the three descriptors of `chain` as the device read them for `request`.
func checkDescriptors(_ rig: Rig, _ chain: TracedChain, _ request: Requester) throws {
    let d = chain.descriptors
    let what = request.what
    try check(d.count == 3, "for \(what) the device found \(d.count) descriptor(s) in the chain, not 3 (header, data, status)")
    try check(Set(d.map(\.index)).count == 3, "for \(what) the chain uses descriptors \(d.map(\.index)): three different ones")
    try check(d[0].length == 16 && d[0].flags == VirtqDescFlag.next,
              "for \(what) the header descriptor has len \(d[0].length), flags \(d[0].flags); the device expects len 16 "
              + "and flags NEXT (1) only: it reads the header", section: "Chapters/16-rw.md#three-descriptors")
    let dataFlags: UInt16 = request.write ? VirtqDescFlag.next : VirtqDescFlag.next | VirtqDescFlag.write
    try check(d[1].address == request.b.data && d[1].length == 1024,
              "for \(what) the data descriptor points at \(hex(d[1].address)) len \(d[1].length), not at the buffer's "
              + "data \(hex(request.b.data)) len 1024", section: "Chapters/16-rw.md#three-descriptors")
    try check(d[1].flags == dataFlags, "for \(what) the data descriptor has flags \(d[1].flags), not \(dataFlags) "
              + (request.write ? "(NEXT: the device reads the data of a write)" : "(NEXT|WRITE: the device writes the data of a read)"),
              section: "Chapters/16-rw.md#three-descriptors")
    let statusPA = try rig.locked("reading info[]") { $0.info[Int(chain.head)].statusPA }
    try check(d[2].length == 1 && d[2].flags == VirtqDescFlag.write,
              "for \(what) the status descriptor has len \(d[2].length), flags \(d[2].flags); the device expects len 1 "
              + "and flags WRITE (2) only: it writes the status byte and the chain ends there",
              section: "Chapters/16-rw.md#three-descriptors")
    try check(d[2].address == statusPA, "for \(what) the status descriptor points at \(hex(d[2].address)), not at "
              + "info[\(chain.head)]'s status byte \(hex(statusPA)), where intr reads the result",
              section: "Chapters/16-rw.md#three-descriptors")
}

let rwHiddenTests: [ExerciseTest] = [
    ExerciseTest("rw.hidden.read-data", .rw, section: "#what-the-device-does-with-each-field") {
        let rig = try Rig()
        for block: UInt32 in [0, 1, 45, 1999] {
            let request = try Requester(rig, block: block)
            try request.expectReturn(after: "a read on an in-order device")
            try request.expectDataCorrect()
            let chain = try rig.chain(head: rig.head(of: request))
            try check(chain.sector == 2 * UInt64(block), "for block \(block) the device read sector \(chain.sector) "
                      + "from the header, not \(2 * block): a block is two 512-byte sectors", section: "Chapters/16-rw.md#the-header")
        }
    },
    ExerciseTest("rw.hidden.write-data", .rw, section: "#three-descriptors") {
        let rig = try Rig()
        let request = try Requester(rig, block: 100, write: true)
        try request.expectReturn(after: "a write on an in-order device")
        try request.expectDataCorrect()
        for block: UInt32 in [99, 101] {
            try check(rig.diskBytes(block: block) == rig.imageBytes(block: block),
                      "writing block 100 changed block \(block) on the disk: is the sector 2·blockno?")
        }
        let reread = try Requester(rig, block: 100)
        try reread.expectReturn(after: "reading back the block just written")
        try check(rig.bytes(of: reread.b) == request.sent, "reading block 100 back does not give the bytes written")
    },
    ExerciseTest("rw.hidden.header", .rw, section: "#the-header") {
        let rig = try Rig()
        rig.manual()
        let (read, readChain) = try takeOne(rig, block: 21, write: false)
        try check(readChain.type == VirtioBlkReq.typeIn, "for \(read.what) the device read the header's type as "
                  + "\(hex(readChain.type)), not 0 (IN): was the header written before the notify?")
        try check(readChain.sector == 42, "for \(read.what) the device read sector \(readChain.sector), not 42")
        try rig.complete([readChain.head])
        try read.expectReturn(after: "its completion and interrupt")
        let (write, writeChain) = try takeOne(rig, block: 22, write: true)
        try check(writeChain.type == VirtioBlkReq.typeOut, "for \(write.what) the device read the header's type as "
                  + "\(hex(writeChain.type)), not 1 (OUT)")
        try check(writeChain.sector == 44, "for \(write.what) the device read sector \(writeChain.sector), not 44")
        try rig.complete([writeChain.head])
        try write.expectReturn(after: "its completion and interrupt")
    },
    ExerciseTest("rw.hidden.descriptors-read", .rw, section: "#three-descriptors") {
        let rig = try Rig()
        rig.manual()
        let (request, chain) = try takeOne(rig, block: 5, write: false)
        try checkDescriptors(rig, chain, request)
        try rig.complete([chain.head])
        try request.expectReturn(after: "its completion and interrupt")
        try request.expectDataCorrect()
    },
    ExerciseTest("rw.hidden.descriptors-write", .rw, section: "#three-descriptors") {
        let rig = try Rig()
        rig.manual()
        let (request, chain) = try takeOne(rig, block: 6, write: true)
        try checkDescriptors(rig, chain, request)
        try rig.complete([chain.head])
        try request.expectReturn(after: "its completion and interrupt")
        try request.expectDataCorrect()
    },
    ExerciseTest("rw.hidden.status-preset", .rw, section: "#hand-over") {
        let rig = try Rig()
        rig.manual()
        let statusAtNotify = Box<UInt8?>(nil)
        rig.machine.disk.beforeNextWrite(to: .queueNotify) { [rig] in
            let (desc, avail, _) = rig.queueAddresses
            let index = (try? rig.machine.memory.load(UInt16.self, at: avail + 2)) ?? 0
            let head = (try? rig.machine.memory.load(UInt16.self, at: avail + 4 + 2 * UInt64((index &- 1) % 8))) ?? 0
            var d = UInt64(head % 8)
            for _ in 0..<2 { d = UInt64((try? rig.machine.memory.load(UInt16.self, at: desc + 16 * d + 14)) ?? 0) % 8 }
            let status = (try? rig.machine.memory.load(UInt64.self, at: desc + 16 * d)) ?? 0
            statusAtNotify.value = try? rig.machine.memory.load(UInt8.self, at: status)
        }
        let (request, chain) = try takeOne(rig, block: 9, write: false)
        try check(statusAtNotify.value.map { $0 != 0 } ?? false,
                  "when rw notified the device, the request's status byte was \(statusAtNotify.value.map { hex($0) } ?? "unreadable"): "
                  + "preset it to a value the device never writes (xv6: 0xff) before publishing the chain")
        rig.machine.disk.completeWithoutStatus(chain.head)
        rig.machine.disk.raiseUsedBufferInterrupt()
        let outcome = try rig.wait(for: request.thread, "waiting for intr to notice a status byte the device never wrote")
        guard case .panicked = outcome else {
            throw Failure("the device completed \(request.what) without writing the status byte, and rw "
                          + (outcome == .finished ? "returned as if it had succeeded" : "kept waiting")
                          + ": with the byte preset to 0xff, intr sees the failure and panics")
        }
    },
    ExerciseTest("rw.hidden.avail-slot", .rw, section: "#hand-over") {
        let rig = try Rig(configure: { $0.device.initialRingIndex = 5 })
        try rig.locked("presetting the driver's used index") { $0.usedIdx = 5 }
        let avail = rig.queueAddresses.avail
        for slot in 0..<8 { try? rig.machine.memory.store(UInt16(7), at: avail + 4 + 2 * UInt64(slot)) }  // earlier laps' entries
        rig.manual()
        for (block, slot) in [(UInt32(60), 5), (61, 6)] {
            let (request, chain) = try takeOne(rig, block: block, write: false)
            try check(chain.descriptors.count > 1 && chain.descriptors[1].address == request.b.data,
                      "with avail.idx at \(slot), the device read head \(chain.head) from avail.ring[\(slot)], "
                      + "which is not \(request.what)'s chain: the head goes into avail.ring[avail.idx % NUM]")
            let index = (try? rig.machine.memory.load(UInt16.self, at: avail + 2)) ?? 0
            try check(index == UInt16(slot + 1), "after publishing at slot \(slot), avail.idx is \(index), not \(slot + 1)")
            try rig.complete([chain.head])
            try request.expectReturn(after: "its completion and interrupt")
        }
    },
    ExerciseTest("rw.hidden.avail-idx", .rw, section: "#hand-over") {
        let start: UInt16 = 5
        let rig = try Rig(configure: { $0.device.initialRingIndex = start })
        try rig.locked("presetting the driver's used index") { $0.usedIdx = start }
        let avail = rig.queueAddresses.avail
        for i in 1...4 {
            let request = try Requester(rig, block: UInt32(i))
            try request.expectReturn(after: "request \(i) with avail.idx starting at \(start), on an in-order device")
            let index = (try? rig.machine.memory.load(UInt16.self, at: avail + 2)) ?? 0
            try check(index == start + UInt16(i), "after \(i) requests from avail.idx \(start) it is \(index), not "
                      + "\(start + UInt16(i)): it counts requests for ever (a free-running 16-bit counter), it is not taken modulo NUM")
        }
        if let broken = rig.brokenReason { throw Failure(broken) }
    },
    ExerciseTest("rw.hidden.wrap", .rw, section: "#hand-over") {
        let start: UInt16 = 65_533
        let rig = try Rig(configure: { $0.device.initialRingIndex = start })
        try rig.locked("presetting the driver's used index") { $0.usedIdx = start }
        for i in 0..<6 {
            let request = try Requester(rig, block: UInt32(200 + i))
            try request.expectReturn(after: "request \(i) with avail.idx near 65535")
            try request.expectDataCorrect()
        }
        let index = (try? rig.machine.memory.load(UInt16.self, at: rig.queueAddresses.avail + 2)) ?? 0
        try check(index == start &+ 6, "after 6 requests from 65533, avail.idx is \(index), not 3: it wraps at 65536")
    },
    ExerciseTest("rw.hidden.notify", .rw, section: "#hand-over") {
        let rig = try Rig()
        rig.manual()
        let (request, chain) = try takeOne(rig, block: 3, write: false)
        let notifies = rig.machine.trace.writes(to: .queueNotify)
        try check(notifies == [0], "for one request the driver wrote QueueNotify = \(notifies), not [0] (queue 0, once)")
        try rig.complete([chain.head])
        try request.expectReturn(after: "its completion and interrupt")
    },
    ExerciseTest("rw.hidden.sleeps-until-interrupt", .rw, section: "#waiting-and-cleaning-up") {
        let rig = try Rig()
        rig.manual()
        let (request, chain) = try takeOne(rig, block: 8, write: false)
        try request.expectStillWaiting("the device took the request but had not completed it")
        try rig.complete([chain.head], interrupt: false)
        try request.expectStillWaiting("the device completed the request but had not interrupted yet")
        rig.machine.disk.raiseUsedBufferInterrupt()
        try request.expectReturn(after: "the interrupt")
        try request.expectDataCorrect()
    },
    ExerciseTest("rw.hidden.spurious-wakeup", .rw, section: "#waiting-and-cleaning-up") {
        let rig = try Rig()
        rig.manual()
        let (request, chain) = try takeOne(rig, block: 12, write: false)
        let b = request.b
        try rig.finish("waking the buffer's channel") { [disk = rig.disk, platform = rig.platform] in
            disk.vdiskLock.acquire()
            platform.wakeup(channel(of: b))
            platform.wakeup(disk.freeChannel)
            disk.vdiskLock.release()
        }
        try request.expectStillWaiting("a wakeup on the buffer's channel before the request completed")
        try rig.complete([chain.head])
        try request.expectReturn(after: "the completion and interrupt")
        try request.expectDataCorrect()
    },
    ExerciseTest("rw.hidden.chain-freed", .rw, section: "#waiting-and-cleaning-up") {
        let rig = try Rig()
        for i in 0..<6 {
            let request = try Requester(rig, block: UInt32(300 + i), write: i % 3 == 2)
            try request.expectReturn(after: "request \(i) on an in-order device")
            let (free, consistent) = try rig.locked("counting free descriptors") { ($0.freeCount, $0.checkInvariants()) }
            try check(free == 8, "after \(i + 1) request(s), \(free) descriptors are free, not 8: rw frees its chain when done")
            try check(consistent, "after \(i + 1) request(s), free[] and info[] disagree: a descriptor is neither free nor in a live chain")
        }
    },
    ExerciseTest("rw.hidden.more-requesters", .rw, section: "#three-descriptors") {
        let rig = try Rig()
        rig.manual()
        let requests = try (0..<4).map { try Requester(rig, block: UInt32(500 + $0)) }
        let first = try rig.takeChains(2, after: "four rw calls at once (descriptors for two)")
        try check(!rig.machine.disk.waitForAvailable(1, timeout: 0.05),
                  "with eight descriptors, a third chain was published while two were in flight")
        try rig.complete(first)
        let second = try rig.takeChains(2, after: "two requests completed and freed their descriptors")
        try rig.complete(second)
        for request in requests {
            try request.expectReturn(after: "all four requests completed")
            try request.expectDataCorrect()
        }
    },
    ExerciseTest("rw.hidden.takes-lock", .rw, section: "Chapters/16-rw.md") {
        let rig = try Rig()
        let release = try rig.holdDiskLock()
        let request = try Requester(rig, block: 77)
        try request.expectStillWaiting("another thread held vdiskLock")
        let notifies = rig.machine.disk.notifications
        release()
        try check(notifies == 0, "rw notified the device while another thread held vdiskLock: rw must hold it "
                  + "while it takes descriptors and fills the rings")
        try request.expectReturn(after: "vdiskLock was released")
        try request.expectDataCorrect()
    },
]
