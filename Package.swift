// swift-tools-version: 6.0
// The workbook: a literate book about xv6's virtio disk driver, the machine it runs on,
// and the tool that tangles, renders, exports and grades it.
//
// Targets follow the layers of the book. Each imports only the layers below it:
//   Board → Machine → KernelSupport → Driver → Kernel → kernel / mkfs
// Beside them stands the book tool (CCmark → Literate → workbook), which knows chapters
// and processes, never the driver's internals.
import PackageDescription

let package = Package(
    name: "Workbook",
    products: [
        .executable(name: "workbook", targets: ["workbook"]),
        .executable(name: "kernel", targets: ["KernelCommand"]),
        .executable(name: "mkfs", targets: ["MkfsCommand"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // MARK: The book tool (hand-written; it reads the chapters).
        .systemLibrary(name: "CCmark", pkgConfig: "libcmark", providers: [.apt(["libcmark-dev"])]),
        .target(name: "Literate", dependencies: ["CCmark"]),
        .executableTarget(name: "workbook", dependencies: [
            "Literate", "Grader", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // The grader knows submissions, builds and processes (Foundation and the exercises'
        // harness), never the driver.
        .target(name: "Grader", dependencies: ["ExerciseHarness"]),

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
        .executableTarget(name: "MkfsCommand", dependencies: [
            "Mkfs", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // MARK: The project's own tests.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "LiterateTests", dependencies: ["Literate", "TestSupport"]),
        .testTarget(name: "DriverTests", dependencies: ["Driver", "KernelSupport", "Machine"]),
        .testTarget(name: "MachineTests", dependencies: ["Machine", "Board"]),
        .testTarget(name: "MkfsTests", dependencies: ["Mkfs", "TestSupport"]),
        .testTarget(name: "KernelTests", dependencies: ["Kernel", "Mkfs", "TestSupport"]),
        .testTarget(name: "ImageTests", dependencies: ["workbook", "MkfsCommand", "TestSupport"]),
        .testTarget(name: "GraderTests", dependencies: ["Grader", "workbook", "TestSupport"], exclude: ["Fixtures"]),
    ]
)
