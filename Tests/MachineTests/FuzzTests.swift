import Board
import Foundation
import Testing
@testable import Machine

/// Fuzzing: random descriptor tables, ring contents and register traffic.
///
/// CI runs a bounded number of cases (a few seconds). More on demand:
///   MACHINE_FUZZ_CASES=100000 MACHINE_FUZZ_SEED=7 swift test --filter FuzzTests
@Suite("Fuzzing the device")
struct FuzzTests {
    static let environment = ProcessInfo.processInfo.environment
    static let cases = Int(environment["MACHINE_FUZZ_CASES"] ?? "") ?? 2000
    static let seed = UInt64(environment["MACHINE_FUZZ_SEED"] ?? "") ?? 0x5EED

    /// A random value from `choices`, or a random UInt64 when `wild` comes up.
    static func pick(_ rng: inout SplitMix64, _ choices: [UInt64], wild: Int = 8) -> UInt64 {
        rng.next() % UInt64(wild) == 0 ? rng.next() : choices[Int(rng.next() % UInt64(choices.count))]
    }

    @Test("Random descriptor tables and rings never trap the host: each chain completes or the device breaks with a diagnostic")
    func randomRings() {
        var rng = SplitMix64(seed: FuzzTests.seed)
        let d = TestDriver(testConfiguration(completion: .manual), start: false)
        d.trace.isEnabled = false
        var broken = 0
        var completed = 0
        for index in 0..<FuzzTests.cases {
            let sizes = [1, 2, 4, 8, 8, 8, 16]
            let size = sizes[Int(rng.next() % UInt64(sizes.count))]
            let features = UInt32(truncatingIfNeeded: rng.next()) & 0x3000_6E54
            d.initialize(features: features, featuresHigh: rng.next() % 4 == 0 ? 1 : nil, queueSize: size)
            let ram = d.memory
            // Start from valid xv6 chains (where they fit), then break a few fields at random.
            let types: [UInt64] = [0, 0, 1, 1, 4, 5, 8, 11, 13, 0x99, 0x8000_0001]
            let heads = [0, 3].filter { $0 + 3 <= size }
            for head in heads {
                d.prepare(head: head, type: UInt32(truncatingIfNeeded: FuzzTests.pick(&rng, types)),
                          sector: FuzzTests.pick(&rng, [0, 2, 100, 3998, 3999, 4000, UInt64.max]))
            }
            // Buffers: anywhere in the data area, in the rings themselves, at the end of RAM, or wild.
            let addresses: [UInt64] = [d.data, d.data + 0x400 * (rng.next() % 32), d.headers, d.statuses,
                                       d.desc, d.used, ram.end - 1, ram.end - 1024, ram.end, Board.ramBase - 16, 0]
            let lengths: [UInt64] = [0, 1, 1, 2, 15, 16, 16, 100, 512, 1024, 1024, 1025, 4096, 0xFFFF_FFFF]
            let mutations = heads.isEmpty ? size + 2 : Int(rng.next() % 4)
            for _ in 0..<mutations {
                let i = Int(rng.next() % UInt64(size + 2))
                let entry = d.desc + 16 * UInt64(i)
                switch rng.next() % 4 {
                case 0: try! ram.store(FuzzTests.pick(&rng, addresses), at: entry)
                case 1: try! ram.store(UInt32(truncatingIfNeeded: FuzzTests.pick(&rng, lengths)), at: entry + 8)
                case 2: try! ram.store(UInt16(truncatingIfNeeded: rng.next() % 8 == 0 ? rng.next() : rng.next() % 8), at: entry + 12)
                default: try! ram.store(UInt16(truncatingIfNeeded: rng.next() % UInt64(size + 2)), at: entry + 14)
                }
            }
            // Header bytes themselves may be garbage too.
            if rng.next() % 8 == 0 { try! ram.store(rng.next(), at: d.header(0)) }
            try! ram.store(UInt16(truncatingIfNeeded: rng.next() % 4 == 0 ? rng.next() : 0), at: d.avail)
            let count = Int(rng.next() % 3) + (rng.next() % 8 == 0 ? size : 0)
            for _ in 0..<count {
                let head = rng.next() % 4 != 0 && !heads.isEmpty ? UInt64(heads[Int(rng.next() % UInt64(heads.count))])
                                                                 : rng.next() % UInt64(size + 1)
                d.makeAvailable(UInt16(head))
            }
            if rng.next() % 8 == 0 { try! ram.store(UInt16(truncatingIfNeeded: rng.next()), at: d.avail + 2) }
            let before = d.disk.completedRequests
            d.notify()
            let taken = d.disk.fetchAvailable()
            let posted = d.disk.completeAll(interrupt: true)
            if let diagnostic = d.disk.diagnostic {
                broken += 1
                #expect(!diagnostic.description.isEmpty)
                #expect(d.disk.inFlightHeads.isEmpty)
            } else {
                #expect(posted == taken.count, "case \(index): took \(taken.count), completed \(posted)")
                #expect(d.disk.completedRequests - before == posted)
                #expect(taken.allSatisfy { Int($0) < size }, "case \(index)")
                completed += posted
            }
        }
        // Both outcomes must have been exercised, or the fuzzer is not reaching the device.
        #expect(broken > 0)
        #expect(completed > 0)
    }

