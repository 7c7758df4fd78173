// machine-bench: how fast is the emulated virtio disk, measured against a thread round trip?
//
// Prints, from one run on one machine:
//   1. the thread round-trip rate (two threads ping-ponging through a mutex and a condition
//      variable): the yardstick, since every hosted disk request is a conversation of threads;
//   2. device-side requests/s for 1 KiB reads and writes: chains prepared by the benchmark,
//      processed by the device with no thread hand-off (manual policy, 64 chains per notify);
//   2b. a token passed around three threads: the floor for a path with three hand-offs;
//   3. end-to-end requests/s for 1 KiB reads and writes, one in flight: notify → device thread →
//      used ring → PLIC → hart thread → handler wakes the requester, as the hosted kernel does.
//
// Usage: swift run -c release machine-bench [--requests N] [--rounds R] [--trace]
// Hand-written (not tangled): it measures the book's code, it is not part of it.
import Board
import Machine
#if canImport(Glibc)
import Glibc
#endif

// MARK: Options

var requests = 5_000
var rounds = 7
var traceEnabled = false
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--requests": requests = Int(arguments.popFirst() ?? "") ?? requests
    case "--rounds": rounds = max(1, Int(arguments.popFirst() ?? "") ?? rounds)
    case "--trace": traceEnabled = true
    default:
        print("usage: machine-bench [--requests N] [--rounds R] [--trace]")
        exit(2)
    }
}

func seconds(_ start: UInt64) -> Double { Double(Monitor.now() - start) / 1e9 }

func format(_ rate: Double) -> String {
    let whole = Int(rate.rounded())
    var digits = String(whole)
    var groups: [String] = []
    while digits.count > 3 {
        groups.insert(String(digits.suffix(3)), at: 0)
        digits.removeLast(3)
    }
    groups.insert(digits, at: 0)
    return groups.joined(separator: ",")
}

func microseconds(_ rate: Double) -> String {
    let us = 1e6 / rate
    return String(Int(us)) + "." + String(Int(us * 10) % 10) + " µs"
}

// MARK: 1. The yardstick

/// Round trips per second between two threads passing a token through one Monitor.
func threadRoundTrips(_ count: Int) -> Double {
    final class Token: @unchecked Sendable {
        let monitor = Monitor()
        var turn = 0
        var done = false
    }
    let token = Token()
    var ponger = pthread_t()
    let context = Unmanaged.passRetained(token).toOpaque()
    pthread_create(&ponger, nil, { raw in
        let token = Unmanaged<Token>.fromOpaque(raw!).takeRetainedValue()
        token.monitor.lock()
        while true {
            while token.turn != 1 && !token.done { token.monitor.wait() }
            if token.done { break }
            token.turn = 0
            token.monitor.broadcast()
        }
        token.monitor.unlock()
        return nil
    }, context)
    let start = Monitor.now()
    token.monitor.lock()
    for _ in 0..<count {
        token.turn = 1
        token.monitor.broadcast()
        while token.turn != 0 { token.monitor.wait() }
    }
    token.done = true
    token.monitor.broadcast()
    token.monitor.unlock()
    let elapsed = seconds(start)
    pthread_join(ponger, nil)
    return Double(count) / elapsed
}

/// Laps per second of a token passed around a ring of three threads (one Monitor each, woken
/// after the lock is released): the floor for any request path that needs three threads, as
/// requester → device thread → hart thread → requester does.
func threeThreadRing(_ count: Int) -> Double {
    /// One thread's place in the ring: its own flag, guarded by its own monitor.
    final class Seat: @unchecked Sendable {
        let monitor = Monitor()
        var turn = false       // guarded by monitor
        var done = false       // guarded by monitor
        var next: Seat!        // set before the threads start

        func pass() {
            monitor.lock()
            turn = true
            monitor.unlock()
            monitor.broadcast()
        }

        /// Waits for the token; false when told to stop.
        func take() -> Bool {
            monitor.lock()
            defer { monitor.unlock() }
            while !turn && !done { monitor.wait() }
            turn = false
            return !done
        }

        func stop() {
            monitor.lock()
            done = true
            monitor.unlock()
            monitor.broadcast()
        }
    }
    let seats = [Seat(), Seat(), Seat()]
    for i in 0..<3 { seats[i].next = seats[(i + 1) % 3] }
    var threads: [pthread_t] = []
    for seat in seats.dropFirst() {
        var thread = pthread_t()
        pthread_create(&thread, nil, { raw in
            let seat = Unmanaged<Seat>.fromOpaque(raw!).takeRetainedValue()
            while seat.take() { seat.next.pass() }
            return nil
        }, Unmanaged.passRetained(seat).toOpaque())
        threads.append(thread)
    }
    let start = Monitor.now()
    for _ in 0..<count {
        seats[1].pass()
        _ = seats[0].take()
    }
    let elapsed = seconds(start)
    for seat in seats.dropFirst() { seat.stop() }
    for thread in threads { pthread_join(thread, nil) }
    for seat in seats { seat.next = nil }
    return Double(count) / elapsed
}

