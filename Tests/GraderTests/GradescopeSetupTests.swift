// The Gradescope bundle's setup.sh, run offline on a stand-in for a fresh Ubuntu: a scratch
// folder holds /autograder/source and a system root (/etc/os-release, /opt, /usr/local/bin);
// PATH holds only stubs for apt-get, curl and gpg, which record their arguments, and the few
// real tools the script uses. curl serves a fake toolchain whose `swift` records its calls and
// "builds" a `workbook` that records its own. What cannot be checked offline: that the real
// packages, toolchain and build work (Gradescope's image build shows that).

import Foundation
import Testing
@testable import Grader
import TestSupport

@Suite struct GradescopeSetupTests {
    /// The packages a fresh Ubuntu 22.04 needs (the README's list): Swift's dependencies, as on
    /// swift.org's Ubuntu 22.04 image, and the grader's tools.
    static let ubuntu2204Packages: Set<String> = [
        "binutils", "git", "gnupg2", "libc6-dev", "libcurl4-openssl-dev", "libedit2", "libgcc-11-dev",
        "libpython3-dev", "libsqlite3-0", "libstdc++-11-dev", "libxml2-dev", "libz3-dev", "pkg-config",
        "tzdata", "zlib1g-dev", "libcmark-dev", "unzip", "zip", "util-linux", "curl", "ca-certificates",
    ]

    @Test func onAFreshUbuntuItInstallsVerifiesBuildsAndWarmsInTheSourceFolder() throws {
        let machine = try FreshUbuntu(version: "22.04")
        defer { machine.remove() }
        let run = try machine.setup()
        #expect(run.status == 0, "\(run.errorText)")
        let calls = machine.calls()

        let install = try #require(calls.first { $0.hasPrefix("apt-get install") })
        #expect(calls.firstIndex(of: "apt-get update") ?? .max < calls.firstIndex(of: install)!)
        let packages = Set(install.split(separator: " ").dropFirst(2).map(String.init).filter { !$0.hasPrefix("-") })
        #expect(packages == Self.ubuntu2204Packages)

        let url = "https://download.swift.org/swift-6.3.1-release/ubuntu2204/swift-6.3.1-RELEASE/swift-6.3.1-RELEASE-ubuntu22.04.tar.gz"
        #expect(calls.contains { $0.hasPrefix("curl") && $0.hasSuffix(" " + url) })
        #expect(calls.contains { $0.hasPrefix("curl") && $0.hasSuffix(" " + url + ".sig") })
        #expect(calls.contains { $0.hasPrefix("curl") && $0.hasSuffix(" https://swift.org/keys/release-key-swift-6.x.asc") })
        #expect(calls.contains { $0.hasPrefix("gpg --batch --verify") })
        let toolchain = machine.system.appendingPathComponent("opt/swift-6.3.1-RELEASE-ubuntu22.04")
        #expect(try machine.destination(of: "usr/local/bin/swift") == toolchain.appendingPathComponent("usr/bin/swift").path)
        // The unprivileged test user must be able to load the runtime the tarball kept private.
        let library = toolchain.appendingPathComponent("usr/lib/swift/linux/libswiftCore.so")
        #expect(try machine.mode(of: library) & 0o004 != 0)
        #expect(try machine.mode(of: library.deletingLastPathComponent()) & 0o001 != 0)

        let source = machine.source.path
        #expect(calls.contains("swift build --product workbook (in \(source))"))
        let warm = try #require(calls.first { $0.hasPrefix("workbook grade") })
        #expect(warm.hasPrefix("workbook grade --root \(source) "))
        #expect(warm.contains(" --out ") && !warm.contains("--no-check-reference"))
        #expect(warm.hasSuffix("(in \(source))"))
        #expect(calls.last == warm, "warming is the last step")
    }

    @Test func runningItAgainKeepsTheToolchainAndRebuilds() throws {
        let machine = try FreshUbuntu(version: "22.04")
        defer { machine.remove() }
        #expect(try machine.setup().status == 0)
        machine.clearCalls()
        let again = try machine.setup()
        #expect(again.status == 0, "\(again.errorText)")
        let calls = machine.calls()
        #expect(!calls.contains { $0.hasPrefix("curl") || $0.hasPrefix("gpg") }, "downloaded the toolchain again: \(calls)")
        #expect(calls.contains("swift build --product workbook (in \(machine.source.path))"))
        #expect(calls.contains { $0.hasPrefix("workbook grade") })
    }

