// What an exercise test is: an id, its exercise, the chapter section it checks, and a body that
// drives the emulated machine and throws `Failure` with a sentence in the book's terms.
import Driver
import KernelSupport
import Machine

/// The four exercises, in reading order.
enum Exercise: String, CaseIterable, Sendable {
    case `init` = "init"
    case alloc3 = "alloc3_desc"
    case rw = "rw"
    case intr = "intr"

    var number: Int { Exercise.allCases.firstIndex(of: self)! + 1 }
    var name: String { rawValue }
    var chapter: String {
        switch self {
        case .`init`: "Chapters/13-init.md"
        case .alloc3: "Chapters/15-alloc3.md"
        case .rw: "Chapters/16-rw.md"
        case .intr: "Chapters/17-intr.md"
        }
    }
}

/// One test: `id` is `<exercise>.<public|hidden>.<behaviour-slug>`.
struct ExerciseTest: Sendable {
    let id: String
    let exercise: Exercise
    /// The chapter and heading anchor the behaviour is explained under, e.g. "#the-header".
    let section: String
    let body: @Sendable () throws -> Void

    init(_ id: String, _ exercise: Exercise, section anchor: String, _ body: @escaping @Sendable () throws -> Void) {
        self.id = id
        self.exercise = exercise
        self.section = anchor.hasPrefix("Chapters/") ? anchor : exercise.chapter + anchor
        self.body = body
    }
}

/// A failed expectation: the sentence a student reads, and where the book explains it.
struct Failure: Error {
    var message: String
    /// Overrides the test's own section when the failure is best explained elsewhere.
    var section: String?

    init(_ message: String, section: String? = nil) {
        self.message = message
        self.section = section
    }
}

/// A stub's panic met while a test ran: the exercise it belongs to, and its sentence.
struct StubReached: Error {
    var exercise: String
    var sentence: String
}

/// Throws `Failure(message)` unless `condition` holds.
func check(_ condition: Bool, _ message: @autoclosure () -> String, section: String? = nil) throws {
    if !condition { throw Failure(message(), section: section) }
}

/// "0x1f" for diagnostics.
func hex<T: BinaryInteger>(_ value: T) -> String { "0x" + String(value, radix: 16) }
