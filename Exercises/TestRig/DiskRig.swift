// The fixture the exercises' tests and the driver's tests share: one started machine, its
// hosted platform and one disk driver whose interrupt reaches `intr()` through `devintr`, and
// the helpers that move a buffer's bytes in and out of guest RAM.
//
// How kernel code is run and waited for is each user's own: the exercise runner turns every
// outcome into a sentence in the book's terms, the driver's tests into an expectation. Nothing
// here runs an exercise's code.
import Board
import Driver
import KernelSupport
import Machine

/// What became of kernel code run with a limit.
public enum Outcome: Equatable, CustomStringConvertible, Sendable {
    case finished
    case panicked(String)
    case stillRunning

    public var description: String {
        switch self {
        case .finished: "finished"
        case .panicked(let message): "panic: \(message)"
        case .stillRunning: "still running (asleep or hung)"
        }
    }
}

/// A disk image whose every byte depends on its offset, so that a block read from the wrong
/// sector, or half of one, cannot match by accident.
public let patternImage: [UInt8] = {
    var bytes = [UInt8](repeating: 0, count: 2_048_000)
    bytes.withUnsafeMutableBufferPointer { buffer in
        for offset in 0..<buffer.count {
            buffer[offset] = UInt8(truncatingIfNeeded: offset &* 31 &+ (offset >> 9) &* 131 &+ (offset >> 17))
        }
    }
    return bytes
}()

/// A started machine with `image` as its disk, its platform, and a driver not yet initialised.
open class DiskRig: @unchecked Sendable {
    public let machine: Machine
    public let platform: Platform
    public let disk: VirtioDisk
    public let image: [UInt8]

    /// `configure` adjusts the machine before it is built, `beforeStart` the built machine
    /// before its threads start.
    public init(image: [UInt8], ramSize: UInt64, configure: (inout MachineConfiguration) -> Void,
                beforeStart: (Machine) -> Void = { _ in }) {
        var configuration = MachineConfiguration(ramSize: ramSize, disk: .memory(image))
        configure(&configuration)
        self.image = image
        machine = Machine(configuration: configuration)
        beforeStart(machine)
        machine.start()
        platform = Platform(machine: machine)
        disk = VirtioDisk(platform: platform)
        platform.plicinit()
        platform.plicinithart()
        platform.onExternalInterrupt { [weak disk] in
            if let disk { devintr(disk) }
        }
    }

    /// Starts `body` on a kernel thread without waiting.
    public func start(_ body: @escaping @Sendable () -> Void) -> KernelThread {
        KernelThread("test", body)
    }

    /// A buffer for `block` whose data is a fresh page of guest RAM (which kalloc fills with
    /// junk); nil when guest RAM is exhausted.
    public func freshBuffer(block: UInt32) -> Buf? {
        guard let page = platform.kalloc() else { return nil }
        let b = Buf(data: page, platform: platform)
        b.blockno = block
        b.dev = 1
        return b
    }

    /// The bytes of `b.data`.
    public func bytes(of b: Buf) -> [UInt8] {
        [UInt8](UnsafeRawBufferPointer(start: platform.memory(at: b.data), count: Buf.BSIZE))
    }

    /// Stores `bytes` into `b.data`.
    public func setBytes(_ bytes: [UInt8], of b: Buf) {
        bytes.withUnsafeBytes { platform.memory(at: b.data).copyMemory(from: $0.baseAddress!, byteCount: Buf.BSIZE) }
    }

    /// The disk's current bytes for `block`.
    public func diskBytes(block: UInt32) -> [UInt8] {
        machine.configuration.disk.bytes(at: UInt64(block) * UInt64(Buf.BSIZE), count: Buf.BSIZE)
    }

    /// The original image's bytes for `block`.
    public func imageBytes(block: UInt32) -> [UInt8] {
        Array(image[Int(block) * Buf.BSIZE ..< (Int(block) + 1) * Buf.BSIZE])
    }

    /// Reads a virtio register as the driver would (traced like the driver's own accesses).
    public func register(_ r: VirtioMMIO) -> UInt32 {
        platform.readRegister(Board.virtio0 + r.rawValue)
    }
}

/// A mutable value shared with a kernel thread; the thread's join orders the accesses.
public final class Box<T>: @unchecked Sendable {
    public var value: T
    public init(_ value: T) { self.value = value }
}
