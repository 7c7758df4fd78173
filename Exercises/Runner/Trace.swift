// `exercise-runner trace <exercise>`: a small scenario run against the student's own code,
// then what the device saw: the decoded timeline of register accesses, chains and completions,
// and the three rings as they stand in guest memory at the addresses the driver gave the device.
// `workbook trace` runs it as a child process under a time limit.
import Board
import Driver
import Foundation
import KernelSupport
import Machine

/// Runs the scenario for `exercise` and prints the device's view. Never blocks without a limit.
func traceScenario(_ exercise: String) {
    guard ["init", "alloc3_desc", "rw", "intr"].contains(exercise) else {
        FileHandle.standardError.write(Data("exercise-runner: no exercise called \(exercise)\n".utf8))
        exit(2)
    }
    let rig: Rig
    do {
        rig = try Rig(boot: false)
    } catch {
        print("the machine could not be built: \(error)")
        exit(1)
    }
    let steps: [(String, (Rig) throws -> Void)] = exercise == "init"
        ? [("initialize()", { rig in try rig.finish("initialize()") { [disk = rig.disk] in disk.initialize() } })]
        : [("initialize()", { rig in try rig.finish("initialize()") { [disk = rig.disk] in disk.initialize() } }),
           ("rw(b, write: false) of block 1", { rig in try transfer(rig, block: 1, write: false) }),
           ("rw(b, write: true) of block 2", { rig in try transfer(rig, block: 2, write: true) })]
    print("scenario: " + steps.map(\.0).joined(separator: ", then "))
    for (name, step) in steps {
        do {
            try step(rig)
            print("  \(name): returned")
        } catch let stub as StubReached {
            print("  \(name): stopped at a stub: \(stub.sentence)")
            break
        } catch let failure as Failure {
            print("  \(name): \(failure.message)")
            break
        } catch {
            print("  \(name): \(error)")
            break
        }
    }
    print("\nthe device's timeline:")
    print(rig.machine.trace.timeline())
    if let broken = rig.brokenReason { print("\n\(broken)") }
    print("\nthe rings, as guest memory holds them:")
    print(rings(rig))
}

/// One request through `rw`, as the buffer cache makes it.
private func transfer(_ rig: Rig, block: UInt32, write: Bool) throws {
    let b = try rig.buffer(block: block)
    if write { rig.setBytes([UInt8](repeating: 0x5A, count: Buf.BSIZE), of: b) }
    try rig.finish("rw of block \(block)") { [disk = rig.disk] in disk.rw(b, write: write) }
}

/// The descriptor table, the available ring and the used ring, decoded from guest RAM.
private func rings(_ rig: Rig) -> String {
    let (desc, avail, used) = rig.queueAddresses
    guard desc != 0, avail != 0, used != 0 else {
        return "  (the driver never gave the device all three ring addresses)"
    }
    let n = VirtioDisk.NUM
    func u16(_ bytes: [UInt8], _ at: Int) -> UInt16 { bytes.count >= at + 2 ? UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 : 0 }
    func u32(_ bytes: [UInt8], _ at: Int) -> UInt32 { UInt32(u16(bytes, at)) | UInt32(u16(bytes, at + 2)) << 16 }
    func u64(_ bytes: [UInt8], _ at: Int) -> UInt64 { UInt64(u32(bytes, at)) | UInt64(u32(bytes, at + 4)) << 32 }
    var lines = ["  descriptors at \(hex(desc)):"]
    let table = rig.guestBytes(desc, 16 * n)
    for i in 0..<n {
        let flags = u16(table, 16 * i + 12)
        let names = [(1, "NEXT"), (2, "WRITE"), (4, "INDIRECT")].filter { flags & UInt16($0.0) != 0 }.map(\.1)
        lines.append("    [\(i)] addr \(hex(u64(table, 16 * i))) len \(u32(table, 16 * i + 8)) flags \(names.isEmpty ? "0" : names.joined(separator: "|")) next \(u16(table, 16 * i + 14))")
    }
    let availBytes = rig.guestBytes(avail, 4 + 2 * n)
    lines.append("  available ring at \(hex(avail)): flags \(u16(availBytes, 0)) idx \(u16(availBytes, 2)) ring "
                 + (0..<n).map { "\(u16(availBytes, 4 + 2 * $0))" }.joined(separator: " "))
    let usedBytes = rig.guestBytes(used, 4 + 8 * n)
    lines.append("  used ring at \(hex(used)): flags \(u16(usedBytes, 0)) idx \(u16(usedBytes, 2)) ring "
                 + (0..<n).map { "(id \(u32(usedBytes, 4 + 8 * $0)), len \(u32(usedBytes, 8 + 8 * $0)))" }.joined(separator: " "))
    return lines.joined(separator: "\n")
}