// MARK: A driver just good enough to feed the device

/// Lays out a queue of `size` entries in guest RAM and initialises the device as xv6 does.
struct Rings {
    let machine: Machine
    let size: Int
    let desc = Board.ramBase + 0x1_0000
    let avail = Board.ramBase + 0x2_0000
    let used = Board.ramBase + 0x3_0000
    let headers = Board.ramBase + 0x4_0000
    let statuses = Board.ramBase + 0x5_0000
    let buffers = Board.ramBase + 0x10_0000

    init(machine: Machine, size: Int) {
        self.machine = machine
        self.size = size
        func write(_ register: VirtioMMIORegister, _ value: UInt64) {
            machine.bus.store(value, to: Board.virtio0 + register.rawValue, width: 4)
        }
        write(.status, 0)
        write(.status, 3)
        write(.driverFeatures, 0x6654)
        write(.status, 11)
        write(.queueSel, 0)
        write(.queueNum, UInt64(size))
        write(.queueDescLow, desc & 0xFFFF_FFFF)
        write(.queueDriverLow, avail & 0xFFFF_FFFF)
        write(.queueDeviceLow, used & 0xFFFF_FFFF)
        write(.queueReady, 1)
        write(.status, 15)
    }

    /// Writes xv6's three-descriptor chain for request `r` (descriptors 3r, 3r+1, 3r+2).
    func prepare(_ r: Int, write: Bool, sector: UInt64) {
        let m = machine.memory
        let head = UInt64(3 * r)
        let header = headers + 16 * UInt64(r)
        try! m.store(UInt32(write ? 1 : 0), at: header)
        try! m.store(sector, at: header + 8)
        func descriptor(_ i: UInt64, _ address: UInt64, _ length: UInt32, _ flags: UInt16, _ next: UInt64) {
            let entry = desc + 16 * i
            try! m.store(address, at: entry)
            try! m.store(length, at: entry + 8)
            try! m.store(flags, at: entry + 12)
            try! m.store(UInt16(next), at: entry + 14)
        }
        descriptor(head, header, 16, 1, head + 1)
        descriptor(head + 1, buffers + 1024 * UInt64(r), 1024, (write ? 0 : 2) | 1, head + 2)
        descriptor(head + 2, statuses + UInt64(r), 1, 2, 0)
    }

    /// Makes request `r` available (avail.ring, then avail.idx) without notifying.
    func makeAvailable(_ r: Int) {
        let m = machine.memory
        let index = try! m.load(UInt16.self, at: avail + 2)
        try! m.store(UInt16(3 * r), at: avail + 4 + 2 * UInt64(Int(index) % size))
        try! m.storeReleasing(index &+ 1, at: avail + 2)
    }

    func notify() { machine.bus.store(0, to: Board.virtio0 + VirtioMMIORegister.queueNotify.rawValue, width: 4) }
}

func makeMachine(_ policy: CompletionPolicy, trace: Bool) -> Machine {
    Machine(configuration: MachineConfiguration(ramSize: 16 << 20, disk: .memory(byteCount: 2_048_000),
                                                completion: policy, traceEnabled: trace))
}

// MARK: 2. Device side, no hand-offs

/// Requests per second the device completes when handed 64 chains per notify (manual policy:
/// the benchmark's thread runs the device's own take-and-complete code directly).
func deviceSide(write: Bool, count: Int, trace: Bool) -> Double {
    let machine = makeMachine(.manual, trace: trace)
    let rings = Rings(machine: machine, size: 256)
    let batch = 64
    for r in 0..<batch { rings.prepare(r, write: write, sector: UInt64(2 * (r % 1999))) }
    let start = Monitor.now()
    var done = 0
    while done < count {
        for r in 0..<batch { rings.makeAvailable(r) }
        rings.notify()
        machine.disk.fetchAvailable()
        done += machine.disk.completeAll()
    }
    let rate = Double(done) / seconds(start)
    precondition(machine.disk.diagnostic == nil, "device broke: \(machine.disk.diagnostic!)")
    machine.shutdown()
    return rate
}

