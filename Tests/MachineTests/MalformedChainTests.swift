import Board
import Testing
@testable import Machine

@Suite("Malformed chains break the device, as QEMU's virtio_error does")
struct MalformedChainTests {
    /// Sets up a driver, lets `build` write a bad chain (and return the head to make available),
    /// notifies, and has the device take it.
    func breakDevice(_ build: (TestDriver) -> UInt16?) -> TestDriver {
        let d = TestDriver(testConfiguration(completion: .manual), start: false)
        d.initialize()
        if let head = build(d) {
            d.makeAvailable(head)
            d.notify()
            d.disk.fetchAvailable()
        }
        return d
    }

    @Test("Each malformed-chain rule breaks the device with QEMU's message and a diagnostic naming the descriptor",
          arguments: MalformedChainRule.allCases)
    func rule(_ rule: MalformedChainRule) {
        let outside = Board.ramBase + (2 << 20)
        var expectedDescriptor: UInt16?
        let d = breakDevice { d in
            d.prepare(head: 0, type: BlockRequestType.read, sector: 0)
            switch rule {
            case .ringOutsideRAM:
                d.write(.queueDescLow, UInt32(truncatingIfNeeded: outside))
                d.write(.queueReady, 1)
                return nil
            case .tooManyInFlight:
                try! d.memory.store(UInt16(9), at: d.avail + 2)
                d.notify()
                d.disk.fetchAvailable()
                return nil
            case .headOutOfRange:
                return 8
            case .indirectTableSize:
                d.setDescriptor(5, address: d.header(0), length: 20, flags: 4)
                expectedDescriptor = 5
                return 5
            case .indirectTableOutsideRAM:
                d.setDescriptor(5, address: outside, length: 48, flags: 4)
                expectedDescriptor = 5
                return 5
            case .zeroLength:
                d.setDescriptor(1, address: d.buffer(0), length: 0, flags: 3, next: 2)
                expectedDescriptor = 1
            case .bufferOutsideRAM:     // more than QEMU's one 4096-byte bounce buffer holds
                d.prepare(head: 0, type: BlockRequestType.read, sector: 0, length: 8192)
                d.setDescriptor(1, address: outside, length: 8192, flags: 3, next: 2)
            case .readableAfterWritable:
                d.setDescriptor(2, address: d.statusByte(0), length: 1, flags: 0)
                expectedDescriptor = 2
            case .nextOutOfRange:
                d.setDescriptor(1, address: d.buffer(0), length: 1024, flags: 3, next: 9)
                expectedDescriptor = 1
            case .loop:
                d.setDescriptor(1, address: d.header(0), length: 16, flags: 1, next: 0)
            case .tooManyDescriptors:
                let table = Board.ramBase + 0x20000
                for i in 0..<1100 {
                    d.setDescriptor(i, address: d.header(0), length: 16, flags: 1, next: UInt16(i + 1), table: table)
                }
                d.setDescriptor(5, address: table, length: 1100 * 16, flags: 4)
                return 5
            case .missingHeaders:
                d.setDescriptor(0, address: d.header(0), length: 16, flags: 0)
            case .headerTooShort:
                d.setDescriptor(0, address: d.header(0), length: 8, flags: 1, next: 2)
            case .segmentTooShort:
                d.prepare(head: 0, type: BlockRequestType.discard, sector: 0, length: 8)
            }
            return 0
        }
        let diagnostic = d.disk.diagnostic
        #expect(diagnostic?.rule == rule)
        if let expectedDescriptor { #expect(diagnostic?.descriptor == expectedDescriptor) }
        #expect(diagnostic?.description.contains(rule.explanation) == true)
        #expect(d.trace.diagnostics.count == 1)
        // Broken: the next notify is ignored and nothing is ever completed.
        d.prepare(head: 3, type: BlockRequestType.read, sector: 0)
        d.makeAvailable(3)
        d.notify()
        d.disk.fetchAvailable()
        #expect(d.disk.completeAll() == 0)       // chains taken before the error run but are not returned
        #expect(d.usedIndex == 0)
    }

    @Test("QEMU's messages carry the numbers: head, next index")
    func messages() {
        let head = breakDevice { _ in 9 }
        #expect(head.disk.diagnostic?.qemuMessage == "Guest says index 9 is available")
        let next = breakDevice { d in
            d.setDescriptor(0, address: d.header(0), length: 16, flags: 1, next: 12)
            return 0
        }
        #expect(next.disk.diagnostic?.qemuMessage == "Desc next is 12")
        #expect(next.disk.diagnostic?.head == 0)
    }

    @Test("When a chain has two faults, the one QEMU checks first is reported")
    func order() {
        // Readable after writable *and* zero length on the same descriptor: order comes first.
        let d = breakDevice { d in
            d.prepare(head: 0, type: BlockRequestType.read, sector: 0)
            d.setDescriptor(2, address: d.statusByte(0), length: 0, flags: 0)
            return 0
        }
        #expect(d.disk.diagnostic?.rule == .readableAfterWritable)
    }
}
