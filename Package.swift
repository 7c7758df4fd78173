// swift-tools-version: 6.0
// The workbook: a literate book about xv6's virtio disk driver, the machine it runs on,
// and the tool that tangles, renders, exports and grades it.
//
// Targets follow the layers of the book. Each imports only the layers below it:
//   Board → Machine → KernelSupport → Driver → Kernel → kernel / mkfs
// Beside them stands the book tool (CCmark → Literate → workbook), which knows chapters
// and processes, never the driver's internals.
import Foundation
import PackageDescription

// The exercises' tests (Exercises/<n>-<name>/Public and, in the instructor edition only, Hidden)
// compile into `exercise-runner` with its own code in Exercises/Runner. The student edition has
// no Hidden folders: only the folders that exist are compiled, and HIDDEN_TESTS is defined only
// when all four are there.
let exerciseFolders = ["1-init", "2-alloc3_desc", "3-rw", "4-intr"]
let exercisesPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Exercises").path
func exerciseFolderExists(_ folder: String) -> Bool {
    FileManager.default.fileExists(atPath: exercisesPath + "/" + folder)
}
let exerciseSources = ["Runner"] + exerciseFolders.flatMap { ["\($0)/Public", "\($0)/Hidden"] }.filter(exerciseFolderExists)
/// Everything else in Exercises/ is not the runner's: data (the manifest, the statements) and
/// TestRig, a target of its own.
let exerciseNonSources: [String] = {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: exercisesPath)) ?? []
    return entries.flatMap { entry -> [String] in
        guard exerciseFolders.contains(entry) else { return entry == "Runner" ? [] : [entry] }
        let inside = (try? FileManager.default.contentsOfDirectory(atPath: exercisesPath + "/" + entry)) ?? []
        return inside.filter { $0 != "Public" && $0 != "Hidden" }.map { entry + "/" + $0 }
    }
}()
let hiddenTestsPresent = exerciseFolders.allSatisfy { exerciseFolderExists("\($0)/Hidden") }

let package = Package(
    name: "Workbook",
    products: [
        .executable(name: "workbook", targets: ["workbook"]),
        .executable(name: "kernel", targets: ["KernelCommand"]),
        .executable(name: "mkfs", targets: ["MkfsCommand"]),
        .executable(name: "book-diagrams", targets: ["book-diagrams"]),
        .executable(name: "exercise-runner", targets: ["exercise-runner"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // MARK: The book tool (hand-written; it reads the chapters).
        .systemLibrary(name: "CCmark", pkgConfig: "libcmark", providers: [.apt(["libcmark-dev"])]),
        .target(name: "Literate", dependencies: ["CCmark"]),
        .target(name: "BookRender", dependencies: ["Literate", "CCmark", "DiagramFormat"]),
        .target(name: "DiagramFormat"),
        .executableTarget(name: "workbook", dependencies: [
            "Literate", "BookRender", "ExerciseHarness", "Grader", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // The grader knows submissions, builds and processes (Foundation and the exercises'
        // harness) and the chapters' section titles (Literate), never the driver.
        .target(name: "Grader", dependencies: ["ExerciseHarness", "Literate"]),

        // MARK: The book's code (tangled from Chapters/; never edit by hand).
        .target(name: "Board"),
        .target(name: "Machine", dependencies: ["Board"]),
        .target(name: "KernelSupport", dependencies: ["Board", "Machine"]),
        .target(name: "Driver", dependencies: ["Board", "KernelSupport"]),
        .target(name: "Kernel", dependencies: ["Board", "Machine", "KernelSupport", "Driver", "Mkfs"]),
        .target(name: "Mkfs"),
        .executableTarget(name: "KernelCommand", dependencies: [
            "Kernel", "Mkfs", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "machine-bench", dependencies: ["Machine", "Board"], path: "Sources/MachineBench"),
        // The state the book's diagrams draw: scenarios run with the reference driver.
        .executableTarget(name: "book-diagrams", dependencies: ["Board", "Machine", "KernelSupport", "Driver", "Kernel", "DiagramFormat"],
                          path: "Sources/BookDiagrams"),
        .executableTarget(name: "MkfsCommand", dependencies: [
            "Mkfs", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // MARK: The exercises: the runner (child side) and the harness that runs it (parent side).
        .executableTarget(name: "exercise-runner", dependencies: ["Board", "Machine", "KernelSupport", "Driver", "TestRig"],
                          path: "Exercises", exclude: exerciseNonSources, sources: exerciseSources,
                          swiftSettings: hiddenTestsPresent ? [.define("HIDDEN_TESTS")] : []),
        .target(name: "ExerciseHarness"),
        // The machine-and-driver fixture the runner's tests and DriverTests share.
        .target(name: "TestRig", dependencies: ["Board", "Machine", "KernelSupport", "Driver"], path: "Exercises/TestRig"),

        // MARK: The project's own tests.
        .target(name: "TestSupport", dependencies: ["ExerciseHarness"], path: "Tests/TestSupport"),
        .testTarget(name: "LiterateTests", dependencies: ["Literate", "TestSupport"]),
        .testTarget(name: "BookRenderTests", dependencies: ["BookRender", "DiagramFormat", "Literate", "CCmark", "TestSupport", "book-diagrams"]),
        .testTarget(name: "DriverTests", dependencies: ["Driver", "KernelSupport", "Machine", "TestRig"]),
        .testTarget(name: "MachineTests", dependencies: ["Machine", "Board"]),
        .testTarget(name: "MkfsTests", dependencies: ["Mkfs", "TestSupport"]),
        .testTarget(name: "KernelTests", dependencies: ["Kernel", "Mkfs", "TestSupport"]),
        .testTarget(name: "ImageTests", dependencies: ["workbook", "MkfsCommand", "TestSupport"]),
        .testTarget(name: "ExerciseTests", dependencies: ["ExerciseHarness", "exercise-runner"],
                    swiftSettings: hiddenTestsPresent ? [.define("HIDDEN_TESTS")] : []),
        .testTarget(name: "StudentEditionTests", dependencies: ["workbook", "Literate", "TestSupport"]),
        .testTarget(name: "GraderTests", dependencies: ["Grader", "workbook", "TestSupport"], exclude: ["Fixtures"]),
    ]
)
