// What one exercise test reports: the runner's result file, or the parent's reading of a death.
import Foundation

/// The JSON object `exercise-runner run <id> --result <file>` writes (the runner contract), and
/// what the parent makes of a test that wrote none.
public struct TestResult: Codable, Sendable, Equatable {
    public var id: String
    /// The exercise's name ("init", "alloc3_desc", "rw", "intr").
    public var exercise: String
    public var passed: Bool
    /// One line in the book's terms: what the device saw, what the driver did.
    public var message: String
    /// The chapter section that explains the behaviour, e.g. "Chapters/16-rw.md#the-header".
    public var section: String
    /// Set when the test could not run because another exercise is still a stub: its name.
    public var waitsFor: String?

    public init(id: String, exercise: String, passed: Bool, message: String, section: String,
                waitsFor: String? = nil) {
        self.id = id
        self.exercise = exercise
        self.passed = passed
        self.message = message
        self.section = section
        self.waitsFor = waitsFor
    }

    /// The one line a person reads: "PASS id" or "FAIL id: message (see section)".
    public var line: String {
        if passed { return "PASS \(id)" }
        if let waitsFor { return "WAIT \(id): waits for exercise \(waitsFor) — \(message)" }
        return "FAIL \(id): \(message) (see \(section))"
    }
}

/// The text a stub panics with: `exercise 3 (rw) is not implemented yet — read …`.
public struct NotImplemented: Sendable, Equatable {
    public var number: Int
    public var name: String
    /// The whole sentence, as the stub wrote it.
    public var sentence: String

    /// Finds the stub's sentence in `text` (a panic message or a process's standard error).
    public init?(in text: String) {
        guard let found = text.range(of: #"exercise ([0-9]+) \(([A-Za-z0-9_]+)\) is not implemented yet[^\n]*"#,
                                     options: .regularExpression) else { return nil }
        sentence = String(text[found])
        let parts = sentence.split(separator: " ", maxSplits: 3)
        number = Int(parts[1]) ?? 0
        name = String(parts[2].dropFirst().dropLast())
    }
}
