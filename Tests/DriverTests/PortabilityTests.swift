// The portable files (the driver, and the kernel support that both worlds share) must compile
// with Embedded Swift for the bare-metal RISC-V target, against a stand-in bare-metal platform.
import Foundation
import Testing

@Suite("Portability to bare metal")
struct PortabilityTests {
    /// The package root, found from this file's path (Tests/DriverTests/PortabilityTests.swift).
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The stand-in for Sources/BareMetal's Platform and Spinlock: same names and signatures.
    static let stubPlatform = """
    public final class Platform {
        public init() {}
        public func readRegister(_ address: UInt64) -> UInt32 {
            UnsafeMutablePointer<UInt32>(bitPattern: UInt(address))!.pointee
        }
        public func writeRegister(_ address: UInt64, _ value: UInt32) {
            UnsafeMutablePointer<UInt32>(bitPattern: UInt(address))!.pointee = value
        }
        public func memory(at physical: UInt64) -> UnsafeMutableRawPointer {
            UnsafeMutableRawPointer(bitPattern: UInt(physical))!
        }
        public func sleep(_ channel: UInt, _ lock: Spinlock) {}
        public func wakeup(_ channel: UInt) {}
        public func panic(_ message: StaticString) -> Never { while true {} }
        public func fence() {}
        public func kalloc() -> UInt64? { nil }
        public func kfree(_ pa: UInt64) {}
    }
    public final class Spinlock {
        public init(_ name: StaticString, _ platform: Platform) {}
        public func acquire() {}
        public func release() {}
        public func holding() -> Bool { false }
    }

    """

    /// Every Driver file, the Board layout, and every KernelSupport file that says "Portable:".
    static func portableFiles() throws -> [String] {
        let sources = root.appendingPathComponent("Sources")
        let fm = FileManager.default
        func swiftFiles(_ folder: String) throws -> [URL] {
            let dir = sources.appendingPathComponent(folder)
            return try fm.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".swift") }.sorted()
                .map { dir.appendingPathComponent($0) }
        }
        var files = try swiftFiles("Driver").map(\.path)
        files.append(sources.appendingPathComponent("Board/Layout.swift").path)
        for file in try swiftFiles("KernelSupport") {
            let text = try String(contentsOf: file, encoding: .utf8)
            if text.prefix(2000).contains("Portable:") { files.append(file.path) }
        }
        return files
    }

    @Test("The driver and the portable kernel support compile with Embedded Swift for riscv64")
    func embeddedBuild() throws {
        let files = try Self.portableFiles()
        #expect(files.contains { $0.hasSuffix("Driver/VirtioDisk.swift") })
        #expect(files.contains { $0.hasSuffix("KernelSupport/Kalloc.swift") })
        #expect(files.contains { $0.hasSuffix("KernelSupport/Buf.swift") })
        #expect(!files.contains { $0.hasSuffix("KernelSupport/Platform.swift") })

        let temp = FileManager.default.temporaryDirectory
            .appendingPathComponent("driver-portability-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: temp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: temp) }
        let stub = temp.appendingPathComponent("StubPlatform.swift")
        try Self.stubPlatform.write(to: stub, atomically: true, encoding: .utf8)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["swiftc", "-target", "riscv64-none-none-eabi",
                             "-enable-experimental-feature", "Embedded", "-wmo", "-parse-as-library",
                             "-Osize", "-Xcc", "-mcmodel=medany", "-module-name", "PortableKernel",
                             "-c", "-o", temp.appendingPathComponent("kernel.o").path, stub.path] + files
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "Embedded Swift build failed:\n\(text)")
        #expect(!text.contains("warning:"), "Embedded Swift build warned:\n\(text)")
    }
}
