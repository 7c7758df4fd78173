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

/// Gradescope's image is Ubuntu with nothing of Swift: install the toolchain's dependencies,
/// the toolchain, unzip and util-linux, then build and warm the grader's scratch package.
let setupScript = """
    #!/usr/bin/env bash
    # Gradescope runs this once, as root, when it builds the autograder image.
    set -euxo pipefail
    SOURCE="${AUTOGRADER_ROOT:-/autograder}/source"
    SWIFT_VERSION="${SWIFT_VERSION:-6.3.1}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y --no-install-recommends binutils git gnupg2 libc6-dev libcurl4-openssl-dev \\
        libedit2 libpython3-dev libsqlite3-0 libxml2-dev libz3-dev pkg-config tzdata zlib1g-dev \\
        libcmark-dev unzip zip util-linux curl ca-certificates
    if ! command -v swift >/dev/null; then
        . /etc/os-release
        platform="ubuntu${VERSION_ID}"; folder="${platform//./}"
        url="https://download.swift.org/swift-${SWIFT_VERSION}-release/${folder}/swift-${SWIFT_VERSION}-RELEASE/swift-${SWIFT_VERSION}-RELEASE-${platform}.tar.gz"
        curl -fsSL "$url" | tar -xz -C /opt
        ln -sf "/opt/swift-${SWIFT_VERSION}-RELEASE-${platform}/usr/bin/"* /usr/local/bin/
    fi
    cd "$SOURCE"
    swift build --product workbook
    # Warm the grader: its scratch package, built once with the reference, which must earn full marks.
    mkdir -p /tmp/workbook-empty
    .build/debug/workbook grade --root "$SOURCE" /tmp/workbook-empty --out /tmp/workbook-warm

    """

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