    @Test func ubuntu2404GetsItsOwnCompilerLibrariesAndToolchain() throws {
        let machine = try FreshUbuntu(version: "24.04")
        defer { machine.remove() }
        let run = try machine.setup()
        #expect(run.status == 0, "\(run.errorText)")
        let install = try #require(machine.calls().first { $0.hasPrefix("apt-get install") })
        for package in ["libgcc-13-dev", "libstdc++-13-dev", "libncurses-dev"] { #expect(install.contains(" \(package)")) }
        #expect(!install.contains("-11-dev"))
        #expect(machine.calls().contains { $0.hasPrefix("curl") && $0.hasSuffix("/ubuntu2404/swift-6.3.1-RELEASE/swift-6.3.1-RELEASE-ubuntu24.04.tar.gz") })
    }

    /// Each failing step stops the script with a non-zero status and a line naming the step;
    /// nothing after it runs, and no half-installed toolchain is left.
    @Test(arguments: [
        ("apt-get install", "apt-get install"),
        ("curl", "curl -fsSL"),
        ("gpg --batch --verify", "gpg --batch --verify"),
        ("swift build", "swift build"),
        ("workbook grade", "workbook grade"),
    ])
    func aFailingStepStopsItLoudly(failing: String, named: String) throws {
        let machine = try FreshUbuntu(version: "22.04")
        defer { machine.remove() }
        let run = try machine.setup(failing: failing)
        #expect(run.status != 0)
        #expect(run.errorText.contains("setup.sh: FAILED"), "\(run.errorText)")
        #expect(run.errorText.contains(named), "\(run.errorText)")
        let calls = machine.calls()
        let failed = try #require(calls.lastIndex { $0.hasPrefix(failing) })
        #expect(failed == calls.count - 1, "steps ran after the failure: \(calls[(failed + 1)...])")
        if failing.hasPrefix("curl") || failing.hasPrefix("gpg") {
            #expect(!FileManager.default.fileExists(atPath: machine.system.appendingPathComponent("opt/swift-6.3.1-RELEASE-ubuntu22.04").path))
        }
    }

    @Test func anotherSystemIsRefusedByName() throws {
        let machine = try FreshUbuntu(version: "12", id: "debian", name: "Debian GNU/Linux 12 (bookworm)")
        defer { machine.remove() }
        let run = try machine.setup()
        #expect(run.status != 0)
        #expect(run.errorText.contains("setup.sh: FAILED: Swift's toolchain is installed on Ubuntu 22.04 or 24.04, not on Debian GNU/Linux 12 (bookworm)"))
        #expect(machine.calls().isEmpty)
    }

    @Test(.enabled(if: findTool("shellcheck") != nil, "shellcheck is not installed"))
    func shellcheckFindsNothingInEitherScript() throws {
        let machine = try FreshUbuntu(version: "22.04")
        defer { machine.remove() }
        let runAutograder = machine.source.appendingPathComponent("run_autograder")
        try Data(runAutograderScript.utf8).write(to: runAutograder)
        let checked = try runTool(URL(fileURLWithPath: findTool("shellcheck")!), [machine.script.path, runAutograder.path])
        #expect(checked.status == 0, "\(checked.outputText)")
    }
}

/// A scratch stand-in for a fresh Ubuntu with Gradescope's /autograder.
struct FreshUbuntu {
    let folder: URL
    var autograder: URL { folder.appendingPathComponent("autograder") }
    var source: URL { autograder.appendingPathComponent("source") }
    var system: URL { folder.appendingPathComponent("system") }
    var stubs: URL { folder.appendingPathComponent("stubs") }
    var log: URL { folder.appendingPathComponent("calls.log") }
    var script: URL { source.appendingPathComponent("setup.sh") }

    /// The real tools setup.sh (and the stubs) may use; nothing else is on PATH.
    static let realTools = ["bash", "cat", "chmod", "gzip", "ln", "mkdir", "mktemp", "rm", "tar", "uname"]

