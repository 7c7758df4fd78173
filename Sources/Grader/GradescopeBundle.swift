// `workbook grade --gradescope-bundle <zip>`: the instructor edition plus Gradescope's two
// entry points. Gradescope unpacks the bundle into /autograder/source, runs setup.sh once
// when it builds the image, and run_autograder once per submission.

import ExerciseHarness
import Foundation

public func writeGradescopeBundle(course: Course, to zip: URL) throws {
    let manager = FileManager.default
    let staging = manager.temporaryDirectory.appendingPathComponent("workbook-bundle-\(UUID().uuidString)")
    defer { try? manager.removeItem(at: staging) }
    try ScratchCopy.sync(from: course.root, to: staging,
                         entries: ScratchCopy.entries + ["Chapters", "README.md", "setup", "scripts"])
    try writeScript(setupScript, to: staging.appendingPathComponent("setup.sh"))
    try writeScript(runAutograderScript, to: staging.appendingPathComponent("run_autograder"))
    guard let zipTool = findTool("zip") else { throw GradeError("writing the bundle needs `zip` (apt-get install zip)") }
    try? manager.removeItem(at: zip)
    let run = try runChild("/bin/sh", ["-c", "cd \"$1\" && exec \"$2\" -r -X -q \"$3\" .", "sh",
                                       staging.path, zipTool, zip.standardizedFileURL.path], limit: 300)
    guard run.exit == .exited(0) else { throw GradeError("zip failed: \(run.stderr)") }
}

private func writeScript(_ text: String, to url: URL) throws {
    try Data(text.utf8).write(to: url)
    chmod(url.path, 0o755)
}

/// Gradescope's image is Ubuntu with nothing of Swift: install the toolchain's dependencies
/// (those of swift.org's Ubuntu images) and the grader's tools, download and verify the
/// toolchain, then build the grader and warm its scratch package. Safe to run again: a toolchain
/// of the right version is kept, and the builds are incremental. Any failing step stops it with
/// a line that names the step. AUTOGRADER_ROOT and SYSTEM_ROOT stand in for /autograder and /
/// in tests.
let setupScript = #"""
    #!/usr/bin/env bash
    # Gradescope runs this once, as root, when it builds the autograder image (Ubuntu 22.04 or 24.04).
    set -Eeuo pipefail
    trap 'echo "setup.sh: FAILED (status $?) at line $LINENO: $BASH_COMMAND" >&2' ERR
    step() { echo "setup.sh: $*"; }
    SOURCE="${AUTOGRADER_ROOT:-/autograder}/source"
    SYSTEM="${SYSTEM_ROOT:-}"
    SWIFT_VERSION="${SWIFT_VERSION:-6.3.1}"
    export DEBIAN_FRONTEND=noninteractive
    scratch="$(mktemp -d)"
    trap 'rm -rf "$scratch"' EXIT

    # shellcheck source=/dev/null
    . "$SYSTEM/etc/os-release"
    case "${ID:-}-${VERSION_ID:-}" in
        ubuntu-22.04) gcc=11; extra=() ;;
        ubuntu-24.04) gcc=13; extra=(libncurses-dev) ;;
        *) echo "setup.sh: FAILED: Swift's toolchain is installed on Ubuntu 22.04 or 24.04, not on ${PRETTY_NAME:-this system}" >&2
           exit 1 ;;
    esac

    step "installing Swift's dependencies and the grader's tools"
    apt-get update
    apt-get install -y --no-install-recommends binutils git gnupg2 libc6-dev libcurl4-openssl-dev libedit2 \
        "libgcc-$gcc-dev" libpython3-dev libsqlite3-0 "libstdc++-$gcc-dev" libxml2-dev libz3-dev pkg-config \
        tzdata zlib1g-dev "${extra[@]}" libcmark-dev unzip zip util-linux curl ca-certificates

    suffix=""
    if [ "$(uname -m)" = aarch64 ]; then suffix="-aarch64"; fi
    platform="ubuntu${VERSION_ID}"
    name="swift-${SWIFT_VERSION}-RELEASE-${platform}${suffix}"
    prefix="$SYSTEM/opt/$name"
    installed="$(swift --version 2>/dev/null || true)"
    if [[ "$installed" != *"Swift version ${SWIFT_VERSION} ("* ]]; then
        step "downloading $name"
        url="https://download.swift.org/swift-${SWIFT_VERSION}-release/${platform//./}${suffix}/swift-${SWIFT_VERSION}-RELEASE/${name}.tar.gz"
        curl -fsSL --retry 3 -o "$scratch/swift.tar.gz" "$url"
        curl -fsSL --retry 3 -o "$scratch/swift.tar.gz.sig" "$url.sig"
        curl -fsSL --retry 3 --compressed -o "$scratch/keys.asc" "https://swift.org/keys/release-key-swift-${SWIFT_VERSION%%.*}.x.asc"
        export GNUPGHOME="$scratch/gnupg"
        mkdir -m 700 "$GNUPGHOME"
        gpg --batch --quiet --import "$scratch/keys.asc"
        gpg --batch --verify "$scratch/swift.tar.gz.sig" "$scratch/swift.tar.gz"
        rm -rf "$prefix"
        mkdir -p "$prefix" "$SYSTEM/usr/local/bin"
        tar -xzf "$scratch/swift.tar.gz" -C "$prefix" --strip-components=1
        # Student code runs as an unprivileged user, and the runner loads the toolchain's libraries.
        chmod -R o+rX "$prefix"
        ln -sf "$prefix/usr/bin/"* "$SYSTEM/usr/local/bin/"
    fi
    export PATH="$SYSTEM/usr/local/bin:$PATH"
    hash -r

    cd "$SOURCE"
    step "building the grader in $SOURCE"
    swift build --product workbook
    step "warming the grader's scratch build and checking that the reference earns full marks"
    mkdir -p "$scratch/submissions"
    .build/debug/workbook grade --root "$SOURCE" "$scratch/submissions" --out "$scratch/out"
    step "ready"

    """#

/// Grades /autograder/submission as one student and always leaves a results.json, even when
/// the grader itself fails (a crash must never leave Gradescope without results).
let runAutograderScript = """
    #!/usr/bin/env bash
    # Gradescope runs this once per submission. AUTOGRADER_ROOT stands in for /autograder in tests.
    set -uo pipefail
    ROOT="${AUTOGRADER_ROOT:-/autograder}"
    SOURCE="$ROOT/source"
    WORKBOOK="${WORKBOOK:-$SOURCE/.build/debug/workbook}"
    work="$(mktemp -d)"
    mkdir -p "$work/submissions" "$ROOT/results"
    cp -R "$ROOT/submission" "$work/submissions/submission"
    "$WORKBOOK" grade --root "$SOURCE" "$work/submissions" --out "$work/out" --no-check-reference
    status=$?
    if [ -f "$work/out/students/submission/results.json" ]; then
        cp "$work/out/students/submission/results.json" "$ROOT/results/results.json"
    else
        printf '{"score": 0, "output": "The autograder failed (status %s) before grading this submission; nothing was held against you. Please tell the course staff.", "tests": []}\\n' "$status" > "$ROOT/results/results.json"
    fi
    rm -rf "$work"

    """
