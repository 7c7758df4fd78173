// The exercises' manifest (Exercises/manifest.json): limits, exercises, their tests and points.
//
// Instructors edit the file; `Manifest.load(from:)` reads it and names the file and the problem
// when it is wrong. The student edition's copy lists public tests only.
import Foundation

/// Exercises/manifest.json, decoded.
public struct Manifest: Codable, Sendable {
    /// Seconds one test may run before its process group is killed (default 2).
    public var perTestSeconds: Double
    /// Seconds a whole submission may take (default 120).
    public var perSubmissionSeconds: Double
    /// The exercises, in reading order.
    public var exercises: [Exercise]

    /// One exercise: the function a student writes, where, and how it is graded.
    public struct Exercise: Codable, Sendable {
        public var number: Int
        /// The one name used everywhere: folder, markers, command line, feedback.
        public var name: String
        /// The Swift method, e.g. `rw(_:write:)`.
        public var swift: String
        /// The xv6 function, e.g. `virtio_disk_rw`.
        public var xv6: String
        /// The Swift file holding the exercise's region.
        public var file: String
        /// The chapter that explains it.
        public var chapter: String
        /// The exercise's share of the course grade.
        public var weight: Double
        public var publicTests: [PublicTest]
        /// Absent in the student edition.
        public var hiddenTests: [HiddenTest]?

        /// Exercises/<number>-<name>.
        public var folder: String { "Exercises/\(number)-\(name)" }
    }

    public struct PublicTest: Codable, Sendable {
        public var id: String
        /// What the test checks, in the book's terms.
        public var behaviour: String
    }

    public struct HiddenTest: Codable, Sendable {
        public var id: String
        public var points: Double
        /// The sentence a student may see.
        public var behaviour: String
    }

    /// The exercise called `name`, if any.
    public func exercise(named name: String) -> Exercise? {
        exercises.first { $0.name == name }
    }

    /// Reads and checks `url`.
    ///
    /// - Throws: `ManifestError` naming the file and what is wrong with it.
    public static func load(from url: URL) throws -> Manifest {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ManifestError(path: url.path, problem: "cannot read it (\(error.localizedDescription))")
        }
        let manifest: Manifest
        do { manifest = try JSONDecoder().decode(Manifest.self, from: data) } catch let error as DecodingError {
            throw ManifestError(path: url.path, problem: describe(error))
        }
        try manifest.validate(path: url.path)
        return manifest
    }

    /// Checks what the decoder cannot: unique names and ids, positive limits and points.
    func validate(path: String) throws {
        func fail(_ problem: String) -> ManifestError { ManifestError(path: path, problem: problem) }
        guard perTestSeconds > 0, perSubmissionSeconds > 0 else { throw fail("time limits must be positive") }
        var ids = Set<String>()
        for exercise in exercises {
            guard exercises.filter({ $0.name == exercise.name }).count == 1 else {
                throw fail("exercise name \(exercise.name) appears twice")
            }
            let all = exercise.publicTests.map(\.id) + (exercise.hiddenTests ?? []).map(\.id)
            for id in all {
                guard ids.insert(id).inserted else { throw fail("test id \(id) appears twice") }
            }
            for test in exercise.hiddenTests ?? [] where test.points < 0 {
                throw fail("hidden test \(test.id) has negative points")
            }
        }
    }

    static func describe(_ error: DecodingError) -> String {
        func at(_ path: [CodingKey]) -> String {
            path.isEmpty ? "the top level" : path.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context): return "\(at(context.codingPath)) lacks \"\(key.stringValue)\""
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "\(at(context.codingPath)): \(context.debugDescription)"
        case .dataCorrupted(let context): return "not valid JSON at \(at(context.codingPath)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}

/// A manifest that cannot be used, with the file it came from.
public struct ManifestError: Error, CustomStringConvertible {
    public var path: String
    public var problem: String
    public var description: String { "\(path): error: \(problem)" }
}
