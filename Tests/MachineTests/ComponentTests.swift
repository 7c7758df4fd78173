import Board
import Foundation
import Testing
@testable import Machine

@Suite("Guest memory")
struct GuestMemoryTests {
    @Test("Loads and stores are little-endian, may be unaligned, and start zeroed")
    func littleEndian() throws {
        let memory = GuestMemory(size: 1 << 16)
        #expect(try memory.load(UInt64.self, at: Board.ramBase + 8) == 0)
        try memory.store(UInt32(0x1122_3344), at: Board.ramBase + 1)
        #expect(try memory.read(5, at: Board.ramBase) == [0, 0x44, 0x33, 0x22, 0x11])
        #expect(try memory.load(UInt16.self, at: Board.ramBase + 2) == 0x2233)
        try memory.store(UInt16(0xBEEF), at: Board.ramBase + 0x100)
        #expect(try memory.loadAcquiring(at: Board.ramBase + 0x100) == 0xBEEF)
        try memory.storeReleasing(0x1234, at: Board.ramBase + 0x101)
        #expect(try memory.load(UInt16.self, at: Board.ramBase + 0x101) == 0x1234)
    }

    @Test("An access outside RAM throws a MemoryFault naming it, even at the edges of the address space")
    func faults() {
        let memory = GuestMemory(size: 1 << 16)
        #expect(throws: MemoryFault(address: Board.ramBase - 1, length: 1)) { try memory.load(UInt8.self, at: Board.ramBase - 1) }
        #expect(throws: MemoryFault(address: memory.end - 3, length: 4)) { try memory.load(UInt32.self, at: memory.end - 3) }
        #expect(throws: MemoryFault.self) { try memory.store(UInt64(1), at: UInt64.max - 2) }
        #expect(throws: MemoryFault.self) { try memory.read(Int(UInt32.max), at: Board.ramBase) }
        #expect(!memory.contains(UInt64.max, length: UInt64.max))
        #expect(memory.contains(memory.end - 4, length: 4))
        #expect(memory.hostPointer(for: memory.end) == nil)
        #expect(memory.hostPointer(for: Board.ramBase) != nil)
    }

    @Test("hostPointer(for:) reaches the same bytes the device sees")
    func hostPointer() throws {
        let memory = GuestMemory(size: 1 << 16)
        let p = memory.hostPointer(for: Board.ramBase + 0x40)!
        p.storeBytes(of: UInt32(0xCAFE_F00D).littleEndian, as: UInt32.self)
        #expect(try memory.load(UInt32.self, at: Board.ramBase + 0x40) == 0xCAFE_F00D)
    }
}

@Suite("The bus")
struct BusTests {
    @Test("RAM is reachable on the bus; an access that hits nothing is a counted, traced fault reading 0")
    func routing() {
        let machine = Machine(configuration: testConfiguration())
        machine.bus.store(0xAB, to: Board.ramBase + 5, width: 1)
        #expect(machine.bus.load(Board.ramBase + 4, width: 4) == 0xAB00)
        #expect(machine.bus.load(0x2000_0000, width: 4) == 0)
        machine.bus.store(1, to: Board.ramBase, width: 3)
        machine.bus.store(1, to: Board.ramBase + (1 << 20) - 2, width: 4)     // straddles the end of RAM
        #expect(machine.bus.faultCount == 3)
        #expect(machine.bus.mappings.map(\.name) == ["ram", "plic", "virtio0"])
        #expect(machine.trace.timeline().contains("reaches no device"))
    }
}

