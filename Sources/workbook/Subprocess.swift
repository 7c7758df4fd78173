// Running the toolchain, mkfs and QEMU: one helper, so every command starts a program the same way.

import Foundation

/// Runs `tool` in `folder` with standard output and error merged, and waits for it.
///
/// - Returns: the exit status and everything the tool printed.
/// - Throws: when the tool cannot be started.
func runCapturingOutput(_ tool: URL, _ arguments: [String], in folder: URL) throws -> (status: Int32, output: Data) {
    let process = Process()
    process.executableURL = tool
    process.arguments = arguments
    process.currentDirectoryURL = folder
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, output)
}
