// Running the package's own executables from tests, as a user would run them.
//
// `builtExecutable(_:)` finds a product SwiftPM built beside the test bundle; `runTool` runs any
// program to completion and returns its status and both output streams. Both pipes are drained
// at once (standard error on its own thread), so a chatty child can never fill one pipe and
// block while the test waits on the other.

import Foundation

/// A finished run: exit status, standard output and standard error.
public struct ToolRun: Sendable {
    public var status: Int32
    public var stdout: Data
    public var stderr: Data

    public var outputText: String { String(decoding: stdout, as: UTF8.self) }
    public var errorText: String { String(decoding: stderr, as: UTF8.self) }
}

/// The folder holding the executables SwiftPM built for this test run.
public let builtProducts: URL = {
    var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    while !FileManager.default.isExecutableFile(atPath: folder.appendingPathComponent("workbook").path),
          folder.pathComponents.count > 1 {
        folder = folder.deletingLastPathComponent()
    }
    return folder
}()

/// The built executable product `name` (e.g. "kernel", "mkfs", "workbook").
public func builtExecutable(_ name: String) -> URL {
    builtProducts.appendingPathComponent(name)
}

/// Runs `executable` with `arguments` and waits for it to finish.
///
/// - Parameters:
///   - directory: the working directory, or the test's own when nil.
///   - environment: replaces the environment when given.
/// - Throws: when the program cannot be started.
public func runTool(_ executable: URL, _ arguments: [String], in directory: URL? = nil,
                    environment: [String: String]? = nil) throws -> ToolRun {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    if let environment { process.environment = environment }
    let output = Pipe(), errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let errorData = PipeDrain(errors.fileHandleForReading)
    let outputData = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ToolRun(status: process.terminationStatus, stdout: outputData, stderr: errorData.finish())
}

/// Reads a pipe to its end on another thread.
final class PipeDrain: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    func finish() -> Data {
        done.wait()
        return data
    }
}
