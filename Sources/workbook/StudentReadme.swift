// The student edition's README and setup script.

import Literate

struct StudentReadme {
    let exercises: [Exercise]

    var text: String {
        let rows = exercises.map { e in
            "| \(e.number) | [\(e.name)](\(e.folder)/README.md) | [\(e.chapter)](\(e.chapter)) | `\(e.sourcePath)` |"
        }
        return """
            # The virtio disk workbook — student edition

            A literate book, in Swift, about the virtio disk driver of
            [xv6-riscv](https://github.com/mit-pdos/xv6-riscv), with four exercises: you write the
            driver's four functions, and the book's machine — an emulated virtio disk that behaves
            like QEMU's — tells you what the device saw.

            ## Quick start

            On Debian or Ubuntu with Swift 6.x:

            ```sh
            ./setup        # installs libcmark and QEMU if missing, then builds
            swift test     # everything passes except the exercises you have not solved yet
            ```

            At first `swift test` fails exactly four times, once per exercise, each with one line
            such as `exercise 1 (init) is not implemented yet — read Chapters/… and Exercises/1-init/README.md`.
            Tests that need the whole driver (the hosted kernel, stress, the image on QEMU) say
            which exercises they wait for, and run once those pass.

            ## The exercises

            | # | Exercise | Read | You write in |
            | --- | --- | --- | --- |
            \(rows.joined(separator: "\n"))

            Each exercise is one marked region of one Swift file, between
            `// workbook: begin exercise NAME` and `// workbook: end exercise NAME`. Nothing outside the
            regions needs to change. The region starts as a stub: the function's signature and
            documentation, an outline of the steps as `// TODO:` comments, and the line that fails.

            ## Your loop

            ```sh
            swift run workbook status            # every exercise: public tests passing, state
            swift run workbook check rw          # build and run one exercise's public tests (--watch re-checks on save)
            swift run workbook hint rw           # the next hint (the ones you have seen are remembered)
            swift run workbook trace rw          # what the device saw: register timeline and the rings
            swift run workbook reset rw          # put the stub back (your version is saved first)
            swift run workbook boot              # when all four pass: your driver boots on QEMU and lists a real xv6 file system
            ```

            A compile error in your region names the Swift file and line you edit. The regions are
            the source of truth in this edition: `workbook tangle` keeps them as you wrote them, and
            `workbook tangle --check` ignores them. Every command has `--help`.

            ## Layout

            | Folder | What it holds |
            | --- | --- |
            | `Chapters/` | The book, in reading order. |
            | `Exercises/` | One folder per exercise: the statement and hints (`README.md`) and its public tests. |
            | `Sources/` | The code. `Sources/Driver` holds the four files with your regions. |
            | `Tests/` | The project's own tests. |

            """
    }

    static let setupScript = """
        #!/usr/bin/env bash
        # Installs what is missing (libcmark, QEMU), then builds the workbook.
        set -euo pipefail
        cd "$(dirname "$0")"
        scripts/install-dependencies
        swift build

        """
}