@Suite("The backing store")
struct BackingStoreTests {
    func temporaryImage(_ bytes: [UInt8]) -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("machine-\(UUID().uuidString).img").path
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    @Test("A file image has the file's capacity; reads, writes and FLUSH go to the file")
    func file() throws {
        let path = temporaryImage(Array(patternImage))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try BackingStore.file(at: path)
        #expect(store.sectorCount == 4000)
        let d = TestDriver(testConfiguration(disk: store))
        d.initialize()
        #expect(d.run(type: BlockRequestType.read, sector: 100) == 0)
        #expect(d.bufferBytes(0) == d.expectedImage(sector: 100))
        try d.memory.fill(0x5A, count: 1024, at: d.buffer(0))
        #expect(d.run(type: BlockRequestType.write, sector: 200) == 0)
        #expect(d.run(type: BlockRequestType.flush, sector: 0) == 0)
        #expect(store.counters.flushes == 1)
        let written = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(Array(written[200 * 512 ..< 200 * 512 + 1024]) == [UInt8](repeating: 0x5A, count: 1024))
        #expect(written.count == 2_048_000)
    }

    @Test("A read-only file image fails writes with IOERR and is not changed")
    func readOnlyFile() throws {
        let path = temporaryImage(Array(patternImage))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let d = TestDriver(testConfiguration(disk: try BackingStore.file(at: path, readOnly: true)))
        d.initialize()
        #expect(d.read(.deviceFeatures) & 0x20 != 0)
        #expect(d.run(type: BlockRequestType.write, sector: 0) == BlockStatus.ioError)
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: path))) == patternImage)
    }

    @Test("A missing image is an error naming the file")
    func missing() {
        #expect(throws: BackingStoreError.self) { try BackingStore.file(at: "/nonexistent/fs.img") }
        let error = try? BackingStore.file(at: "/nonexistent/fs.img")
        #expect(error == nil)
    }

    @Test("Capacity rounds down to whole sectors, as QEMU's raw format does")
    func capacity() {
        let d = TestDriver(testConfiguration(disk: .memory(byteCount: 1000)), start: false)
        #expect(d.disk.capacity == 1)
    }
}

@Suite("The trace")
struct TraceTests {
    @Test("The timeline names registers, status bits, features, chains, completions and interrupts")
    func timeline() {
        let d = TestDriver()
        _ = d.read(.magicValue)
        _ = d.read(.deviceFeatures)
        d.initialize()
        d.run(type: BlockRequestType.read, sector: 2)
        let text = d.trace.timeline()
        for expected in ["R MagicValue", "→ 0x74726976", "W Status", "(reset)", "ACKNOWLEDGE|DRIVER",
                         "R DeviceFeatures", "SEG_MAX|GEOMETRY", "features negotiated: SEG_MAX",
                         "W QueueNotify", "notified: avail.idx is 1", "chain head 0:", "IN sector 2, 1024 bytes",
                         "complete head 0: status OK, used.len 1025, used.idx 1", "interrupt: ISR 0x1 USED_BUFFER",
                         "source 1 wire high"] {
            #expect(text.contains(expected), "missing \(expected)")
        }
        #expect(d.trace.chains.first?.descriptors.map(\.length) == [16, 1024, 1])
        #expect(d.trace.completions.first?.usedLength == 1025)
    }

    @Test("A disabled trace records nothing; a full one keeps the newest events")
    func bounded() {
        let off = Trace(enabled: false)
        off.record(.reset)
        #expect(off.events.isEmpty)
        let small = Trace(capacity: 3)
        for i in 0..<5 { small.record(.policy("\(i)")) }
        #expect(small.events.map(\.sequence) == [2, 3, 4])
        #expect(small.droppedCount == 2)
        #expect(small.timeline(last: 1).hasSuffix("4"))
    }

    @Test("A broken device's diagnostic appears in the timeline in QEMU's words and the book's")
    func diagnostics() {
        let d = TestDriver()
        d.initialize(zeroRings: false)
        d.submit(type: BlockRequestType.read, sector: 0)
        _ = d.disk.waitUntilIdle(timeout: 5)
        let text = d.trace.timeline()
        #expect(text.contains("BROKEN: Guest says index 1285 is available"))
        #expect(text.contains("was the ring zeroed?"))
    }
}
