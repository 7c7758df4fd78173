// Running a program as a child in its own process group, with a time limit.
//
// The child's output goes to files, not pipes, so a chatty or dying child can never block the
// parent. At the limit the whole group is killed with SIGKILL: threads the child started and
// any grandchildren die with it.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// How a child process ended.
public enum ChildExit: Sendable, Equatable {
    case exited(Int32)
    case signalled(Int32)
    /// Still running at the limit; its process group was killed.
    case timedOut
}

/// A finished child: how it ended, what it printed, how long it took.
public struct ChildRun: Sendable {
    public var exit: ChildExit
    public var stdout: String
    public var stderr: String
    public var seconds: Double
}

/// Runs `executable` with `arguments` in a new process group, and waits at most `limit` seconds.
///
/// - Throws: `ChildProcessError` when the program cannot be started.
public func runChild(_ executable: String, _ arguments: [String], limit: Double) throws -> ChildRun {
    let scratch = FileManager.default.temporaryDirectory
        .appendingPathComponent("exercise-child-\(getpid())-\(UUID().uuidString)")
    let outPath = scratch.path + ".out", errPath = scratch.path + ".err"
    defer { unlink(outPath); unlink(errPath) }

    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
    posix_spawnattr_setpgroup(&attributes, 0)

    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    let started = Date()
    let rc = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
    guard rc == 0 else { throw ChildProcessError(executable: executable, errno: rc) }

    let deadline = started.addingTimeInterval(limit)
    var status: Int32 = 0
    var exit: ChildExit?
    var pause: useconds_t = 1_000
    while exit == nil {
        let done = waitpid(pid, &status, WNOHANG)
        if done == pid {
            exit = decode(status)
        } else if done < 0 && errno != EINTR {
            exit = .exited(-1)
        } else if Date() >= deadline {
            kill(-pid, SIGKILL)
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            exit = .timedOut
        } else {
            usleep(pause)
            pause = min(pause * 2, 10_000)
        }
    }
    kill(-pid, SIGKILL)          // threads are gone with the process; grandchildren are not
    return ChildRun(exit: exit!, stdout: readText(outPath), stderr: readText(errPath),
                    seconds: Date().timeIntervalSince(started))
}

/// A program that could not be started.
public struct ChildProcessError: Error, CustomStringConvertible {
    public var executable: String
    public var errno: Int32
    public var description: String { "cannot start \(executable): \(String(cString: strerror(errno)))" }
}

private func decode(_ status: Int32) -> ChildExit {
    let signal = status & 0x7f
    return signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal)
}

private func readText(_ path: String) -> String {
    guard let data = FileManager.default.contents(atPath: path) else { return "" }
    return String(decoding: data, as: UTF8.self)
}

/// The name of signal `number`, e.g. "SIGILL".
public func signalName(_ number: Int32) -> String {
    switch number {
    case SIGILL: "SIGILL"
    case SIGTRAP: "SIGTRAP"
    case SIGABRT: "SIGABRT"
    case SIGBUS: "SIGBUS"
    case SIGFPE: "SIGFPE"
    case SIGKILL: "SIGKILL"
    case SIGSEGV: "SIGSEGV"
    case SIGTERM: "SIGTERM"
    case SIGALRM: "SIGALRM"
    default: "signal \(number)"
    }
}
