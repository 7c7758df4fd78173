// Gradescope's results.json for one student: a test per hidden behaviour, each worth its share
// of the exercise's weight, so the tests add up to the score. Names are behaviours, never ids.

import Foundation

struct GradescopeResults: Encodable {
    var score: Double
    var execution_time: Double
    var output: String
    var visibility = "visible"
    var stdout_visibility = "hidden"
    var tests: [Test]

    struct Test: Encodable {
        var score: Double
        var max_score: Double
        var status: String
        var name: String
        var number: String
        var output: String
        var tags: [String]
        var visibility = "visible"
    }
}

public func gradescopeResults(_ grade: StudentGrade, links: SectionLinks) throws -> Data {
    var tests: [GradescopeResults.Test] = []
    for exercise in grade.exercises {
        let reason = exercise.problem ?? exercise.buildProblem
            ?? (exercise.compileErrors.isEmpty ? nil : "does not compile:\n" + exercise.compileErrors.joined(separator: "\n"))
        for (index, test) in exercise.tests.enumerated() {
            let share = exercise.totalPoints > 0 ? exercise.weight * test.points / exercise.totalPoints : 0
            var output = test.passed ? "" : (reason.map { "Not run: \($0)" } ?? test.message ?? "")
            if !test.passed, reason == nil, let section = test.section {
                output += "\nRead \(links.title(section)): \(links.link(section))"
            }
            tests.append(.init(score: test.passed ? (share * 100).rounded() / 100 : 0, max_score: (share * 100).rounded() / 100,
                               status: test.passed ? "passed" : "failed",
                               name: "\(exercise.name): \(test.behaviour)", number: "\(exercise.number).\(index + 1)",
                               output: output, tags: [exercise.name]))
        }
    }
    var summary = "Total \(formatScore(grade.total)) / \(formatScore(grade.maximum))."
    if let status = grade.status { summary = "Not graded: \(status). " + summary }
    for note in grade.notes { summary += "\nNote: \(note)" }
    let results = GradescopeResults(score: grade.total, execution_time: (grade.seconds * 10).rounded() / 10,
                                    output: summary, tests: tests)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return try encoder.encode(results)
}