    init(version: String, id: String = "ubuntu", name: String? = nil) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("grader-setup-\(getpid())-\(UUID().uuidString)")
        let manager = FileManager.default
        for made in [source, system.appendingPathComponent("etc"), stubs] {
            try manager.createDirectory(at: made, withIntermediateDirectories: true)
        }
        try Data(setupScript.utf8).write(to: script)
        try Data("ID=\(id)\nVERSION_ID=\"\(version)\"\nPRETTY_NAME=\"\(name ?? "Ubuntu \(version) LTS")\"\n".utf8)
            .write(to: system.appendingPathComponent("etc/os-release"))
        for tool in Self.realTools {
            let real = try #require(findTool(tool), "\(tool) is needed to run setup.sh")
            try manager.createSymbolicLink(atPath: stubs.appendingPathComponent(tool).path, withDestinationPath: real)
        }
        try stub("apt-get", "")
        try stub("gpg", "")
        try stub("curl", """
            for argument; do case "$previous" in -o) out="$argument" ;; esac; previous="$argument"; url="$argument"; done
            case "$url" in *.tar.gz) cat "$STUB_TOOLCHAIN" > "$out" ;; *) echo signed > "$out" ;; esac
            """)
        try makeToolchain(version: version)
    }

    /// A stub that records its call (and fails when $STUB_FAIL starts its call), then runs `body`.
    func stub(_ name: String, _ body: String, in folder: URL? = nil, records call: String? = nil) throws {
        let text = """
            #!/bin/bash
            call="\(call ?? "\(name) $*")"
            echo "$call" >> "$STUB_LOG"
            if [ -n "${STUB_FAIL:-}" ] && [[ "$call" == "$STUB_FAIL"* ]]; then echo "\(name): failing as asked" >&2; exit 3; fi
            \(body)

            """
        let url = (folder ?? stubs).appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        chmod(url.path, 0o755)
    }

    /// What swift.org's tarball holds, in small: `usr/bin/swift` (which records calls and, for
    /// `build`, writes a recording `workbook`) and a runtime library readable by root only.
    func makeToolchain(version: String) throws {
        let top = folder.appendingPathComponent("tarball/swift-6.3.1-RELEASE-ubuntu\(version)")
        let bin = top.appendingPathComponent("usr/bin"), lib = top.appendingPathComponent("usr/lib/swift/linux")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: lib, withIntermediateDirectories: true)
        try stub("swift", """
            case "$1" in
                --version) echo "Swift version 6.3.1 (swift-6.3.1-RELEASE)" ;;
                build) mkdir -p .build/debug
                       printf '#!/bin/bash\\necho "workbook $* (in $PWD)" >> "$STUB_LOG"\\n' > .build/debug/workbook
                       printf '[ -n "${STUB_FAIL:-}" ] && [[ "workbook $*" == "$STUB_FAIL"* ]] && exit 3\\nexit 0\\n' >> .build/debug/workbook
                       chmod +x .build/debug/workbook ;;
            esac
            """, in: bin, records: "swift $* (in $PWD)")
        try Data("runtime".utf8).write(to: lib.appendingPathComponent("libswiftCore.so"))
        chmod(lib.appendingPathComponent("libswiftCore.so").path, 0o600)
        chmod(lib.path, 0o700)
        let made = try runTool(URL(fileURLWithPath: findTool("tar")!),
                               ["-czf", folder.appendingPathComponent("toolchain.tar.gz").path, "-C", top.deletingLastPathComponent().path, top.lastPathComponent])
        #expect(made.status == 0, "\(made.errorText)")
    }

    /// Runs setup.sh as Gradescope would, with stubs first on PATH; `failing` makes that call fail.
    func setup(failing: String? = nil) throws -> ToolRun {
        var environment = [
            "PATH": stubs.path + ":" + system.appendingPathComponent("usr/local/bin").path,
            "AUTOGRADER_ROOT": autograder.path, "SYSTEM_ROOT": system.path, "TMPDIR": folder.path,
            "STUB_LOG": log.path, "STUB_TOOLCHAIN": folder.appendingPathComponent("toolchain.tar.gz").path,
        ]
        environment["STUB_FAIL"] = failing
        return try runTool(URL(fileURLWithPath: findTool("bash")!), [script.path], in: folder, environment: environment)
    }

    /// The recorded calls, in order.
    func calls() -> [String] {
        ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    func clearCalls() { try? FileManager.default.removeItem(at: log) }

    func destination(of link: String) throws -> String {
        try FileManager.default.destinationOfSymbolicLink(atPath: system.appendingPathComponent(link).path)
    }

    func mode(of url: URL) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int) ?? 0
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }
}
