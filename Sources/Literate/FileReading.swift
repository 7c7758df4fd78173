// Reading the files the tool depends on: only regular files, and only up to a size that a
// chapter or a generated source could have. A FIFO would block for ever and a link to
// /dev/zero would never end, so anything else is refused with the reason.

import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The largest chapter or generated file the tool reads.
public let maxFileSize = 16 << 20

public struct ReadError: Error, CustomStringConvertible {
    public var reason: String
    public var description: String { reason }
}

/// Reads a regular file (following symbolic links) of at most `maxFileSize` bytes, or, with
/// `prefix`, only its first `prefix` bytes.
///
/// - Throws: `ReadError` with the system's reason, or saying what the path is instead.
public func readRegularFile(_ url: URL, prefix: Int? = nil) throws(ReadError) -> [UInt8] {
    // O_NONBLOCK: opening a FIFO must not wait for a writer.
    let fd = open(url.path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
    guard fd >= 0 else { throw ReadError(reason: String(cString: strerror(errno))) }
    defer { close(fd) }
    var status = stat()
    guard fstat(fd, &status) == 0 else { throw ReadError(reason: String(cString: strerror(errno))) }
    guard status.st_mode & S_IFMT == S_IFREG else { throw ReadError(reason: "not a regular file (\(fileKind(status.st_mode)))") }
    let limit = prefix ?? maxFileSize
    if prefix == nil, status.st_size > limit { throw ReadError(reason: "larger than 16 MiB") }

    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: min(1 << 16, limit + 1))
    while bytes.count <= limit {
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, min($0.count, limit + 1 - bytes.count)) }
        if n < 0 { throw ReadError(reason: String(cString: strerror(errno))) }
        if n == 0 { break }
        bytes += chunk[0..<n]
    }
    if bytes.count > limit {
        if prefix != nil { return Array(bytes.prefix(limit)) }
        throw ReadError(reason: "larger than 16 MiB")  // it grew while being read
    }
    return bytes
}

/// What a file-type mode says the path is, in words.
func fileKind(_ mode: mode_t) -> String {
    switch mode & S_IFMT {
    case S_IFDIR: return "a folder"
    case S_IFIFO: return "a FIFO"
    case S_IFCHR: return "a character device"
    case S_IFBLK: return "a block device"
    case S_IFSOCK: return "a socket"
    case S_IFLNK: return "a symbolic link"
    default: return "a regular file"
    }
}
