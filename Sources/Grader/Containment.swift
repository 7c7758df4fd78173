// What the grader puts around student code: rlimits, a private temporary folder, an
// unprivileged user when it runs as root, and private network and process-id namespaces
// where the kernel allows them.
//
// Each grading job gets a launcher: a small shell script that chains util-linux's tools in
// front of the runner, so the harness starts it like any program:
// `unshare -n -p -f --kill-child -- setpriv --reuid U … -- env -i … prlimit --cpu … -- exercise-runner "$@"`.
// The process-id namespace matters as much as the network one: when the runner (its first
// process) ends, the kernel kills whatever the test left behind, even processes that left the
// process group. Each job has its own user, so a test cannot touch another job's files.

import ExerciseHarness
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The rlimits of one test process.
public struct ResourceLimits: Sendable {
    public var addressSpaceBytes = 4 << 30
    public var fileSizeBytes = 64 << 20
    public var processes = 512
}

public struct Containment: Sendable {
    public var asRoot: Bool
    public var privateNamespaces: Bool
    public var limits = ResourceLimits()
    var prlimit: String
    var setpriv: String?
    var unshare: String?

    public static let userName = "workbook-grader"

    /// Probes what the machine allows.
    public static func probe() throws -> Containment {
        guard let prlimit = findTool("prlimit") else {
            throw GradeError("`prlimit` (util-linux) is missing: install util-linux so that student code runs under rlimits")
        }
        let asRoot = geteuid() == 0
        let setpriv = findTool("setpriv")
        if asRoot && setpriv == nil {
            throw GradeError("running as root needs `setpriv` (util-linux) to drop to an unprivileged user")
        }
        var unshare = findTool("unshare")
        if let tool = unshare, (try? runChild(tool, ["-n", "-p", "-f", "--kill-child", "--", "/bin/true"], limit: 10).exit) != .exited(0) {
            unshare = nil
        }
        return Containment(asRoot: asRoot, privateNamespaces: unshare != nil, prlimit: prlimit,
                           setpriv: asRoot ? setpriv : nil, unshare: unshare)
    }

    /// The account job `slot` runs student code as: `workbook-grader` for the first job,
    /// `workbook-grader-2`, … for the others (created with useradd when missing).
    public func account(slot: Int) throws -> (uid: UInt32, gid: UInt32)? {
        guard asRoot else { return nil }
        return try graderAccount(slot == 1 ? Containment.userName : "\(Containment.userName)-\(slot)")
    }

    /// Writes job `slot`'s launcher into `folder` and returns it. Student code started through
    /// it works in `privateFolder` (its TMPDIR and HOME) and sees nothing else of ours.
    public func writeLauncher(in folder: URL, runner: URL, privateFolder: URL, slot: Int, cpuSeconds: Int) throws -> URL {
        var command: [String] = []
        if let unshare { command += [unshare, "-n", "-p", "-f", "--kill-child", "--"] }
        if let setpriv, let user = try account(slot: slot) {
            command += [setpriv, "--reuid=\(user.uid)", "--regid=\(user.gid)", "--clear-groups", "--no-new-privs", "--"]
        }
        command += ["/usr/bin/env", "-i", "PATH=/usr/bin:/bin", "LANG=C.UTF-8",
                    "HOME=\(privateFolder.path)", "TMPDIR=\(privateFolder.path)"]
        command += [prlimit, "--cpu=\(cpuSeconds)", "--as=\(limits.addressSpaceBytes)",
                    "--fsize=\(limits.fileSizeBytes)", "--core=0"]
        if asRoot { command += ["--nproc=\(limits.processes)"] }
        command += ["--", runner.path]
        let script = """
            #!/bin/sh
            # Written by `workbook grade`: runs the exercise runner contained (see the README).
            cd \(shellQuoted(privateFolder.path)) || exit 125
            exec \(command.map(shellQuoted).joined(separator: " ")) "$@"

            """
        let launcher = folder.appendingPathComponent("contained-runner")
        try writeExecutable(Data(script.utf8), to: launcher, mode: 0o700)
        return launcher
    }

    /// Empties `folder` and gives it to job `slot`'s account, closed to everyone else.
    public func resetPrivateFolder(_ folder: URL, slot: Int) throws {
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        if let user = try account(slot: slot) { chown(folder.path, user.uid, user.gid) }
        chmod(folder.path, 0o700)
    }

    /// One line per measure, for the grader's log and the README.
    public var summary: [String] {
        var lines = ["each test in its own process group, killed with everything it started at the time limit",
                     "rlimits: CPU, address space \(limits.addressSpaceBytes >> 20) MiB, file size \(limits.fileSizeBytes >> 20) MiB, no core files"
                         + (asRoot ? ", \(limits.processes) processes" : ""),
                     "a private temporary folder (TMPDIR, HOME), emptied before each test; a clean environment"]
        lines.append(asRoot
            ? "student code runs as an unprivileged user (\(Containment.userName), one per job); hidden test sources, scratch builds and the output folder are closed to it"
            : "NOT contained: the grader is not root, so student code runs as you and could read your files (run as root, or in a container)")
        lines.append(privateNamespaces
            ? "no network, and a private process-id namespace (unshare)"
            : "NOT contained: the kernel refused namespaces, so student code keeps the network")
        return lines
    }
}

/// The account `name`: created with `useradd` the first time.
private func graderAccount(_ name: String) throws -> (uid: UInt32, gid: UInt32) {
    func lookUp() -> (uid: UInt32, gid: UInt32)? {
        guard let entry = getpwnam(name) else { return nil }
        return (entry.pointee.pw_uid, entry.pointee.pw_gid)
    }
    if let found = lookUp() { return found }
    guard let useradd = findTool("useradd") else {
        throw GradeError("the unprivileged user \(name) is missing and `useradd` is not available to create it")
    }
    let run = try runChild(useradd, ["--system", "--no-create-home", "--user-group", "--shell", "/usr/sbin/nologin", name], limit: 30)
    guard let created = lookUp() else {
        throw GradeError("cannot create the unprivileged user \(name) with useradd: \(run.stderr)")
    }
    return created
}

/// The full path of `tool` on PATH (and the sbin folders root's tools live in).
func findTool(_ tool: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
    let folders = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/usr/bin", "/sbin", "/bin"]
    return folders.map { "\($0)/\(tool)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
}

func shellQuoted(_ text: String) -> String {
    "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
