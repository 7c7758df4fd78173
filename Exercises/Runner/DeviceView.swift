// What the device saw, read from the machine's trace and state, never from the driver's
// internals: the queue the driver set up, the chains it published, the registers it wrote.
import Board
import Driver
import Machine

extension Rig {
    /// The last value written to each of the six queue address registers, combined.
    var queueAddresses: (desc: UInt64, avail: UInt64, used: UInt64) {
        func last(_ r: VirtioMMIORegister) -> UInt64 { machine.trace.writes(to: r).last ?? 0 }
        return (last(.queueDescHigh) << 32 | last(.queueDescLow),
                last(.queueDriverHigh) << 32 | last(.queueDriverLow),
                last(.queueDeviceHigh) << 32 | last(.queueDeviceLow))
    }

    /// The chains the device has taken so far.
    var chains: [TracedChain] { machine.trace.chains }

    /// The values written to the Status register, in order.
    var statusWrites: [UInt32] { machine.trace.writes(to: .status).map { UInt32(truncatingIfNeeded: $0) } }

    /// Why the device broke, as a sentence, or nil if it works.
    var brokenReason: String? { machine.disk.diagnostic.map { "the device broke: \($0)" } }

    /// Reads `count` bytes of guest RAM at physical `address`.
    func guestBytes(_ address: UInt64, _ count: Int) -> [UInt8] {
        (try? machine.memory.read(count, at: address)) ?? []
    }

    /// Waits until the device (in manual mode) has `count` notified chains to take; then takes
    /// them and returns their heads. Fails naming what the device saw instead.
    func takeChains(_ count: Int, after step: String) throws -> [UInt16] {
        setStep("waiting for \(count) request(s) to reach the device after \(step)")
        var arrived = false
        while !arrived && machine.panicMessage == nil && secondsLeft > 0 {
            arrived = machine.disk.waitForAvailable(count, timeout: min(0.02, secondsLeft))
        }
        if !arrived {
            if let message = machine.panicMessage {
                if let stub = stubSentence(message) { throw stub }
                throw Failure("the kernel panicked \"\(message)\" while \(step)")
            }
            if let broken = brokenReason { throw Failure("\(broken) (after \(step))") }
            let notifies = machine.disk.notifications
            throw Failure(notifies == 0
                ? "after \(step) the device was never notified: no write to QueueNotify"
                : "after \(step) the device was notified \(notifies) time(s) but found fewer than \(count) new chain(s): did avail.idx move before the notify?")
        }
        let heads = machine.disk.fetchAvailable()
        if let broken = brokenReason { throw Failure(broken) }
        return heads
    }
}
