import Foundation
import Testing
@testable import Literate

@Suite("The repository's own book")
struct GoldenTests {
    /// The package root: three levels up from this file (Tests/LiterateTests/GoldenTests.swift).
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Whether Exercises/manifest.json says `"edition": "student"`.
    static var isStudentEdition: Bool {
        let url = repository.appendingPathComponent("Exercises/manifest.json")
        guard let data = try? Data(contentsOf: url),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return false }
        return object["edition"] as? String == "student"
    }

    @Test("Tangling the chapters reproduces the committed Sources/ exactly")
    func chaptersReproduceSources() throws {
        let result = try Tangler.tangle(Book.load(root: Self.repository).chapters)
        #expect(!result.files.isEmpty)
        // In the student edition the exercise regions are the student's code, not the chapters'.
        let tree = SourceTree(root: Self.repository)
        let drift = tree.drift(from: try tree.prepare(result.files, keepingExerciseRegions: Self.isStudentEdition))
        #expect(drift.isEmpty, "\(drift.map(\.description).joined(separator: "\n"))")
    }

    @Test("The book tangles without warnings")
    func noWarnings() throws {
        let result = try Tangler.tangle(Book.load(root: Self.repository).chapters)
        #expect(result.warnings.isEmpty, "\(result.warnings.map(\.description))")
    }
}
