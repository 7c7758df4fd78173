// swift-tools-version: 6.0
// A miniature instructor edition for the grader's tests: two exercises, a runner that keeps
// the runner contract, and hidden tests. It builds in seconds, so the grader's whole pipeline
// (intake, splice, build, contained runs, reports) is tested against it.
import PackageDescription

let package = Package(
    name: "MiniCourse",
    products: [.executable(name: "exercise-runner", targets: ["exercise-runner"])],
    targets: [
        .target(name: "Driver"),
        .executableTarget(name: "exercise-runner", dependencies: ["Driver"], path: "Exercises", exclude: ["manifest.json"]),
    ]
)
