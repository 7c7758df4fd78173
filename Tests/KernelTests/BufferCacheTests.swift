// The buffer cache on a booted hosted kernel: caching, LRU recycling, one buffer per block,
// and xv6's panics.
import Testing
import TestSupport
import Mkfs
import KernelSupport
@testable import Kernel

/// A scratch disk whose block b starts with the 32-bit value b and is filled with b's low byte.
func scratchImage(blocks: Int = 2000) -> [UInt8] {
    var image = [UInt8](repeating: 0, count: blocks * FS.blockSize)
    for b in 0..<blocks {
        for i in 0..<FS.blockSize { image[b * FS.blockSize + i] = UInt8(truncatingIfNeeded: b) }
        fsStore32(UInt32(b), into: &image, at: b * FS.blockSize)
    }
    return image
}

func bootScratch() throws -> HostedKernel {
    var options = BootOptions()
    options.disk = .bytes(scratchImage())
    options.mount = false
    return try HostedKernel.boot(options)
}

/// The first 32-bit word of a buffer's data.
func stamp(_ kernel: HostedKernel, _ b: Buf) -> UInt32 {
    kernel.platform.memory(at: b.data).loadUnaligned(as: UInt32.self)
}

@Suite("The buffer cache", .serialized, .needsWholeDriver)
struct BufferCacheTests {
    @Test("A second read of the same block does not reach the disk")
    func secondReadIsCached() throws {
        let kernel = try bootScratch()
        defer { kernel.shutdown() }
        let cache = kernel.cache
        let stamps = try kernel.run("reads") { () -> [UInt32] in
            var seen: [UInt32] = []
            for _ in 0..<2 {
                let b = cache.read(block: 5)
                seen.append(stamp(kernel, b))
                cache.release(b)
            }
            return seen
        }
        #expect(stamps == [5, 5])
        let stats = cache.statistics()
        #expect(stats.misses == 1 && stats.hits == 1)
        #expect(cache.checkInvariants() == nil)
    }

    @Test("The 31st distinct block recycles the least recently used buffer")
    func lruRecycling() throws {
        let kernel = try bootScratch()
        defer { kernel.shutdown() }
        let cache = kernel.cache
        try kernel.run("fill") {
            for block in 100..<130 { cache.release(cache.read(block: UInt32(block))) }
            cache.release(cache.read(block: 100))   // 100 becomes most recent; 101 is now the LRU
            cache.release(cache.read(block: 200))   // recycles 101's buffer
        }
        let order = cache.lruOrder().map(\.blockno)
        #expect(order.first == 200 && order[1] == 100)
        #expect(!order.contains(101))
        #expect(order.last == 102)
        #expect(cache.checkInvariants() == nil)
    }

    @Test("A written block reads back after it has been evicted from the cache")
    func writeSurvivesEviction() throws {
        let kernel = try bootScratch()
        defer { kernel.shutdown() }
        let cache = kernel.cache, platform = kernel.platform
        let value = try kernel.run("write, evict, read") { () -> UInt32 in
            let b = cache.read(block: 42)
            platform.memory(at: b.data).storeBytes(of: 0xC0FFEE, as: UInt32.self)
            cache.write(b)
            cache.release(b)
            for block in 500..<540 { cache.release(cache.read(block: UInt32(block))) }
            let again = cache.read(block: 42)
            defer { cache.release(again) }
            return stamp(kernel, again)
        }
        #expect(value == 0xC0FFEE)
        #expect(kernel.machine.configuration.disk.bytes(at: 42 * 1024, count: 4) == [0xEE, 0xFF, 0xC0, 0])
    }

    @Test("Holding all 30 buffers and asking for another panics 'bget: no buffers'")
    func noBuffers() throws {
        let kernel = try bootScratch()
        defer { kernel.shutdown() }
        let cache = kernel.cache
        #expect(throws: KernelStop.panicked("bget: no buffers")) {
            try kernel.run("hold everything") {
                for block in 0...30 { _ = cache.read(block: UInt32(block)) }
            }
        }
    }

    @Test("Writing or releasing a buffer nobody holds panics 'bwrite' / 'brelse'", arguments: ["bwrite", "brelse"])
    func notHeld(which: String) throws {
        let kernel = try bootScratch()
        defer { kernel.shutdown() }
        let cache = kernel.cache
        #expect(throws: KernelStop.panicked(which)) {
            try kernel.run("misuse") {
                let b = cache.read(block: 3)
                cache.release(b)
                if which == "bwrite" { cache.write(b) } else { cache.release(b) }
            }
        }
    }

    @Test("Processes that want the same uncached block share one buffer and one disk read")
    func oneBufferPerBlock() throws {
        let kernel = try bootScratch()
        defer { kernel.shutdown() }
        let cache = kernel.cache
        var threads: [KernelThread] = []
        for _ in 0..<6 {
            threads.append(KernelThread("same block") {
                for _ in 0..<20 { cache.release(cache.read(block: 77)) }
            })
        }
        for thread in threads { #expect(thread.join(timeout: 30)) }
        #expect(cache.statistics().misses == 1)
        #expect(cache.checkInvariants() == nil)
    }
}
