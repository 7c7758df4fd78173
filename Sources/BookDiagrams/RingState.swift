// What a ring diagram shows: the rings read out of guest RAM at the addresses the device was
// given (the machine's queue snapshot), exactly as the device would read them.
import DiagramFormat
import Machine

extension RingState {
    init(_ machine: Machine) throws {
        self.init()
        let queue = machine.disk.queueSnapshot
        let memory = machine.memory
        size = queue.size
        ready = queue.isReady
        descriptorTable = queue.descriptorTable
        availableRing = queue.availableRing
        usedRing = queue.usedRing
        deviceLastAvailable = queue.lastAvailableIndex
        deviceUsedIndex = queue.usedIndex
        inFlight = queue.inFlightHeads
        guard queue.isReady else { return }
        do {
            for index in 0..<size {
                let entry = queue.descriptorTable + UInt64(16 * index)
                descriptors.append(DescriptorEntry(index: index, address: try memory.load(at: entry),
                                                   length: try memory.load(at: entry + 8),
                                                   flags: try memory.load(at: entry + 12),
                                                   next: try memory.load(at: entry + 14)))
            }
            availableFlags = try memory.load(at: queue.availableRing)
            availableIndex = try memory.load(at: queue.availableRing + 2)
            available = try (0..<size).map { try memory.load(at: queue.availableRing + 4 + UInt64(2 * $0)) }
            usedFlags = try memory.load(at: queue.usedRing)
            usedIndex = try memory.load(at: queue.usedRing + 2)
            used = try (0..<size).map { slot in
                let entry = queue.usedRing + 4 + UInt64(8 * slot)
                return UsedEntry(id: try memory.load(at: entry), length: try memory.load(at: entry + 4))
            }
        } catch {
            throw ScenarioError("the rings are not in guest RAM: \(error)")
        }
        chains = chainsNamedByAvailableRing()
    }

    /// Follows NEXT from each head the available ring has held, newest `size` entries only.
    private func chainsNamedByAvailableRing() -> [[Int]] {
        let filled = min(Int(availableIndex), size)
        var heads: [Int] = []
        for offset in 0..<filled {
            let slot = (Int(availableIndex) - filled + offset) % size
            let head = Int(available[slot])
            // A freed chain's descriptors are zeroed (xv6 free_desc): nothing left to draw.
            if head < size, !heads.contains(head), descriptors[head].address != 0 { heads.append(head) }
        }
        return heads.map { head in
            var chain = [head]
            var current = head
            while descriptors[current].flags & 1 != 0, chain.count < size {
                current = Int(descriptors[current].next) % size
                chain.append(current)
            }
            return chain
        }
    }
}

extension JourneyStep {
    /// The step a trace event stands for, or nil for events a journey leaves out.
    init?(_ event: TraceEvent) {
        let time = Double(event.time) / 1000
        switch event.kind {
        case let .access(.virtio, offset, _, value, true) where offset == 0x050:
            self.init(lane: "driver", time: time, text: "writes QueueNotify ← \(value)")
        case let .access(.virtio, offset, _, value, true) where offset == 0x064:
            self.init(lane: "driver", time: time, text: "ACKs the interrupt: InterruptACK ← \(value)")
        case let .notify(_, availIndex, nil):
            self.init(lane: "device", time: time, text: "notified: avail.idx is \(availIndex)")
        case let .chain(chain):
            let list = chain.descriptors.map { "\($0.index)" }.joined(separator: "→")
            self.init(lane: "device", time: time, text: "takes chain \(list): \(chain.type == 0 ? "read" : "write") sector \(chain.sector)")
        case let .completion(done):
            self.init(lane: "device", time: time, text: "completes head \(done.head): status \(done.status == 0 ? "OK" : "\(done.status)"), used.idx \(done.usedIndex)")
        case let .interruptRaised(isr):
            self.init(lane: "device", time: time, text: "raises its interrupt (InterruptStatus \(isr))")
        case let .interruptLine(source, high):
            self.init(lane: "interrupt", time: time, text: "PLIC source \(source) wire \(high ? "high" : "low")")
        case let .interruptTaken(hart):
            self.init(lane: "interrupt", time: time, text: "hart \(hart) takes the external interrupt")
        default:
            return nil
        }
    }
}
