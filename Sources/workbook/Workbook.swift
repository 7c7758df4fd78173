// The `workbook` command: one subcommand per job the book tool does.

import ArgumentParser

@main
struct Workbook: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Tangle, build and boot the virtio-disk workbook.",
        discussion: "Run the commands from the folder that holds Chapters/ and Sources/, or pass --root.",
        subcommands: [Tangle.self, Render.self, Benchmark.self, Image.self, Boot.self, Export.self,
                      Status.self, Check.self, Hint.self, Trace.self, Reset.self, Mutants.self, Grade.self]
    )
}

/// The `--root` option every subcommand that reads the book shares.
struct BookLocation: ParsableArguments {
    @Option(help: "The folder holding Chapters/ and Sources/.")
    var root: String = "."
}