    @Test("Random register traffic never traps the host, and a reset restores a working device")
    func randomRegisters() {
        var rng = SplitMix64(seed: FuzzTests.seed &+ 1)
        let d = TestDriver(testConfiguration(completion: .manual), start: false)
        d.trace.isEnabled = false
        let offsets = VirtioMMIORegister.allCases.map(\.rawValue) + [0x100, 0x120, 0x13C, 0x160, 0x1FC, 0x0F8]
        for round in 0..<max(1, FuzzTests.cases / 20) {
            for _ in 0..<50 {
                let offset = FuzzTests.pick(&rng, offsets, wild: 16) % VirtioBlockDevice.windowSize
                let width = [1, 2, 4, 4, 4, 8][Int(rng.next() % 6)]
                if rng.next() % 2 == 0 {
                    _ = d.disk.load(offset: offset, width: width)
                } else {
                    d.disk.store(FuzzTests.pick(&rng, [0, 1, 3, 8, 11, 15, 0xFFFF_FFFF, UInt64(d.desc)]),
                                 offset: offset, width: width)
                }
                if rng.next() % 4 == 0 { d.disk.fetchAvailable(); d.disk.completeAll(interrupt: true) }
            }
            d.initialize()
            d.prepare(head: 0, type: BlockRequestType.read, sector: 2)
            d.makeAvailable(0)
            d.notify()
            d.disk.fetchAvailable()
            d.disk.completeAll()
            #expect(d.status(0) == BlockStatus.ok, "round \(round)")
            #expect(d.bufferBytes(0) == d.expectedImage(sector: 2), "round \(round)")
        }
    }

    @Test("Random PLIC traffic never traps the host")
    func randomPLIC() {
        var rng = SplitMix64(seed: FuzzTests.seed &+ 2)
        let plic = PLIC(hartCount: 2, trace: Trace(enabled: false))
        for _ in 0..<(FuzzTests.cases * 5) {
            let offset = FuzzTests.pick(&rng, [0, 4, 0x28, 0x1000, 0x1004, 0x2080, 0x2000, 0x200000, 0x201000, 0x201004, 0x203004],
                                        wild: 8) % 0x400_0000
            let width = [1, 2, 4, 4, 8][Int(rng.next() % 5)]
            if rng.next() % 2 == 0 {
                _ = plic.load(offset: offset, width: width)
            } else {
                plic.store(rng.next() % 4 == 0 ? rng.next() : rng.next() % 16, offset: offset, width: width)
            }
            plic.setLevel(UInt32(truncatingIfNeeded: rng.next() % 100), high: rng.next() % 2 == 0)
        }
    }
}
