// A requester: a kernel thread that calls rw once for a buffer of its own, as a process calling
// bread or bwrite would. Tests check what the device saw and what the buffer holds afterwards.
import Driver
import Foundation
import KernelSupport
import Machine
import Synchronization

final class Requester: @unchecked Sendable {
    let rig: Rig
    let b: Buf
    let write: Bool
    /// The bytes a write sends (the buffer's contents when it started).
    let sent: [UInt8]
    let thread: KernelThread

    /// Starts rw(b, write:) for `block`. A write sends bytes that differ from the image's.
    init(_ rig: Rig, block: UInt32, write: Bool = false) throws {
        self.rig = rig
        self.write = write
        b = try rig.buffer(block: block)
        sent = (0..<Buf.BSIZE).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ Int(block) &+ 0x5A) }
        if write { rig.setBytes(sent, of: b) }
        let buffer = b
        thread = rig.start { [disk = rig.disk] in disk.rw(buffer, write: write) }
    }

    var what: String { "rw(block \(b.blockno), write: \(write))" }

    /// Waits for rw to return; fails naming the request if it does not.
    func expectReturn(after situation: String) throws {
        let outcome = try rig.wait(for: thread, "waiting for \(what) to return after \(situation)")
        switch outcome {
        case .finished: return
        case .panicked(let message): throw Failure("the kernel panicked \"\(message)\" after \(situation)")
        case .stillRunning:
            throw Failure("\(what) did not return after \(situation): the requester was never woken"
                          + (rig.brokenReason.map { " (\($0))" } ?? ""))
        }
    }

    /// Expects rw still to be waiting `seconds` from now.
    func expectStillWaiting(_ situation: String, for seconds: Double = 0.05) throws {
        let outcome = try rig.wait(for: thread, "checking that \(what) still waits", timeout: seconds)
        if case .panicked(let message) = outcome {
            throw Failure("the kernel panicked \"\(message)\" after \(situation)")
        }
        try check(outcome == .stillRunning, "\(what) returned after \(situation), before its request was complete")
    }

    /// Expects the buffer (read) or the disk (write) to hold the right bytes now.
    func expectDataCorrect() throws {
        let block = b.blockno
        if write {
            let stored = rig.diskBytes(block: block)
            try check(stored == sent, "after \(what) returned, the disk's block \(block) is not what the buffer held: "
                      + firstDifference(stored, sent) + ". Is the data descriptor device-readable (no WRITE flag) for a write?",
                      section: "Chapters/16-rw.md#three-descriptors")
        } else {
            let got = rig.bytes(of: b)
            let expected = rig.diskBytes(block: block)
            try check(got == expected, "after \(what) returned, the buffer does not hold the disk's block \(block): "
                      + firstDifference(got, expected) + ". Is the data descriptor device-writable for a read, and the sector 2·blockno?",
                      section: "Chapters/16-rw.md#three-descriptors")
        }
    }
}

extension Rig {
    /// Switches the device to the manual policy: the test takes, completes and interrupts.
    func manual() {
        machine.disk.policy = .manual
    }

    /// Completes `head` (performing the request) and raises one interrupt if `interrupt`.
    func complete(_ heads: [UInt16], interrupt: Bool = true) throws {
        for head in heads {
            try check(machine.disk.complete(head), brokenReason ?? "the device could not complete head \(head)")
        }
        if interrupt { machine.disk.raiseUsedBufferInterrupt() }
    }

    /// The chain the device took with head `head`.
    func chain(head: UInt16) throws -> TracedChain {
        guard let chain = chains.last(where: { $0.head == head }) else {
            throw Failure("the device took no chain with head \(head)")
        }
        return chain
    }
}

extension Rig {
    /// The head of the chain the device took for `request` (the chain whose data is its buffer).
    func head(of request: Requester) throws -> UInt16 {
        guard let chain = chains.last(where: { $0.descriptors.contains { $0.address == request.b.data } }) else {
            throw Failure("the device took no chain whose data descriptor points at the buffer of \(request.what)")
        }
        return chain.head
    }

    /// Holds `vdiskLock` on a kernel thread until the returned function is called.
    func holdDiskLock() throws -> () -> Void {
        let release = Flag()
        let held = Flag()
        let thread = start { [disk] in
            disk.vdiskLock.acquire()
            held.set()
            while !release.isSet { usleep(500) }
            disk.vdiskLock.release()
        }
        setStep("taking vdiskLock for the test")
        while !held.isSet && secondsLeft > 0 { usleep(200) }
        try check(held.isSet, "the test could not take vdiskLock: something else holds it")
        return { release.set(); _ = thread.join(timeout: secondsLeft) }
    }

    /// Waits until InterruptStatus reads 0 (the handler acknowledged everything), at most until
    /// the test's deadline.
    func waitForAcknowledge() -> Bool {
        setStep("waiting for the handler to clear InterruptStatus (\(hex(machine.disk.interruptStatus)))")
        while machine.disk.interruptStatus != 0 {
            if secondsLeft <= 0 { return false }
            usleep(500)
        }
        return true
    }
}

/// A flag one thread sets and another polls.
final class Flag: Sendable {
    private let value = Atomic<Bool>(false)
    func set() { value.store(true, ordering: .releasing) }
    var isSet: Bool { value.load(ordering: .acquiring) }
}