// MARK: 3. End to end, through the threads

/// What the "kernel" shares with its interrupt handler: how many completions it has seen.
final class Completions: @unchecked Sendable {
    let monitor = Monitor()
    var seen: UInt16 = 0
}

/// Requests per second with one request in flight, completed through the device thread, the
/// PLIC and the hart thread, whose handler (xv6's devintr + virtio_disk_intr) wakes the requester.
func endToEnd(write: Bool, count: Int, trace: Bool) -> Double {
    let machine = makeMachine(.inOrder, trace: trace)
    let rings = Rings(machine: machine, size: 8)
    machine.bus.store(1, to: Board.plicPriority(Board.virtio0IRQ), width: 4)
    machine.bus.store(1 << 1, to: Board.plicSEnable(0), width: 4)
    machine.bus.store(0, to: Board.plicSThreshold(0), width: 4)
    let completions = Completions()
    let usedIndex = rings.used + 2
    machine.onExternalInterrupt {
        let irq = machine.bus.load(Board.plicSClaim(0), width: 4)
        let isr = machine.bus.load(Board.virtio0 + VirtioMMIORegister.interruptStatus.rawValue, width: 4)
        machine.bus.store(isr & 3, to: Board.virtio0 + VirtioMMIORegister.interruptACK.rawValue, width: 4)
        let index = (try? machine.memory.loadAcquiring(at: usedIndex)) ?? 0
        // xv6's wakeup: change the condition under the lock, wake the sleeper after releasing it.
        completions.monitor.lock()
        let changed = completions.seen != index
        completions.seen = index
        completions.monitor.unlock()
        if changed { completions.monitor.broadcast() }
        if irq != 0 { machine.bus.store(irq, to: Board.plicSClaim(0), width: 4) }
    }
    machine.start()
    rings.prepare(0, write: write, sector: 2)
    let start = Monitor.now()
    for i in 0..<count {
        rings.makeAvailable(0)
        rings.notify()
        let expected = UInt16(truncatingIfNeeded: i + 1)
        completions.monitor.lock()
        while completions.seen != expected { completions.monitor.wait() }
        completions.monitor.unlock()
    }
    let rate = Double(count) / seconds(start)
    precondition(machine.disk.diagnostic == nil, "device broke: \(machine.disk.diagnostic!)")
    machine.shutdown()
    return rate
}

// MARK: Report

#if DEBUG
let build = "debug build: use -c release for figures"
#else
let build = "release build"
#endif
print("machine-bench (\(build); \(rounds) rounds of \(requests) requests, medians; trace \(traceEnabled ? "on" : "off"))")

// The yardstick and the end-to-end figures are interleaved round by round, so that a noisy
// neighbour on the machine affects all of them alike; each figure is the median of its rounds.
var roundTrips: [Double] = []
var rings: [Double] = []
var endToEndReads: [Double] = []
var endToEndWrites: [Double] = []
for _ in 0..<rounds {
    roundTrips.append(threadRoundTrips(requests))
    rings.append(threeThreadRing(requests))
    endToEndReads.append(endToEnd(write: false, count: requests, trace: traceEnabled))
    endToEndWrites.append(endToEnd(write: true, count: requests, trace: traceEnabled))
}
let deviceReads = deviceSide(write: false, count: requests * 10, trace: traceEnabled)
let deviceWrites = deviceSide(write: true, count: requests * 10, trace: traceEnabled)

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
let yardstick = median(roundTrips)

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}

func line(_ label: String, _ rate: Double, ratio: Bool = true) {
    let share = ratio ? "  = " + String(format: rate / yardstick) + "× the round-trip rate" : ""
    print(label.padding(toLength: 52, withPad: " ", startingAt: 0)
          + format(rate).leftPadded(10) + " /s  (" + microseconds(rate) + ")" + share)
}

extension String {
    init(format ratio: Double) { self = String(Int(ratio)) + "." + String(Int(ratio * 100) % 100 / 10) + String(Int(ratio * 100) % 10) }
}

line("thread round trip (mutex + condvar ping-pong)", yardstick, ratio: false)
print("   (rounds: " + roundTrips.map(format).joined(separator: ", ") + " /s)")
line("three-thread ring (the floor for 3 hand-offs)", median(rings))
line("end to end, 1 KiB reads (one in flight, 3 threads)", median(endToEndReads))
line("end to end, 1 KiB writes (one in flight, 3 threads)", median(endToEndWrites))
line("device side, 1 KiB reads (64 chains per notify)", deviceReads)
line("device side, 1 KiB writes (64 chains per notify)", deviceWrites)
