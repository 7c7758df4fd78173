// The mutant catalogue (Exercises/mutants.json): classic mistakes, each a few textual edits to
// one exercise's reference region, and the code that applies them to a copy of the region.
import Foundation

/// Exercises/mutants.json, decoded.
public struct MutantCatalogue: Codable, Sendable {
    public var mutants: [Mutant]

    /// Reads `url`; the error names the file and the problem.
    public static func load(from url: URL) throws -> MutantCatalogue {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ManifestError(path: url.path, problem: "cannot read it (\(error.localizedDescription))")
        }
        do {
            let catalogue = try JSONDecoder().decode(MutantCatalogue.self, from: data)
            var seen = Set<String>()
            for mutant in catalogue.mutants where !seen.insert(mutant.id).inserted {
                throw ManifestError(path: url.path, problem: "mutant id \(mutant.id) appears twice")
            }
            return catalogue
        } catch let error as DecodingError {
            throw ManifestError(path: url.path, problem: Manifest.describe(error))
        }
    }
}

/// One mistake, applied to the reference as a sequence of edits.
public struct Mutant: Codable, Sendable {
    public var id: String
    /// The exercise whose region it changes.
    public var exercise: String
    /// The mistake as the book describes it.
    public var mistake: String
    /// The chapter section that explains why it is wrong.
    public var section: String
    /// Applied in order; each `find` must occur exactly once in the region at that point.
    public var edits: [Edit]

    public struct Edit: Codable, Sendable {
        public var find: String
        public var replace: String
    }

    /// `fileText` with this mutant's edits applied inside the region of `exercise`. The region's
    /// `#sourceLocation` lines are dropped first (compile errors then name the Swift file), so
    /// that edits never straddle them.
    ///
    /// - Throws: `MutantError` when the region is missing or an edit's text is not found exactly once.
    public func apply(to fileText: String) throws -> String {
        let begin = "// workbook: begin exercise \(exercise)\n"
        let end = "// workbook: end exercise \(exercise)"
        guard let start = fileText.range(of: begin), let stop = fileText.range(of: end, range: start.upperBound..<fileText.endIndex) else {
            throw MutantError(mutant: id, problem: "the file has no region \"workbook: begin exercise \(exercise)\"")
        }
        var region = fileText[start.upperBound..<stop.lowerBound]
            .split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("#sourceLocation") }
            .joined(separator: "\n")
        for (number, edit) in edits.enumerated() {
            let count = region.components(separatedBy: edit.find).count - 1
            guard count == 1 else {
                throw MutantError(mutant: id, problem: "edit \(number + 1)'s text occurs \(count) times in the region, not once: "
                                  + "\(edit.find.debugDescription)")
            }
            region = region.replacingOccurrences(of: edit.find, with: edit.replace)
        }
        return String(fileText[..<start.upperBound]) + region + String(fileText[stop.lowerBound...])
    }
}

/// A mutant that cannot be applied to the current reference.
public struct MutantError: Error, CustomStringConvertible {
    public var mutant: String
    public var problem: String
    public var description: String { "Exercises/mutants.json: error: mutant \(mutant): \(problem)" }
}
