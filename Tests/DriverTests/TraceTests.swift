// What the device saw: the init conversation and each request's chain, from the machine's trace.
import Board
import Driver
import KernelSupport
import Machine
import Testing

@Suite("The device's view of the driver (trace)")
struct TraceTests {
    @Test("init writes Status 0, 1, 3, 0xB, 0xF in that order and accepts 0x6654 of QEMU's offer")
    func initSequence() {
        let rig = Rig()
        let trace = rig.machine.trace
        #expect(trace.writes(to: .status) == [0x0, 0x1, 0x3, 0xB, 0xF])
        #expect(trace.writes(to: .driverFeatures) == [0x6654])
        #expect(trace.writes(to: .queueSel) == [0])
        #expect(trace.writes(to: .queueNum) == [8])
        #expect(trace.writes(to: .queueReady) == [1])
        #expect(trace.writes(to: .queueDescLow) == [rig.disk.descPA & 0xFFFF_FFFF])
        #expect(trace.writes(to: .queueDriverLow) == [rig.disk.availPA & 0xFFFF_FFFF])
        #expect(trace.writes(to: .queueDeviceLow) == [rig.disk.usedPA & 0xFFFF_FFFF])
        #expect(trace.writes(to: .queueDescHigh) == [0])
        #expect(trace.reads(of: .magicValue) == [0x7472_6976])
        #expect(trace.diagnostics.isEmpty)
        #expect(trace.guestErrors.isEmpty)
    }

    @Test("The queue's addresses are written before QueueReady, and DRIVER_OK comes last")
    func initOrder() {
        let rig = Rig()
        var order: [String] = []
        for event in rig.machine.trace.events {
            guard case let .access(.virtio, offset, _, value, true) = event.kind else { continue }
            switch VirtioMMIORegister(rawValue: offset) {
            case .queueDescLow?, .queueDriverLow?, .queueDeviceLow?: order.append("address")
            case .queueReady?: order.append("ready")
            case .status? where value == 0xF: order.append("driverOK")
            default: break
            }
        }
        #expect(order == ["address", "address", "address", "ready", "driverOK"])
    }

    @Test("The driver refuses EVENT_IDX, INDIRECT_DESC and the other five, and takes the rest of word 0")
    func refusedFeatures() {
        let offer: UInt32 = 0xFFFF_FFFF
        let rig = Rig(configure: { $0.device.offeredFeatures = VirtioFeatures(rawValue: UInt64(offer)) })
        let refused: UInt32 = 1 << 5 | 1 << 7 | 1 << 11 | 1 << 12 | 1 << 27 | 1 << 28 | 1 << 29
        #expect(rig.machine.trace.writes(to: .driverFeatures) == [UInt64(offer & ~refused)])
    }

    @Test("A read is a chain header(R, NEXT) -> data(W, NEXT, 1024) -> status(W, 1) for sector 2·blockno")
    func readChain() {
        let rig = Rig()
        let b = rig.buffer(block: 21)
        let disk = rig.disk
        let outcome = rig.run { disk.rw(b, write: false) }
        #expect(outcome == .finished)
        guard let chain = rig.machine.trace.chains.last else { Issue.record("no chain traced"); return }
        #expect(chain.type == 0)
        #expect(chain.sector == 42)
        #expect(chain.descriptors.map(\.flags) == [1, 3, 2])
        #expect(chain.descriptors.map(\.length) == [16, 1024, 1])
        #expect(chain.descriptors[1].address == b.data)
        #expect(chain.descriptors[0].address == rig.disk.opsPA(Int(chain.head)))
        #expect(chain.descriptors[2].address == rig.disk.info[Int(chain.head)].statusPA)
        guard let completion = rig.machine.trace.completions.last else { Issue.record("no completion"); return }
        #expect(completion.status == 0)
        #expect(completion.usedLength == 1025)
    }

    @Test("A write is a chain header(R, NEXT) -> data(R, NEXT) -> status(W) of type OUT")
    func writeChain() {
        let rig = Rig()
        let b = rig.buffer(block: 5)
        let disk = rig.disk
        let outcome = rig.run { disk.rw(b, write: true) }
        #expect(outcome == .finished)
        guard let chain = rig.machine.trace.chains.last else { Issue.record("no chain traced"); return }
        #expect(chain.type == 1)
        #expect(chain.sector == 10)
        #expect(chain.descriptors.map(\.flags) == [1, 1, 2])
    }

    @Test("Junk in the available ring breaks the device, as on QEMU (why init must zero the rings)")
    func junkRingBreaksDevice() {
        let rig = Rig()
        // Undo the driver's memset: kalloc's junk in avail.idx and the ring, as if init forgot it.
        rig.platform.memory(at: rig.disk.availPA).initializeMemory(as: UInt8.self, repeating: 5, count: 4096)
        let b = rig.buffer(block: 1)
        let thread = rig.start { [disk = rig.disk] in disk.rw(b, write: false) }
        #expect(rig.wait(for: thread, timeout: 0.5) == .stillRunning, "the request never completes")
        #expect(!rig.machine.trace.diagnostics.isEmpty, "the device declared itself broken")
    }
}
