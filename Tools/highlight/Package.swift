// swift-tools-version: 6.0
// The book's syntax highlighter, kept out of the main package so that students never build
// swift-syntax: only `workbook render` builds and runs it.
import PackageDescription

let package = Package(
    name: "Highlight",
    dependencies: [
        .package(url: "https://github.com/swiftlang/swift-syntax", exact: "602.0.0"),
    ],
    targets: [
        .executableTarget(name: "highlight", dependencies: [
            .product(name: "SwiftParser", package: "swift-syntax"),
            .product(name: "SwiftIDEUtils", package: "swift-syntax"),
        ]),
    ]
)
